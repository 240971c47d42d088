"""Features computed for a whole document equal those computed paragraph by paragraph."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.features import paragraph_features
from dedupe_news.paragraph_batch import features_of_paragraphs
from tests.conftest import SEED

texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("ßİﬁ²𝐀Σς_ '’.?\u00a0\n"),
        st.sampled_from("Not no Anna 12 the The  "),
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, max_size=8), st.integers(min_value=1, max_value=5))
def test_batch_features_equal_paragraph_features(paragraphs: list[str], size: int) -> None:
    assert features_of_paragraphs(paragraphs, size) == [
        paragraph_features(p, size) for p in paragraphs
    ]


def test_seed_article_features_equal() -> None:
    paragraphs = [p for p in SEED.read_text("utf-8").split("\n\n") if p.strip()]
    assert features_of_paragraphs(paragraphs, 2) == [paragraph_features(p, 2) for p in paragraphs]
