"""The batch side of ``dedupe-news clean``: inputs, workers, output, resume, summary.

The command's options are declared in ``cli.py``; this module turns them
into a run of ``batch.clean_batch`` and writes what comes back.
"""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Optional, TextIO

import typer
from rich.console import Console

from dedupe_news.batch import DEFAULT_TIMEOUT, Stage, clean_batch
from dedupe_news.batch_report import BatchProgress, Tally, summary_table
from dedupe_news.config import Config
from dedupe_news.documents import Cleaned, DocumentInput, Failed, Outcome
from dedupe_news.inputs import describe_suffixes, is_pattern
from dedupe_news.output import OutputFormat, emit, render
from dedupe_news.records import batch_record, error_record, json_line
from dedupe_news.result import Result
from dedupe_news.sinks import (
    DIRECTORY_SETTINGS,
    LineWriter,
    OutputDirectory,
    ResumeError,
    changed_settings,
    done_ids,
    drop_partial_line,
    write_settings,
)
from dedupe_news.sources import (
    BATCH_SUFFIXES,
    STDIN,
    Entry,
    count_documents,
    documents,
    expand_arguments,
    read_path_list,
)
from dedupe_news.warc import is_warc

# Show progress only when a run is long enough to wait for.
PROGRESS_MIN_DOCUMENTS = 5

BatchInputs = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer reads the annotation at run time
    typer.Argument(
        help=(
            "HTML or text files, WARC archives (.warc, .warc.gz), directories (searched "
            "recursively), globs, or - for stdin."
        ),
        show_default=False,
    ),
]
Workers = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--workers",
        "-w",
        min=1,
        help="Worker processes (default: one per CPU).",
        show_default=False,
    ),
]
Timeout = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.001,
        help="Seconds one document may take; a slower one is reported as failed and skipped.",
    ),
]
FromFile = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--from-file",
        metavar="LIST",
        help=(
            "Also clean the paths listed in this file, one per line (- for stdin); "
            "blank lines and lines starting with # are skipped."
        ),
        show_default=False,
    ),
]
ErrorsPath = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--errors",
        help=(
            "Write one JSON record per failed document here. Default with -o and JSON Lines: "
            "<output without suffix>.errors.jsonl; otherwise one line each on stderr."
        ),
        show_default=False,
    ),
]
Resume = Annotated[
    bool,
    typer.Option(
        "--resume",
        help=(
            "Continue a killed run: skip documents already in the -o output (JSON Lines) "
            "or whose --output-dir file exists; documents that failed are tried again."
        ),
    ),
]
OutputDir = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--output-dir",
        "-O",
        help="Write one file per document into this directory (format from --format).",
        show_default=False,
    ),
]
Summary = Annotated[
    Optional[bool],  # noqa: UP045
    typer.Option(
        "--summary/--no-summary",
        help="Print a closing table on stderr (default: when stderr is a terminal).",
        show_default=False,
    ),
]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a ``clean`` run reads, parallelises and writes."""

    output: Path | None = None
    output_dir: Path | None = None
    errors: Path | None = None
    fmt: OutputFormat | None = None
    workers: int | None = None
    timeout: float = DEFAULT_TIMEOUT
    resume: bool = False
    summary: bool | None = None
    from_file: str | None = None


class Interrupted(Exception):
    """Ctrl-C during a run; the message says how far it got and how to go on."""


class OutputError(OSError):
    """An output that cannot be written; the run stops."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")


def default_errors_path(output: Path) -> Path:
    """``clean.jsonl`` -> ``clean.errors.jsonl``."""
    return output.with_name(f"{output.stem if output.suffix else output.name}.errors.jsonl")


def settings_path(output: Path | None, output_dir: Path | None) -> Path | None:
    """Where the settings of a resumable output are recorded: ``clean.settings.json``."""
    if output_dir is not None:
        return output_dir / DIRECTORY_SETTINGS
    if output is None:
        return None
    return output.with_name(f"{output.stem if output.suffix else output.name}.settings.json")


def _check_settings(path: Path | None, config: Config, output: Path) -> None:
    """Refuse to continue an output written with other settings: it would mix results."""
    if path is None:
        return
    try:
        changed = changed_settings(path, config)
    except (ResumeError, OSError) as error:
        raise typer.BadParameter(
            f"cannot continue {output}: {error}", param_hint="'--resume'"
        ) from None
    if changed:
        raise typer.BadParameter(
            f"cannot continue {output}: it was written with other settings "
            f"({'; '.join(changed)}). Rerun with the settings of that run, or without "
            "--resume to start again (this overwrites it)",
            param_hint="'--resume'",
        )


