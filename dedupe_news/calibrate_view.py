"""The terminal view of a calibration: histogram, what-if table, example pairs."""

from __future__ import annotations

import math

from rich.bar import Bar
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from dedupe_news.calibrate import Calibration, PairScore, WhatIf, bin_of
from dedupe_news.report import paragraph_number

MIN_BAR_WIDTH = 10
SETTING_NAMES = {"threshold": "threshold", "containment_threshold": "containment"}


def _bar_size(count: int) -> float:
    # Log scale: the bin near 0 holds most pairs, the tail is what matters.
    return math.log1p(count)


def histogram(calibration: Calibration, width: int) -> Table:
    """One row per bin: range, count, a bar on a log scale, the thresholds' markers."""
    bins = calibration.histogram
    markers: dict[int, list[str]] = {}
    markers.setdefault(bin_of(calibration.threshold, len(bins)), []).append(
        f"◀ threshold {calibration.threshold:.2f}"
    )
    markers.setdefault(bin_of(calibration.containment_threshold, len(bins)), []).append(
        f"◀ containment {calibration.containment_threshold:.2f}"
    )
    count_width = max(len("pairs"), *(len(str(b.pairs)) for b in bins))
    marker_width = max(len(", ".join(m)) for m in markers.values())
    # Four columns, one space either side of each inner edge.
    fixed = len("0.00–0.05") + count_width + marker_width + 6
    bar_width = max(MIN_BAR_WIDTH, width - fixed)
    largest = max(_bar_size(b.pairs) for b in bins) or 1.0
    first_duplicate_bin = bin_of(calibration.threshold, len(bins))
    table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
    table.add_column("overlap", no_wrap=True)
    table.add_column("pairs", justify="right", no_wrap=True)
    table.add_column("bars: log scale", width=bar_width, no_wrap=True)
    table.add_column("", no_wrap=True)
    for position, item in enumerate(bins):
        colour = "red" if position >= first_duplicate_bin else "green"
        table.add_row(
            f"{item.low:.2f}–{item.high:.2f}",
            str(item.pairs),
            Bar(largest, 0, _bar_size(item.pairs), width=bar_width, color=colour),
            Text(", ".join(markers.get(position, [])), style="bold"),
        )
    return table


def what_if_table(rows: tuple[WhatIf, ...]) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
    table.add_column("setting", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("duplicate pairs", justify="right", no_wrap=True)
    table.add_column("added", justify="right", no_wrap=True)
    table.add_column("dropped", justify="right", no_wrap=True)
    table.add_column("¶ removed", justify="right", no_wrap=True)
    for row in rows:
        style = "bold" if row.current else ""
        name = SETTING_NAMES[row.setting] + (" (now)" if row.current else "")
        table.add_row(
            name,
            f"{row.value:.2f}",
            str(row.duplicate_pairs),
            f"+{row.added}",
            f"-{row.dropped}",
            str(row.paragraphs_removed),
            style=style,
        )
    return table


def _tail(text: str, width: int) -> str:
    """The end of a path that does not fit: its file name is what tells it apart."""
    if len(text) <= width:
        return text
    return "…" + text[len(text) - max(width - 1, 0) :]


def example(pair: PairScore, width: int) -> Group:
    """A pair's score, status and source, then the start of both paragraphs."""
    header = Text(f"{pair.score:.2f} ", style="bold")
    header.append(pair.status, style="red" if pair.duplicate else "green")
    header.append("  ")
    header.append(_tail(pair.source, width - header.cell_len), style="dim")
    lines = [header]
    for index, text in ((pair.first, pair.first_text), (pair.second, pair.second_text)):
        line = Text(f"{paragraph_number(index):>5} ", style="dim")
        line.append(" ".join(text.split()))
        lines.append(line)
    for line in lines:
        line.no_wrap = True
        line.truncate(width, overflow="ellipsis")
    return Group(*lines)


def _examples(title: str, pairs: tuple[PairScore, ...], width: int) -> list[RenderableType]:
    if not pairs:
        return [Text(f"{title}: none", style="bold")]
    return [Text(title, style="bold"), *(example(p, width) for p in pairs)]


class CalibrationView:
    """A rich renderable of a calibration."""

    def __init__(self, calibration: Calibration) -> None:
        self.calibration = calibration

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        c = self.calibration
        width = options.max_width
        documents = f"{c.documents} document{'s' if c.documents != 1 else ''}"
        pairs = f"{len(c.pairs)} candidate paragraph pairs"
        yield Text(f"Overlap of {pairs} in {documents}", style="bold")
        yield Text(
            f"word {c.shingle_size}-gram shingles; paragraphs under {c.min_words} words "
            "are not candidates",
            style="dim",
        )
        if not c.pairs:
            yield Text("No candidate pairs: nothing to calibrate on.")
            return
        yield histogram(c, width)
        yield Text()
        yield Text("What a change would do", style="bold")
        yield what_if_table(c.what_if)
        yield Text()
        above = f"Just above the threshold (overlap ≥ {c.threshold:.2f})"
        yield from _examples(above, c.above, width)
        yield Text()
        below = f"Just below the threshold (overlap < {c.threshold:.2f})"
        yield from _examples(below, c.below, width)
