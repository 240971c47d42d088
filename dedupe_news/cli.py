"""The command line: parse options, call the API, render, set the exit code."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar, cast

import typer
import typer.core
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from dedupe_news import __version__
from dedupe_news.batch import DEFAULT_TIMEOUT, clean_batch
from dedupe_news.boilerplate import RuleError, available_languages
from dedupe_news.cli_batch import (
    BatchInputs,
    BatchOptions,
    ErrorsPath,
    FromFile,
    Interrupted,
    OutputDir,
    OutputError,
    Resume,
    Summary,
    Timeout,
    Workers,
    refuse_stdin_twice,
    report_skipped,
    require_parent,
    run_clean,
)
from dedupe_news.cli_settings import ConfigFile, SiteOption, file_sites
from dedupe_news.config import Config, ConfigError, KeepPolicy
from dedupe_news.corpus import DEFAULT_SITE_MIN_PAGES, Corpus
from dedupe_news.corpus_index import CorpusIndexError, IndexSettings, open_index
from dedupe_news.documents import Failed
from dedupe_news.extract import ExtractionError
from dedupe_news.html_report import render_html
from dedupe_news.inputs import INPUT_SUFFIXES, InputError, expand_inputs
from dedupe_news.output import OutputFormat, write_atomically
from dedupe_news.pipeline import clean_file
from dedupe_news.report import DiffReport, RunSummary
from dedupe_news.result import Result
from dedupe_news.sources import documents

# Show progress only when a run is long enough to wait for.
PROGRESS_MIN_INPUTS = 5


class ExitCode(IntEnum):
    OK = 0
    SOME_INPUTS_FAILED = 1
    USAGE = 2
    # 128 + the signal, as a shell reports a tool the signal stopped.
    INTERRUPTED = 130
    BROKEN_PIPE = 141


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush does not fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)


class _Program(typer.core.TyperGroup):
    """The program: ends every command alike on a closed pipe or Ctrl-C."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click Context
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader (head, less) has what it wanted: stop quietly, like cat.
            _discard_stdout()
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except KeyboardInterrupt:
            # typer would exit 130 without a word; a command with more to say catches it first.
            _error_console().print("dedupe-news: interrupted", markup=False)
            raise typer.Exit(ExitCode.INTERRUPTED) from None


