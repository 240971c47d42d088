"""The terminal diff report: every paragraph, the removed ones struck through."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dedupe_news.model import Reason, Removal
from dedupe_news.result import Result

STYLES = {
    Reason.BOILERPLATE: "strike dim yellow",
    Reason.DUPLICATE: "strike dim red",
}
LABEL_STYLES = {
    Reason.BOILERPLATE: "yellow",
    Reason.DUPLICATE: "red",
}


def paragraph_number(index: int) -> str:
    return f"¶{index + 1}"


def describe(removal: Removal) -> str:
    """Why a paragraph was removed, e.g. 'near-duplicate of ¶3, overlap 0.89'."""
    if removal.reason is Reason.DUPLICATE and removal.duplicate_of is not None:
        text = f"{removal.label} {paragraph_number(removal.duplicate_of)}"
        if removal.duplicate_of_document is not None:
            text += f" of {removal.duplicate_of_document}"
        if removal.similarity is not None and removal.rule != "exact":
            text += f", overlap {removal.similarity:.2f}"
        return text
    return f"{removal.reason.value}: {removal.label}"


def summary_line(results: Sequence[Result], failed: int = 0) -> Text:
    """``3 documents, 1 failed, 40 paragraphs: …``; ``failed`` documents have no results."""
    paragraphs = sum(len(r.verdicts) for r in results)
    kept = sum(len(r.kept) for r in results)
    boilerplate = sum(r.counts()[Reason.BOILERPLATE.value] for r in results)
    duplicates = sum(r.counts()[Reason.DUPLICATE.value] for r in results)
    total = len(results) + failed
    documents = f"{total} documents, " if total != 1 else ""
    if failed:
        documents += f"{failed} failed, "
    text = Text(f"{documents}{paragraphs} paragraphs: ")
    text.append(f"{kept} kept", style="green")
    text.append(", ")
    text.append(f"{boilerplate} boilerplate", style=LABEL_STYLES[Reason.BOILERPLATE])
    text.append(", ")
    text.append(f"{duplicates} duplicate{'s' if duplicates != 1 else ''}", style="red")
    text.append(" removed")
    return text


class DiffReport:
    """A rich renderable of one cleaned document."""

    def __init__(self, result: Result) -> None:
        self.result = result

    def _header(self) -> Text:
        header = Text(self.result.source, style="bold")
        if self.result.metadata.title:
            header.append(" — ")
            header.append(self.result.metadata.title, style="bold cyan")
        return header

    def __rich__(self) -> RenderableType:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", style="dim", no_wrap=True)
        grid.add_column(no_wrap=True, width=1)
        grid.add_column(ratio=1)
        for verdict in self.result.verdicts:
            number = paragraph_number(verdict.index)
            if verdict.removal is None:
                grid.add_row(number, "", Text(verdict.block.text))
                continue
            reason = verdict.removal.reason
            body = Text(verdict.block.text, style=STYLES[reason])
            body.append("\n")
            body.append(f"↳ {describe(verdict.removal)}", style=LABEL_STYLES[reason])
            grid.add_row(number, Text("✗", style=LABEL_STYLES[reason]), body)
        return Group(self._header(), grid, summary_line([self.result]), Text())


class RunSummary:
    """The closing line of a multi-document diff."""

    def __init__(self, results: Sequence[Result], failed: int = 0) -> None:
        self.results = results
        self.failed = failed

    def __rich__(self) -> RenderableType:
        line = summary_line(self.results, self.failed)
        line.stylize("bold")
        return line
