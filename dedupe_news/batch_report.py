"""What a batch run shows on stderr: a progress bar while it runs, a summary at the end."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from dedupe_news.documents import Cleaned, Outcome

# Redraw at most this often: a fast batch must not spend its time drawing.
_REFRESH_SECONDS = 0.1


@dataclass
class Tally:
    """Running totals of a batch, built up one outcome at a time."""

    cleaned: int = 0
    failed: int = 0
    skipped: int = 0
    paragraphs: int = 0
    kept: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def add(self, outcome: Outcome) -> None:
        if not isinstance(outcome, Cleaned):
            self.failed += 1
            return
        self.cleaned += 1
        counts = outcome.result.counts()
        self.paragraphs += len(outcome.result.verdicts)
        self.kept += counts.pop("kept", 0)
        self.removed.update(counts)

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def summary_table(tally: Tally, errors_to: str | None) -> Table:
    """Documents, paragraphs kept and removed by reason, failures."""
    seconds = tally.elapsed()
    done = tally.cleaned + tally.failed
    rate = f", {done / seconds:.1f} docs/s" if seconds > 0 and done else ""
    table = Table(
        title=f"dedupe-news clean: {done:,} documents in {seconds:.1f} s{rate}",
        title_justify="left",
        box=box.SIMPLE,
        show_header=False,
    )
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column(style="dim")

    def share(part: int) -> str:
        return f"{part / tally.paragraphs:.1%}" if tally.paragraphs else ""

    table.add_row("documents cleaned", f"{tally.cleaned:,}", "")
    failed_note = f"see {errors_to}" if tally.failed and errors_to else ""
    failed = Text(f"{tally.failed:,}", style="red" if tally.failed else "")
    table.add_row("documents failed", failed, failed_note)
    if tally.skipped:
        table.add_row("skipped (already done)", f"{tally.skipped:,}", "--resume")
    table.add_row("paragraphs", f"{tally.paragraphs:,}", "")
    table.add_row("kept", Text(f"{tally.kept:,}", style="green"), share(tally.kept))
    for reason, count in sorted(tally.removed.items()):
        table.add_row(f"removed: {reason}", f"{count:,}", share(count))
    return table


class _DocsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} docs/s", style="progress.data.speed")


class _Left(ProgressColumn):
    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        left = max(0, int(task.total - task.completed))
        return Text(f"{left:,} left", style="progress.remaining")


class BatchProgress:
    """A progress bar on a terminal, drawn by the caller's thread only.

    rich's own refresh thread stays off: the batch forks worker processes,
    which must not happen while another thread may hold a lock.
    """

    def __init__(self, console: Console, total: int | None) -> None:
        self.console = console
        self._progress = Progress(
            TextColumn("cleaning"),
            BarColumn(),
            MofNCompleteColumn(),
            _DocsPerSecond(),
            _Left(),
            TimeRemainingColumn(),
            console=console,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task: TaskID = self._progress.add_task("cleaning", total=total)
        self._drawn = 0.0

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        self._progress.refresh()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def advance(self) -> None:
        self._progress.advance(self._task)
        now = time.monotonic()
        if now - self._drawn >= _REFRESH_SECONDS:
            self._drawn = now
            self._progress.refresh()

    def print(self, line: str) -> None:
        """A line above the bar."""
        self._progress.console.print(line, markup=False, highlight=False)