def refuse_stdin_twice(paths: list[str]) -> None:
    """stdin holds one document: a second ``-`` would be an empty one."""
    if paths.count(STDIN) > 1:
        raise typer.BadParameter("stdin (-) can be given once", param_hint="'PATHS'")


def _entries(
    paths: list[str], from_file: str | None, skipped: list[tuple[str, int]]
) -> list[Entry]:
    refuse_stdin_twice(paths)
    if STDIN in paths and from_file == STDIN:
        raise typer.BadParameter(
            "stdin cannot be both a document (-) and the list", param_hint="'--from-file'"
        )
    entries = list(expand_arguments(paths, skipped=skipped))
    if from_file is None:
        return entries
    try:
        if from_file == STDIN:
            return entries + list(expand_arguments(read_path_list(sys.stdin), skipped=skipped))
        with open(from_file, encoding="utf-8") as stream:
            return entries + list(expand_arguments(read_path_list(stream), skipped=skipped))
    except OSError as error:
        raise typer.BadParameter(
            f"cannot read {from_file}: {error.strerror}", param_hint="'--from-file'"
        ) from None
    except UnicodeDecodeError:
        raise typer.BadParameter(
            f"{from_file} is not UTF-8 text", param_hint="'--from-file'"
        ) from None


# The format an -o file's extension asks for, when --format is not given.
_SUFFIX_FORMATS = {
    ".jsonl": OutputFormat.JSONL,
    ".ndjson": OutputFormat.JSONL,
    ".json": OutputFormat.JSON,
    ".md": OutputFormat.MARKDOWN,
    ".txt": OutputFormat.TEXT,
}


def _is_several(paths: list[str], from_file: str | None) -> bool:
    """Whether the inputs are a collection, by their kind, not by how many files match:
    a script's output format must not change with the contents of a folder."""
    if len(paths) > 1 or from_file is not None:
        return True
    return any(Path(p).is_dir() or is_pattern(p) or is_warc(p) for p in paths)


def _format(options: BatchOptions, several: bool) -> OutputFormat:
    if options.fmt is not None:
        return options.fmt
    if options.output_dir is not None:
        return OutputFormat.TEXT
    if options.output is not None and (found := _SUFFIX_FORMATS.get(options.output.suffix.lower())):
        return found
    return OutputFormat.JSONL if several or options.resume else OutputFormat.TEXT


def _skip(
    todo: Iterable[DocumentInput | Failed],
    done: Counter[str],
    directory: OutputDirectory | None,
    tally: Tally,
) -> Iterator[DocumentInput | Failed]:
    """Leave out what an earlier run finished: its records, or its output files."""
    for item in todo:
        if done[item.id] > 0:
            done[item.id] -= 1
        elif (
            directory is not None
            and isinstance(item, DocumentInput)
            and directory.path_for(item.url or item.source, item.id).exists()
        ):
            pass
        else:
            yield item
            continue
        tally.skipped += 1


def _resume_state(output: Path | None) -> Counter[str]:
    """Ids the killed run wrote; a torn last line is dropped first.

    Only the output counts: a document that failed is not done, and is tried again.
    """
    if output is None:
        return Counter()
    try:
        drop_partial_line(output)
        return done_ids(output)
    except ResumeError as error:
        raise typer.BadParameter(
            f"cannot continue {output}: {error}", param_hint="'--resume'"
        ) from None
    except OSError as error:
        raise typer.BadParameter(
            f"cannot continue {output}: {error.strerror}", param_hint="'--resume'"
        ) from None