class StdoutConsole(Console):
    """stdout for rich output; a closed pipe ends the command like any other (see _Program)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError  # rich's own handling exits 1


app = typer.Typer(
    cls=_Program,
    name="dedupe-news",
    help=(
        "Remove boilerplate and duplicate paragraphs from news articles, and show what was "
        "removed and why.\n\n"
        "Examples:\n\n"
        "  dedupe-news diff article.html\n\n"
        "  dedupe-news clean pages/ -o clean.jsonl\n\n"
        "  curl -s https://example.com/story | dedupe-news clean - --format markdown"
    ),
    epilog=(
        "\b\nExit codes:\n"
        "  0    success\n"
        "  1    some inputs failed (each named on stderr or in the errors file),\n"
        "       or an output or index could not be written\n"
        "  2    usage or settings error (bad option, settings file, --resume mismatch)\n"
        "  130  interrupted (Ctrl-C)\n"
        "  141  stdout closed by its reader (e.g. | head)"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

Inputs = Annotated[
    list[str],
    typer.Argument(
        help="HTML or text files, directories (searched recursively), globs, or - for stdin.",
        show_default=False,
    ),
]
Threshold = Annotated[
    float,
    typer.Option(
        "--threshold",
        "-t",
        min=0.01,
        max=1.0,
        help="Share of the shorter paragraph's shingles found in the other that makes a duplicate.",
    ),
]
Containment = Annotated[
    float,
    typer.Option(
        "--containment-threshold",
        min=0.01,
        max=1.0,
        help="Share of a much shorter paragraph (pull quote, cut standfirst) inside the other.",
    ),
]
ShingleSize = Annotated[
    int, typer.Option("--shingle-size", min=1, max=8, help="Words per shingle.")
]
MinWords = Annotated[
    int,
    typer.Option("--min-words", min=1, help="Shorter paragraphs are never removed as duplicates."),
]
Keep = Annotated[
    KeepPolicy,
    typer.Option(
        "--keep",
        help="Which copy survives: complete (the fuller copy, else the first), first, longest.",
    ),
]
Language = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option(
        "--language",
        "-l",
        help=f"Boilerplate rules to use ({', '.join(available_languages())}); default: all.",
        show_default=False,
    ),
]
NoBoilerplate = Annotated[
    bool, typer.Option("--no-boilerplate", help="Keep boilerplate lines; only deduplicate.")
]
NoDuplicates = Annotated[
    bool, typer.Option("--no-duplicates", help="Keep duplicates; only remove boilerplate.")
]
IncludeComments = Annotated[
    bool, typer.Option("--include-comments", help="Keep the page's reader comments (HTML).")
]
FavorPrecision = Annotated[
    bool,
    typer.Option(
        "--favor-precision/--no-favor-precision", help="Extract less text but surer (HTML)."
    ),
]
FavorRecall = Annotated[
    bool,
    typer.Option(
        "--favor-recall", help="Extract more text when unsure (HTML); implies --no-favor-precision."
    ),
]
MaxBytes = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Inputs larger than this are refused.")
]
MaxParagraphs = Annotated[
    int, typer.Option("--max-paragraphs", min=1, help="Documents with more are refused.")
]

_DEFAULTS = Config()


# The cleaning options every command that cleans shares, declared once.
CleaningOptions = Mapping[str, Any]
_NO_OPTIONS: CleaningOptions = {}
_CLEANING_PARAMETERS = tuple(
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
    for name, annotation, default in (
        ("threshold", Threshold, _DEFAULTS.threshold),
        ("containment_threshold", Containment, _DEFAULTS.containment_threshold),
        ("shingle_size", ShingleSize, _DEFAULTS.shingle_size),
        ("min_words", MinWords, _DEFAULTS.min_words),
        ("keep", Keep, _DEFAULTS.keep),
        ("language", Language, None),
        ("no_boilerplate", NoBoilerplate, False),
        ("no_duplicates", NoDuplicates, False),
        ("include_comments", IncludeComments, False),
        ("favor_precision", FavorPrecision, _DEFAULTS.favor_precision),
        ("favor_recall", FavorRecall, False),
        ("max_bytes", MaxBytes, _DEFAULTS.max_input_bytes),
        ("max_paragraphs", MaxParagraphs, _DEFAULTS.max_paragraphs),
        ("site", SiteOption, None),
        ("config_file", ConfigFile, None),
    )
)
_Command = TypeVar("_Command", bound=Callable[..., None])


def with_cleaning_options(command: _Command) -> _Command:
    """Add the shared cleaning options to a command; it receives them as ``cleaning``.

    typer reads a command's options from its signature, so the wrapper's
    signature lists the command's own parameters and then the shared ones.
    """
    own = [
        p
        for p in inspect.signature(command, eval_str=True).parameters.values()
        if p.name != "cleaning"
    ]
    names = {p.name for p in _CLEANING_PARAMETERS}

    @functools.wraps(command)
    def wrapper(**values: Any) -> None:
        cleaning = {name: values.pop(name) for name in names}
        command(**values, cleaning=cleaning)

    parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
    wrapper.__signature__ = inspect.Signature([*parameters, *_CLEANING_PARAMETERS])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in (*parameters, *_CLEANING_PARAMETERS)}
    return cast(_Command, wrapper)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dedupe-news {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Remove boilerplate and duplicate paragraphs from news articles."""


def _given_in(ctx: typer.Context | None, name: str) -> str:
    """Where an option's value came from: COMMANDLINE, DEFAULT_MAP (the file), DEFAULT…"""
    source = None if ctx is None else ctx.get_parameter_source(name)
    return "DEFAULT" if source is None else source.name


def _check_favor(ctx: typer.Context | None) -> None:
    """--favor-recall implies no precision, unless both were asked for in the same place."""
    if ctx is not None and _given_in(ctx, "favor_recall") == _given_in(ctx, "favor_precision"):
        raise typer.BadParameter(
            "--favor-recall and --favor-precision exclude each other", param_hint="'--favor-recall'"
        )


