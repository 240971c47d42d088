"""Snapshot and styling tests of the terminal diff report.

Rewrite the snapshot after an intended change with::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_report.py
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from dedupe_news.pipeline import clean_file
from dedupe_news.report import DiffReport, RunSummary
from dedupe_news.result import Result

TESTS = Path(__file__).parent
SEED = TESTS / "fixtures" / "seed" / "000_f3ea3e044085c9d1.txt"
SNAPSHOT = TESTS / "snapshots" / "seed_diff_80.txt"
WIDTH = 80
SGR = re.compile(r"\x1b\[([0-9;]*)m")


@pytest.fixture(scope="module")
def seed_result() -> Result:
    # A relative, platform-independent source so the header is stable.
    result = clean_file(SEED)
    return Result(
        source="seed/000_f3ea3e044085c9d1.txt",
        metadata=result.metadata,
        verdicts=result.verdicts,
    )


def _render_plain(renderable: object, width: int = WIDTH) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(renderable)
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def _render_color(renderable: object, width: int = WIDTH) -> str:
    console = Console(
        file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True
    )
    console.print(renderable)
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def test_snapshot_seed_diff_80(seed_result: Result) -> None:
    actual = _normalise(_render_plain(DiffReport(seed_result)))
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(actual, encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing; create it with UPDATE_SNAPSHOTS=1")
    expected = _normalise(SNAPSHOT.read_text(encoding="utf-8"))
    assert actual == expected, "diff report changed; rerun with UPDATE_SNAPSHOTS=1 if intended"


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_no_line_exceeds_width(seed_result: Result, width: int) -> None:
    output = _render_plain(DiffReport(seed_result), width=width)
    too_long = [line for line in output.splitlines() if len(line) > width]
    assert too_long == []


def test_every_removal_marked_with_reason(seed_result: Result) -> None:
    lines = _normalise(_render_plain(DiffReport(seed_result))).splitlines()
    crosses = [line for line in lines if re.match(r"^\s*¶\d+ ✗ ", line)]
    reasons = [line for line in lines if line.lstrip().startswith("↳ ")]
    assert len(crosses) == len(seed_result.removed) == len(reasons)
    kept_numbers = [line for line in lines if re.match(r"^\s*¶\d+   \S", line)]
    assert len(kept_numbers) == len(seed_result.kept)


def test_summary_line(seed_result: Result) -> None:
    output = _render_plain(DiffReport(seed_result))
    counts = seed_result.counts()
    expected = (
        f"{len(seed_result.verdicts)} paragraphs: {counts['kept']} kept, "
        f"{counts['boilerplate']} boilerplate, {counts['duplicate']} duplicates removed"
    )
    assert expected in output.splitlines()


def test_run_summary_counts_documents(seed_result: Result) -> None:
    output = _render_plain(RunSummary([seed_result, seed_result])).strip()
    assert output.startswith("2 documents, ")
    assert f"{2 * len(seed_result.verdicts)} paragraphs" in output


def _struck_text(output: str) -> str:
    """The characters printed while an SGR sequence containing 9 (strike) is active."""
    struck: list[str] = []
    active = False
    position = 0
    for match in SGR.finditer(output):
        if active:
            struck.append(output[position : match.start()])
        codes = match.group(1).split(";") if match.group(1) else ["0"]
        if "9" in codes:
            active = True
        elif codes == ["0"] or "29" in codes:
            active = False
        position = match.end()
    return "".join(struck)


def test_color_terminal_strikes_removed_paragraphs(seed_result: Result) -> None:
    output = _render_color(DiffReport(seed_result))
    assert any("9" in m.group(1).split(";") for m in SGR.finditer(output))
    struck = " ".join(_struck_text(output).split())
    for verdict in seed_result.removed:
        # Long paragraphs wrap, so compare the first words.
        head = " ".join(verdict.block.text.split()[:4])
        assert head in struck, verdict.block.text
    for verdict in seed_result.kept:
        head = " ".join(verdict.block.text.split()[:8])
        # Kept paragraphs are never struck (the lead also appears struck as its repeat).
        if any(head in v.block.text for v in seed_result.removed):
            continue
        assert head not in struck, verdict.block.text


def test_plain_console_has_no_escape_codes(seed_result: Result) -> None:
    assert "\x1b[" not in _render_plain(DiffReport(seed_result))