class _Run:
    """Writes each outcome where it belongs, as it arrives."""

    def __init__(
        self,
        options: BatchOptions,
        config: Config,
        fmt: OutputFormat,
        console: Console,
        stdout: TextIO,
    ) -> None:
        self.options = options
        self.config = config
        self.fmt = fmt
        self.console = console
        self.stdout = stdout
        # A JSON Lines run gets an errors file beside its output by default;
        # one text or JSON document reports a failure on stderr.
        streams_records = fmt is OutputFormat.JSONL and options.output_dir is None
        self.errors_path = options.errors or (
            default_errors_path(options.output) if options.output and streams_records else None
        )
        self.directory = (
            OutputDirectory(options.output_dir, fmt) if options.output_dir is not None else None
        )
        streamed = self.directory is None and fmt is OutputFormat.JSONL
        self.lines = (
            LineWriter(options.output, None if options.output else stdout, append=options.resume)
            if streamed
            else None
        )
        # Every failure is tried again by --resume, so the errors file is
        # rewritten by each run, emptied once its first outcome is ready.
        self.error_lines = (
            LineWriter(self.errors_path, None, append=True) if self.errors_path else None
        )
        self.started = False
        self.settings_path = (
            settings_path(options.output, options.output_dir) if _resumable(options, fmt) else None
        )
        self.collected: list[tuple[Result, dict[str, Any]]] = []
        self.progress: BatchProgress | None = None

    def take(self, outcome: Outcome) -> None:
        if not self.started:
            self.started = True
            self._empty_errors_file()
        if isinstance(outcome, Failed):
            self._failed(outcome)
            return
        record = batch_record(outcome.result, outcome.id)
        if self.settings_path is not None:
            # Written with the output's first record, so it describes that output.
            try:
                write_settings(self.settings_path, self.config)
            except OSError as error:
                raise OutputError(self.settings_path, error.strerror or str(error)) from None
            self.settings_path = None
        if self.directory is not None:
            path = self.directory.path_for(outcome.url or outcome.source, outcome.id)
            try:
                self.directory.write(path, outcome.result, record)
            except OSError as error:
                raise OutputError(path, error.strerror or str(error)) from None
        elif self.lines is not None:
            try:
                self.lines.write(json_line(record))
            except BrokenPipeError:
                raise  # the reader went away: the command ends quietly
            except OSError as error:
                where = self.options.output or "stdout"
                raise OutputError(where, error.strerror or str(error)) from None
        else:
            self.collected.append((outcome.result, record))

    def _empty_errors_file(self) -> None:
        path = self.errors_path
        # Only a regular file: --errors may name a device such as /dev/stderr.
        if path is None or not path.is_file():
            return
        try:
            path.open("w", encoding="utf-8").close()
        except OSError as error:
            raise OutputError(path, error.strerror or str(error)) from None

    def _failed(self, outcome: Failed) -> None:
        if self.error_lines is not None:
            try:
                self.error_lines.write(
                    json_line(error_record(outcome.id, outcome.source, outcome.error))
                )
            except OSError as error:
                assert self.errors_path is not None
                raise OutputError(self.errors_path, error.strerror or str(error)) from None
            return
        line = f"dedupe-news: error: {outcome.source}: {outcome.error}"
        if self.progress is not None:
            self.progress.print(line)
        else:
            self.console.print(line, markup=False, highlight=False)

    def finish(self) -> None:
        """Write what had to wait for every document (text, markdown, JSON)."""
        if not self.collected:
            return  # nothing cleaned: an earlier output file stays as it was
        results = [result for result, _ in self.collected]
        content = render(results, [record for _, record in self.collected], self.fmt)
        try:
            emit(content, self.options.output, self.stdout)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(self.options.output or "stdout", error.strerror or "") from None

    def close(self) -> None:
        for writer in (self.lines, self.error_lines):
            if writer is not None:
                writer.close()


def require_parent(path: Path | None, option: str) -> None:
    """Refuse a file in a directory that does not exist: a typo must not create directories."""
    if path is None:
        return
    parent = path.parent
    if parent.is_dir():
        return
    reason = (
        f"{parent} is not a directory" if parent.exists() else f"directory {parent} does not exist"
    )
    raise typer.BadParameter(reason, param_hint=f"'{option}'")


def report_skipped(
    skipped: list[tuple[str, int]], suffixes: frozenset[str], console: Console
) -> None:
    """One line for the files a directory scan left out: a silent skip looks like data loss.

    Many directories (``cases/*``, each with its own notes file) make one
    line too, naming the first.
    """
    if not skipped:
        return
    count = sum(n for _, n in skipped)
    plural = "s" if count != 1 else ""
    where = (
        f"{skipped[0][0]}: "
        if len(skipped) == 1
        else f"{len(skipped)} directories (first {skipped[0][0]}): "
    )
    console.print(
        f"dedupe-news: warning: {where}skipped {count} file{plural} of other kinds; "
        f"read are {describe_suffixes(suffixes)}",
        markup=False,
        highlight=False,
    )


def _resumable(options: BatchOptions, fmt: OutputFormat) -> bool:
    """Whether --resume can continue this run's output."""
    to_file = options.output is not None and fmt is OutputFormat.JSONL
    return options.output_dir is not None or to_file


def _check(paths: list[str], options: BatchOptions, fmt: OutputFormat) -> None:
    if not paths and options.from_file is None:
        raise typer.BadParameter(
            "give files, directories, globs, - or --from-file LIST", param_hint="'PATHS'"
        )
    if options.output is not None and options.output_dir is not None:
        raise typer.BadParameter(
            "-o and --output-dir exclude each other", param_hint="'--output-dir'"
        )
    require_parent(options.output, "--output")
    require_parent(options.errors, "--errors")
    if options.resume and not _resumable(options, fmt):
        raise typer.BadParameter(
            "needs -o with JSON Lines output, or --output-dir", param_hint="'--resume'"
        )