def _config_from_options(options: Mapping[str, Any]) -> Config:
    """The Config of the cleaning options that ``clean`` and ``diff`` share."""
    language = options["language"]
    if options["favor_recall"] and options["favor_precision"]:
        _check_favor(options.get("ctx"))
    if language is not None and language not in available_languages():
        choices = ", ".join(available_languages())
        raise typer.BadParameter(f"no rules for language {language!r}; choose from {choices}")
    try:
        return Config(
            threshold=options["threshold"],
            containment_threshold=options["containment_threshold"],
            shingle_size=options["shingle_size"],
            min_words=options["min_words"],
            keep=options["keep"],
            language=language,
            remove_boilerplate=not options["no_boilerplate"],
            remove_duplicates=not options["no_duplicates"],
            include_comments=options["include_comments"],
            favor_precision=options["favor_precision"] and not options["favor_recall"],
            favor_recall=options["favor_recall"],
            max_input_bytes=options["max_bytes"],
            sites=file_sites(options.get("ctx")),
            site=options.get("site"),
            max_paragraphs=options.get("max_paragraphs", _DEFAULTS.max_paragraphs),
        )
    except ConfigError as error:
        raise typer.BadParameter(str(error)) from None


def _error_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _clean_all(
    paths: list[str], config: Config, errors: Console, timeout: float | None = None
) -> tuple[list[Result], int]:
    """Clean every input; report each failure on one line and go on.

    With a ``timeout`` each input is cleaned in a worker process that is
    killed when it runs out of time, as ``clean`` does; without one, here.
    """
    refuse_stdin_twice(paths)
    skipped: list[tuple[str, int]] = []
    inputs, problems = expand_inputs(paths, skipped=skipped)
    report_skipped(skipped, INPUT_SUFFIXES, errors)
    for argument, reason in problems:
        errors.print(f"dedupe-news: error: {argument}: {reason}", markup=False)
    results: list[Result] = []
    failures = len(problems)
    if timeout is not None:
        todo = documents(inputs, config.max_input_bytes)
        # No progress bar: rich's refresh thread must not run while workers fork.
        for outcome in clean_batch(todo, config, workers=1, timeout=timeout):
            if isinstance(outcome, Failed):
                errors.print(f"dedupe-news: error: {outcome.source}: {outcome.error}", markup=False)
                failures += 1
            else:
                results.append(outcome.result)
        return results, failures
    for path in _progress(inputs, errors):
        try:
            results.append(clean_file(path, config))
        except (InputError, ExtractionError, RuleError) as error:
            errors.print(f"dedupe-news: error: {path}: {error}", markup=False)
            failures += 1
    return results, failures


def _corpus_step(
    config: Config, site_min_pages: int, index: str | None, errors: Console
) -> Callable[[list[Result]], list[Result]]:
    """Cross-document deduplication of all results, against and into the index if given."""

    def deduplicate(results: list[Result]) -> list[Result]:
        try:
            settings = IndexSettings(config.num_perm, config.shingle_size)
            store = open_index(index, settings) if index else None
            try:
                corpus = Corpus(config, site_min_pages=site_min_pages, index=store)
                return corpus.deduplicate(results)
            finally:
                if store is not None:
                    store.close()
        except CorpusIndexError as error:
            errors.print(f"dedupe-news: error: {index}: {error}", markup=False)
            raise typer.Exit(ExitCode.SOME_INPUTS_FAILED) from None

    return deduplicate


def _progress(inputs: list[str], errors: Console) -> Iterator[str]:
    if len(inputs) < PROGRESS_MIN_INPUTS or not errors.is_terminal:
        yield from inputs
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _DocsPerSecond(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=errors, transient=True) as progress:
        yield from progress.track(inputs, description="cleaning")


class _DocsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} docs/s", style="progress.data.speed")


def _exit_code(failures: int) -> ExitCode:
    return ExitCode.SOME_INPUTS_FAILED if failures else ExitCode.OK


