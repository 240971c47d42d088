"""Properties over generated documents."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news import Reason, clean_blocks, clean_text

VOCABULARY = [f"w{i}" for i in range(5000)]


@st.composite
def distinct_paragraphs(draw: st.DrawFn) -> list[str]:
    """Paragraphs with no word in common: nothing here is a duplicate."""
    count = draw(st.integers(min_value=1, max_value=25))
    lengths = draw(st.lists(st.integers(1, 40), min_size=count, max_size=count))
    seed = draw(st.integers(0, 2**32 - 1))
    pool = random.Random(seed).sample(VOCABULARY, sum(lengths))
    out, start = [], 0
    for length in lengths:
        out.append(" ".join(pool[start : start + length]) + ".")
        start += length
    return out


@st.composite
def documents_with_copies(draw: st.DrawFn, max_copies: int = 5) -> list[str]:
    base = draw(distinct_paragraphs())
    copies = draw(st.lists(st.sampled_from(base), max_size=max_copies))
    document = list(base)
    for copy in copies:
        document.insert(draw(st.integers(0, len(document))), copy)
    return document


@settings(max_examples=150, deadline=None)
@given(distinct_paragraphs())
def test_all_distinct_paragraphs_are_never_duplicates(paragraphs: list[str]) -> None:
    result = clean_blocks(paragraphs)
    assert not [v for v in result.removed if v.removal and v.removal.reason is Reason.DUPLICATE]


@settings(max_examples=150, deadline=None)
@given(documents_with_copies())
def test_kept_plus_removed_is_the_input_in_order(paragraphs: list[str]) -> None:
    result = clean_blocks(paragraphs)
    assert [v.block.text for v in result.verdicts] == paragraphs
    assert [v.index for v in result.verdicts] == list(range(len(paragraphs)))
    for verdict in result.removed:
        removal = verdict.removal
        assert removal is not None and removal.rule
        if removal.reason is Reason.DUPLICATE:
            assert removal.duplicate_of is not None
            assert result.verdicts[removal.duplicate_of].removal is None


@settings(max_examples=150, deadline=None)
@given(documents_with_copies())
def test_cleaning_is_idempotent(paragraphs: list[str]) -> None:
    once = clean_blocks(paragraphs)
    twice = clean_blocks(once.paragraphs)
    assert twice.paragraphs == once.paragraphs
    assert twice.removed == ()


@settings(max_examples=100, deadline=None)
@given(documents_with_copies(max_copies=2))
def test_each_distinct_long_paragraph_survives_once(paragraphs: list[str]) -> None:
    kept = clean_blocks(paragraphs).paragraphs
    for paragraph in set(paragraphs):
        if len(paragraph.split()) >= 10:
            # Two copies can never form a template, so a long one is kept once.
            assert kept.count(paragraph) == 1


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_cleans_without_error(text: str) -> None:
    result = clean_text(text)
    assert all(v.block.text.strip() for v in result.verdicts)