def _show_progress(console: Console, options: BatchOptions, stdout: TextIO) -> bool:
    if not console.is_terminal:
        return False
    to_terminal = options.output is None and options.output_dir is None
    return not (to_terminal and stdout.isatty())


def run_clean(
    paths: list[str],
    config: Config,
    options: BatchOptions,
    console: Console,
    stdout: TextIO,
    *,
    stage: Stage | None = None,
    across_documents: Callable[[list[Result]], list[Result]] | None = None,
) -> int:
    """Clean every input as ``dedupe-news clean`` does; return how many failed.

    ``stage`` (a caller's cross-document step) runs on each cleaned result in
    input order before it is written. ``across_documents`` (corpus mode) sees
    all cleaned results at once, so that its decisions cannot depend on input
    order or timing; records are then written in input order. Usage errors
    raise ``typer.BadParameter``; an output that cannot be written raises
    ``OutputError``.
    """
    skipped: list[tuple[str, int]] = []
    entries = _entries(paths, options.from_file, skipped)
    report_skipped(skipped, BATCH_SUFFIXES, console)
    several = _is_several(paths, options.from_file)
    fmt = _format(options, several)
    _check(paths, options, fmt)
    if across_documents is not None and options.resume:
        raise typer.BadParameter(
            "cannot resume a corpus run: its decisions need every document",
            param_hint="'--resume'",
        )
    run = _Run(options, config, fmt, console, stdout)
    if options.resume:
        _check_settings(run.settings_path, config, options.output_dir or options.output or Path())
    tally = Tally()
    done = _resume_state(options.output) if options.resume else Counter()
    todo = documents(entries, config.max_input_bytes)
    if options.resume:
        todo = _skip(todo, done.copy(), run.directory, tally)
    total = None
    if _show_progress(console, options, stdout):
        total = max(0, count_documents(entries) - sum(done.values()))
    try:
        with contextlib.ExitStack() as stack:
            stack.callback(run.close)
            if total is not None and total >= PROGRESS_MIN_DOCUMENTS:
                run.progress = stack.enter_context(BatchProgress(console, total))
            outcomes = stack.enter_context(
                contextlib.closing(
                    clean_batch(
                        todo, config, workers=options.workers, timeout=options.timeout, stage=stage
                    )
                )
            )
            stream: Iterable[Outcome] = outcomes
            if across_documents is not None:
                stream = _after_all(outcomes, across_documents, run.progress)
            for outcome in stream:
                tally.add(outcome)
                run.take(outcome)
                if run.progress is not None and across_documents is None:
                    run.progress.advance()
        run.finish()
    except KeyboardInterrupt:
        raise Interrupted(_how_far(tally, entries, options, fmt, across_documents)) from None
    show = options.summary if options.summary is not None else console.is_terminal and several
    errors_to = str(run.errors_path) if run.errors_path else None
    if show:
        console.print(summary_table(tally, errors_to))
    elif tally.failed and errors_to:
        plural = "s" if tally.failed != 1 else ""
        console.print(
            f"dedupe-news: error: {errors_to}: {tally.failed} document{plural} failed",
            markup=False,
            highlight=False,
        )
    return tally.failed


def _how_far(
    tally: Tally,
    entries: list[Entry],
    options: BatchOptions,
    fmt: OutputFormat,
    across_documents: Callable[[list[Result]], list[Result]] | None,
) -> str:
    """``interrupted after 59 of 412 documents; rerun with --resume to continue``."""
    done = tally.cleaned + tally.failed + tally.skipped
    # Counting a WARC's pages means reading it: not worth delaying the exit for.
    warc = any(isinstance(e, str) and is_warc(e) for e in entries)
    of = "" if warc else f" of {count_documents(entries):,}"
    message = f"interrupted after {done:,}{of} documents"
    if _resumable(options, fmt) and across_documents is None:
        message += "; rerun with --resume to continue"
    return message


def _after_all(
    outcomes: Iterable[Outcome],
    step: Callable[[list[Result]], list[Result]],
    progress: BatchProgress | None,
) -> Iterator[Outcome]:
    """Every outcome in input order, once ``step`` has seen all cleaned results."""
    collected: list[Outcome] = []
    for outcome in outcomes:
        collected.append(outcome)
        if progress is not None:
            progress.advance()
    changed = iter(step([o.result for o in collected if isinstance(o, Cleaned)]))
    for outcome in collected:
        yield replace(outcome, result=next(changed)) if isinstance(outcome, Cleaned) else outcome
