"""Golden cases: each bundled page against its hand-written expected output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dedupe_news import Reason, clean_blocks, clean_file, clean_text
from tests.conftest import CASES, SEED


def _input(case: Path) -> Path:
    return next(case.glob("input.*"))


def _expected(case: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return loaded


def _with_known_gaps(expected: dict[str, Any]) -> tuple[list[str], list[tuple[str, str]]]:
    """The expected kept and removed paragraphs, moved where a known gap says the tool puts them.

    ``known_gaps`` lists each paragraph the tool still gets wrong: what an
    editor wants (``ideal``) and what the tool does (``now``), each one of
    kept, boilerplate, duplicate or absent (not a paragraph of its own, e.g.
    joined onto another line). The test then asserts exactly that deviation,
    so a fix or a new error both fail it until the case is updated.
    """
    kept = list(expected["kept"])
    removed = [(r["text"], r["reason"]) for r in expected["removed"]]
    gaps = expected.get("known_gaps", [])
    for gap in gaps:
        if gap["ideal"] == "kept":
            # A text kept twice (a refrain) loses its later copy, as the tool keeps the first.
            del kept[len(kept) - 1 - kept[::-1].index(gap["text"])]
        elif gap["ideal"] != "absent":
            removed.remove((gap["text"], gap["ideal"]))
    # kept_position is the paragraph's place in the tool's output.
    for gap in sorted(gaps, key=lambda g: g.get("kept_position", -1)):
        if gap["now"] == "kept":
            kept.insert(gap["kept_position"], gap["text"])
        elif gap["now"] != "absent":
            removed.append((gap["text"], gap["now"]))
    return kept, removed


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_kept_and_removed_exactly(case: Path) -> None:
    expected = _expected(case)
    record = clean_file(_input(case)).to_record()
    kept, expected_removed = _with_known_gaps(expected)
    assert record["paragraphs"] == kept
    removed = [(r["text"], r["reason"]) for r in record["removed"]]
    if "known_gaps" in expected:
        assert sorted(removed) == sorted(expected_removed)
    else:
        assert removed == expected_removed
    got_by_text = {r["text"]: r for r in record["removed"]}
    for want in expected["removed"]:
        if "duplicate_of" in want and want["text"] in got_by_text:
            assert got_by_text[want["text"]]["duplicate_of"] == want["duplicate_of"]
    assert record["title"] == expected["title"]
    assert record["language"] == expected["language"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cleaning_the_output_again_removes_nothing(case: Path) -> None:
    first = clean_file(_input(case))
    again = clean_blocks([v.block for v in first.kept])
    assert again.paragraphs == first.paragraphs
    assert again.removed == ()
    # As plain text a heading may become the title, but nothing is removed.
    assert clean_text(first.text).removed == ()


def test_seed_outcome() -> None:
    result = clean_file(SEED)
    lead = result.verdicts[1].block.text
    assert lead.startswith("North Korea fired multiple short-range missiles")
    assert result.metadata.title == "DOD: Kim Jong Un threatens security in the region"
    assert result.paragraphs.count(lead) == 1
    assert len(result.paragraphs) == 11
    by_text = {v.block.text: v.removal for v in result.removed}
    for marker in ("| Image:self", "Advertisement", "Updated March 24th, 2021 at 13:14 IST"):
        removal = by_text[marker]
        assert removal is not None and removal.reason is Reason.BOILERPLATE
    reworded = next(t for t in by_text if "sister and top aide" in t)
    removal = by_text[reworded]
    assert removal is not None and removal.reason is Reason.DUPLICATE
    assert removal.duplicate_of == 1 and removal.similarity is not None
    kirby = "Pentagon press secretary John Kirby declined to comment on the missile launch."
    removal = by_text[kirby]
    assert removal is not None and removal.rule == "contained"
    briefing = result.verdicts[removal.duplicate_of or 0].block.text
    assert briefing.startswith("At a briefing on Tuesday")
    assert result.metadata.date is not None and "2021" in result.metadata.date


def test_seed_text_and_html_rendering_agree() -> None:
    from_text = clean_file(SEED)
    html_case = next(c for c in CASES if c.name == "seed-html")
    from_html = clean_file(_input(html_case))
    assert from_html.paragraphs == from_text.paragraphs
    assert from_html.metadata.title == from_text.metadata.title


def test_result_rebuilds_the_kept_text_and_accounts_for_every_block() -> None:
    result = clean_file(SEED)
    rebuilt = "\n\n".join(v.block.text for v in result.verdicts if v.removal is None)
    assert rebuilt == result.text
    assert [v.index for v in result.verdicts] == list(range(len(result.verdicts)))
    for verdict in result.removed:
        removal = verdict.removal
        assert removal is not None and removal.rule and removal.label
        if removal.reason is Reason.DUPLICATE:
            assert removal.duplicate_of is not None
            assert result.verdicts[removal.duplicate_of].removal is None


def test_every_known_gap_is_explained_and_named_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for case in CASES:
        gaps = _expected(case).get("known_gaps", [])
        for gap in gaps:
            assert gap["why"].strip(), (case.name, gap["text"])
            assert {gap["ideal"], gap["now"]} <= {"kept", "boilerplate", "duplicate", "absent"}
            assert gap["ideal"] != gap["now"]
        if gaps:
            assert f"`{case.name}`" in readme, case.name
