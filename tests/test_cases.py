"""Golden cases: each bundled page against its hand-written expected output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedupe_news import Reason, clean_blocks, clean_file, clean_text
from tests.conftest import CASES, SEED


def _input(case: Path) -> Path:
    return next(case.glob("input.*"))


def _expected(case: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_kept_and_removed_exactly(case: Path) -> None:
    expected = _expected(case)
    record = clean_file(_input(case)).to_record()
    assert record["paragraphs"] == expected["kept"]
    removed = [(r["text"], r["reason"]) for r in record["removed"]]
    assert removed == [(r["text"], r["reason"]) for r in expected["removed"]]  # type: ignore[attr-defined]
    for want, got in zip(expected["removed"], record["removed"], strict=True):  # type: ignore[call-overload]
        if "duplicate_of" in want:
            assert got["duplicate_of"] == want["duplicate_of"]
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
