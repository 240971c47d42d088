"""Commands for tuning to one's sources: ``config show`` and ``explain``."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from dedupe_news.boilerplate import RuleError
from dedupe_news.cli import (
    _NO_OPTIONS,
    CleaningOptions,
    ExitCode,
    StdoutConsole,
    _config_from_options,
    _error_console,
    app,
    with_cleaning_options,
)
from dedupe_news.cli_settings import Provenance, provenance
from dedupe_news.explain import explain_file
from dedupe_news.explain_report import ExplanationReport
from dedupe_news.extract import ExtractionError
from dedupe_news.inputs import InputError
from dedupe_news.output import OutputFormat
from dedupe_news.pipeline import clean_file

config_app = typer.Typer(
    help=(
        "Inspect the settings: the configuration file, flags and defaults.\n\n"
        "Examples:\n\n  dedupe-news config show\n\n"
        "  dedupe-news config show --config news.toml --threshold 0.6 --json"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Width = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("--width", min=40, help="Report width (default: the terminal's)."),
]


def _shown(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _cell(value: Any) -> str:
    """A value as TOML would spell it."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_shown(value))


def _provenance_table(rows: tuple[Provenance, ...]) -> Table:
    table = Table(title="dedupe-news settings", title_justify="left")
    table.add_column("option", style="bold")
    table.add_column("value")
    table.add_column("from")
    for row in rows:
        style = "dim" if row.source == "default" else "green"
        table.add_row(row.option, _cell(row.value), row.source, style=style)
    return table


@config_app.command("show")
@with_cleaning_options
def config_show(
    ctx: typer.Context,
    as_json: AsJson = False,
    fmt: Annotated[
        Optional[OutputFormat],  # noqa: UP045
        typer.Option("--format", "-f", help="Output format of clean.", show_default=False),
    ] = None,
    width: Width = None,
    cleaning: CleaningOptions = _NO_OPTIONS,
) -> None:
    """Print the effective settings and where each came from (default, file:line, command line).

    Takes the cleaning options of clean and diff (those of diff --help), so that their
    command line can be checked before a run.

    Examples:

      dedupe-news config show

      dedupe-news config show --config news.toml --threshold 0.6 --json
    """
    config = _config_from_options({**cleaning, "ctx": ctx})
    rows = tuple(
        Provenance(r.option, False, "implied by favor-recall")
        if r.option == "favor-precision" and config.favor_recall
        else r
        for r in provenance(ctx)
    )
    console = StdoutConsole(highlight=False, soft_wrap=True)
    if as_json:
        record = {
            "settings": {r.option: {"value": _shown(r.value), "from": r.source} for r in rows},
            "sites": [
                {
                    "host": s.host,
                    "boilerplate": [p.source for p in s.boilerplate],
                    "keep": [p.source for p in s.keep],
                }
                for s in config.sites
            ],
        }
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2, default=str))
        return
    console.print(_provenance_table(rows))
    for entry in config.sites:
        patterns = Table(title=escape(f'[sites."{entry.host}"]'), title_justify="left")
        patterns.add_column("rule", no_wrap=True)
        patterns.add_column("pattern")
        for pattern in (*entry.boilerplate, *entry.keep):
            patterns.add_row(pattern.rule, pattern.source)
        console.print(patterns)


@app.command()
@with_cleaning_options
def explain(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="An HTML or text file.", show_default=False)],
    paragraph: Annotated[
        int,
        typer.Option(
            "--paragraph", "-p", min=1, help="The paragraph to explain, numbered as in diff (¶N)."
        ),
    ],
    as_json: AsJson = False,
    width: Width = None,
    cleaning: CleaningOptions = _NO_OPTIONS,
) -> None:
    """Show every rule and similarity considered for one paragraph, and why it was kept or removed.

    Examples:

      dedupe-news explain story.txt --paragraph 17

      dedupe-news explain article.html -p 3 --site example.com --json
    """
    config = _config_from_options({**cleaning, "ctx": ctx})
    errors = _error_console()
    try:
        explanation = explain_file(path, paragraph - 1, config)
    except (InputError, ExtractionError, RuleError) as error:
        errors.print(f"dedupe-news: error: {path}: {error}", markup=False)
        raise typer.Exit(ExitCode.SOME_INPUTS_FAILED) from None
    except IndexError:
        # A number the document does not have: bad input, like a page that cannot be read.
        count = len(clean_file(path, config).verdicts)
        errors.print(
            f"dedupe-news: error: {path}: no paragraph {paragraph}; "
            f"its paragraphs are numbered 1 to {count} (see diff)",
            markup=False,
        )
        raise typer.Exit(ExitCode.SOME_INPUTS_FAILED) from None
    if as_json:
        typer.echo(json.dumps(asdict(explanation), ensure_ascii=False, indent=2, default=str))
        return
    StdoutConsole(width=width, highlight=False).print(ExplanationReport(explanation))
