"""`dedupe-news index stats|clear`: look at or empty a corpus index."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Annotated

import typer

from dedupe_news.cli import ExitCode, _error_console, app
from dedupe_news.corpus_index import CorpusIndex, CorpusIndexError, open_index

index_app = typer.Typer(
    name="index",
    help=(
        "Inspect or empty the corpus index of `clean --index`.\n\n"
        "Examples:\n\n"
        "  dedupe-news index stats corpus.sqlite\n\n"
        "  dedupe-news index clear redis://127.0.0.1:6379/0 --yes"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(index_app)

Location = Annotated[
    str, typer.Argument(help="A SQLite index file or redis://HOST:PORT/DB.", show_default=False)
]


@contextlib.contextmanager
def _opened(location: str) -> Iterator[CorpusIndex]:
    """The index, closed afterwards; any index error is one line and exit code 1."""
    try:
        index = open_index(location)
        try:
            yield index
        finally:
            index.close()
    except CorpusIndexError as error:
        _error_console().print(f"dedupe-news: error: {location}: {error}", markup=False)
        raise typer.Exit(ExitCode.SOME_INPUTS_FAILED) from None


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1000:
            return f"{value:.0f} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


@index_app.command()
def stats(location: Location) -> None:
    """Documents, paragraphs, hosts and size of an index.

    Examples:

      dedupe-news index stats corpus.sqlite

      dedupe-news index stats redis://127.0.0.1:6379/0
    """
    with _opened(location) as index:
        found = index.stats()
    typer.echo(f"index       {found.location}")
    typer.echo(f"documents   {found.documents:,}")
    typer.echo(f"paragraphs  {found.paragraphs:,}")
    typer.echo(f"hosts       {found.hosts:,}")
    typer.echo(f"size        {_size(found.size_bytes)} ({found.size_meaning})")


@index_app.command()
def clear(
    location: Location,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Clear without asking (needed without a terminal).")
    ] = False,
) -> None:
    """Remove every document and paragraph from an index (its settings stay); asks first.

    Examples:

      dedupe-news index clear corpus.sqlite

      dedupe-news index clear redis://127.0.0.1:6379/0 --yes
    """
    errors = _error_console()
    if not yes and not sys.stdin.isatty():
        errors.print(
            f"dedupe-news: error: {location}: not cleared: no terminal to ask on; "
            "add --yes to clear without asking",
            markup=False,
        )
        raise typer.Exit(ExitCode.USAGE)
    with _opened(location) as index:
        if not yes:
            found = index.stats()
            question = (
                f"Remove all {found.documents:,} documents and {found.paragraphs:,} "
                f"paragraphs from {location}?"
            )
            if not typer.confirm(question, default=False, err=True):
                errors.print("dedupe-news: nothing removed", markup=False)
                return
        index.clear()
    typer.echo(f"cleared {location}")
