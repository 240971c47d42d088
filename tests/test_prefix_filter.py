"""Prefix filtering finds every pair whose overlap may reach the threshold."""

from __future__ import annotations

import random
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.config import Config
from dedupe_news.features import paragraph_features
from dedupe_news.near_dup import overlap
from dedupe_news.pipeline import clean_blocks, clean_text
from dedupe_news.prefix_filter import overlap_candidates

WORDS = "harbour council plan vote budget ferry school road bridge tax port mayor".split()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), minimum=st.sampled_from([0.3, 0.5, 0.75, 0.9]))
def test_every_pair_reaching_the_minimum_is_a_candidate(seed: int, minimum: float) -> None:
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30))) for _ in range(30)]
    # Fragments: a slice of an earlier or later paragraph.
    for _ in range(8):
        source = rng.choice(texts).split()
        start = rng.randrange(len(source))
        texts.insert(rng.randrange(len(texts)), " ".join(source[start : start + 6]))
    features = [paragraph_features(t, 2) for t in texts]
    found = overlap_candidates(features, minimum, indexed=[True] * len(texts), max_posting=10**6)
    for i, j in combinations(range(len(texts)), 2):
        if overlap(features[i], features[j]) >= minimum and features[i].shingles:
            assert i in found[j], (texts[i], texts[j])


def test_a_pull_quote_in_a_long_page_goes_as_in_a_short_one() -> None:
    rng = random.Random(5)
    filler = [" ".join(f"w{rng.randrange(10**6)}" for _ in range(25)) + "." for _ in range(90)]
    body = (
        "The harbour board said on Monday that the new ferry terminal would open in spring, "
        "after two years of delays caused by storms, a lawsuit over the contract and a "
        "shortage of steel that pushed the budget up by a third. Its chair told reporters "
        "that the first crossings would run twice a day at first, that fares would stay at "
        "last year's level until the summer, and that the old pier would be kept for "
        "fishing boats and the lifeboat crew, which had asked to stay where it has been "
        "since the town was founded."
    )
    # Its Jaccard with the paragraph is far below LSH's cut-off; its overlap is 1.
    quote = "The first crossings would run twice a day at first, the chair said."
    blocks = [*filler[:40], body, *filler[40:], quote]
    assert len(blocks) > Config().lsh_min_paragraphs
    long_page = clean_blocks(blocks)
    assert quote not in long_page.paragraphs
    # Cleaning the output again removes nothing more.
    again = clean_text("\n\n".join(long_page.paragraphs))
    assert again.paragraphs == long_page.paragraphs
