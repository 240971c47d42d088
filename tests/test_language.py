"""The language vote reads the start of a document's text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.language import SAMPLE_CHARS, detect_language, sample_of

words = st.sampled_from(["the", "and", "der", "und", "el", "que", "le", "et", "x", "2024"])
texts = st.lists(st.lists(words, max_size=900).map(" ".join), max_size=12)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_sample_is_the_start_of_the_joined_text(paragraphs: list[str]) -> None:
    joined = " ".join(paragraphs)
    sample = sample_of(paragraphs)
    assert joined.startswith(sample)
    assert sample[:SAMPLE_CHARS] == joined[:SAMPLE_CHARS]
    assert detect_language(sample) == detect_language(joined)


def test_detects_the_majority_language() -> None:
    assert detect_language("The cat and the dog sat on the mat in the house.") == "en"
    assert detect_language("Der Hund und die Katze sind nicht im Haus.") == "de"
    assert detect_language("12 34 56") is None