@app.command()
@with_cleaning_options
def clean(
    ctx: typer.Context,
    paths: BatchInputs = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help=(
                "Write here instead of stdout. JSON Lines are appended record by record "
                "(see --resume); other formats are written atomically at the end."
            ),
        ),
    ] = None,
    fmt: Annotated[
        Optional[OutputFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help=(
                "Output format. Default: from the -o extension (.jsonl/.ndjson, .json, .md, "
                ".txt), else jsonl for a directory, glob, WARC, --from-file or several "
                "inputs, text for one file or -."
            ),
            show_default=False,
        ),
    ] = None,
    output_dir: OutputDir = None,
    errors_path: ErrorsPath = None,
    from_file: FromFile = None,
    workers: Workers = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    resume: Resume = False,
    summary: Summary = None,
    cleaning: CleaningOptions = _NO_OPTIONS,
    corpus: Annotated[
        bool,
        typer.Option(
            "--corpus",
            help="Also remove paragraphs that recur across the inputs: on --site-min-pages "
            "pages of one site (boilerplate), or kept in another document (syndicated copy).",
        ),
    ] = False,
    site_min_pages: Annotated[
        int,
        typer.Option("--site-min-pages", min=2, help="Pages of one site that make boilerplate."),
    ] = DEFAULT_SITE_MIN_PAGES,
    index: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--index",
            help="Corpus index kept between runs (implies --corpus): a SQLite file, or "
            "redis://HOST:PORT/DB shared by several processes.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the clean text of each input, or JSON records with every removal.

    Several inputs are cleaned in parallel worker processes and written as JSON
    Lines in input order; a page that fails or times out goes to the errors
    file and the run goes on.

    Examples:

      dedupe-news clean article.html

      dedupe-news clean pages/ 'archive/*.html.gz' crawl.warc.gz -o clean.jsonl

      dedupe-news clean --from-file list.txt -o clean.jsonl --resume --workers 4

      dedupe-news clean pages/ --output-dir clean/ --format markdown

      dedupe-news clean story.txt --format json --threshold 0.6 --keep first

      dedupe-news clean crawl/ --corpus --index corpus.sqlite -o clean.jsonl
    """
    config = _config_from_options({**cleaning, "ctx": ctx})
    corpus_run = corpus or index is not None
    if not corpus_run and _given_in(ctx, "site_min_pages") == "COMMANDLINE":
        raise typer.BadParameter(
            "only applies with --corpus or --index", param_hint="'--site-min-pages'"
        )
    errors = _error_console()
    options = BatchOptions(
        output=output,
        output_dir=output_dir,
        errors=errors_path,
        fmt=fmt,
        workers=workers,
        timeout=timeout,
        resume=resume,
        summary=summary,
        from_file=from_file,
    )
    across = _corpus_step(config, site_min_pages, index, errors) if corpus_run else None
    try:
        failures = run_clean(
            paths or [], config, options, errors, sys.stdout, across_documents=across
        )
    except OutputError as error:
        errors.print(f"dedupe-news: error: {error}", markup=False)
        raise typer.Exit(ExitCode.SOME_INPUTS_FAILED) from None
    except Interrupted as interrupted:
        errors.print(f"dedupe-news: {interrupted}", markup=False)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    raise typer.Exit(_exit_code(failures))


@app.command()
@with_cleaning_options
def diff(
    ctx: typer.Context,
    paths: Inputs,
    html: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--html", help="Also write a self-contained HTML report with a filter by reason."
        ),
    ] = None,
    width: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--width", min=40, help="Report width (default: the terminal's)."),
    ] = None,
    timeout: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--timeout",
            min=0.001,
            help="Seconds one document may take, as for clean; a slower one is reported "
            "as failed (default: no limit).",
            show_default=False,
        ),
    ] = None,
    cleaning: CleaningOptions = _NO_OPTIONS,
) -> None:
    """Show every paragraph in order; removed ones struck through, with the reason.

    Examples:

      dedupe-news diff article.html

      dedupe-news diff story.txt --html report.html

      dedupe-news diff pages/ | less -R
    """
    config = _config_from_options({**cleaning, "ctx": ctx})
    require_parent(html, "--html")
    errors = _error_console()
    console = StdoutConsole(width=width, highlight=False)
    results, failures = _clean_all(paths, config, errors, timeout)
    for result in results:
        console.print(DiffReport(result))
    if len(results) + failures > 1:
        console.print(RunSummary(results, failed=failures))
    if html is not None and (results or not failures):
        try:
            write_atomically(html, render_html(results, config))
        except OSError as error:
            errors.print(f"dedupe-news: error: cannot write {html}: {error.strerror}", markup=False)
            raise typer.Exit(ExitCode.SOME_INPUTS_FAILED) from None
    raise typer.Exit(_exit_code(failures))


from dedupe_news import cli_index as _cli_index  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    app()


from dedupe_news import cli_calibrate as _cli_calibrate  # noqa: E402,F401
from dedupe_news import cli_tuning as _cli_tuning  # noqa: E402,F401
