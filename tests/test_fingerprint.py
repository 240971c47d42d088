"""The project's bulk MinHash equals datasketch's, value for value."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.features import paragraph_features
from dedupe_news.fingerprint import SCHEME, Fingerprinter, shingle_hash

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüéñ", min_size=1, max_size=8)
paragraphs = st.lists(words, min_size=0, max_size=40).map(" ".join)


def _shingles(tokens: tuple[str, ...], size: int) -> list[tuple[str, ...]]:
    if not tokens:
        return []
    if len(tokens) <= size:
        return [tokens]
    return [tokens[i : i + size] for i in range(len(tokens) - size + 1)]


@settings(max_examples=60, deadline=None)
@given(st.lists(paragraphs, min_size=1, max_size=12), st.integers(min_value=1, max_value=4))
def test_signatures_equal_datasketch(texts: list[str], size: int) -> None:
    features = [paragraph_features(t, size) for t in texts]
    fingerprinter = Fingerprinter(num_perm=64)
    signatures = fingerprinter.signatures([f.shingles for f in features])
    reference = MinHash.bulk(
        [_shingles(f.tokens, size) for f in features],
        num_perm=64,
        seed=1,
        scheme=SCHEME,
        hashfunc=shingle_hash,
    )
    for row, minhash in zip(signatures, reference, strict=True):
        assert np.array_equal(row, minhash.hashvalues)
        assert fingerprinter.minhash(row) == minhash
