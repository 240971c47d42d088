"""The project's bulk MinHash equals datasketch's, value for value."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.features import paragraph_features, tokenise
from dedupe_news.fingerprint import SCHEME, Fingerprinter, fingerprinter_for, shingle_hash

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüéñ", min_size=1, max_size=8)
paragraphs = st.lists(words, min_size=0, max_size=40).map(" ".join)
# Any text: punctuation, digits, case, compatibility forms, astral characters.
any_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("ßİﬁ²Ⅻ𝐀Σς_ '’.\u0301\u00a0\n"),
    ),
    max_size=120,
)


def _shingles(tokens: tuple[str, ...], size: int) -> list[tuple[str, ...]]:
    if not tokens:
        return []
    if len(tokens) <= size:
        return [tokens]
    return [tokens[i : i + size] for i in range(len(tokens) - size + 1)]


def _datasketch(texts: list[str], size: int, num_perm: int) -> list[MinHash]:
    minhashes: list[MinHash] = MinHash.bulk(
        [_shingles(tokenise(t), size) for t in texts],
        num_perm=num_perm,
        seed=1,
        scheme=SCHEME,
        hashfunc=shingle_hash,
    )
    return minhashes


@settings(max_examples=60, deadline=None)
@given(st.lists(paragraphs, min_size=1, max_size=12), st.integers(min_value=1, max_value=4))
def test_signatures_equal_datasketch(texts: list[str], size: int) -> None:
    features = [paragraph_features(t, size) for t in texts]
    fingerprinter = Fingerprinter(num_perm=64)
    signatures = fingerprinter.signatures([f.shingles for f in features])
    reference = _datasketch(texts, size, 64)
    for row, minhash in zip(signatures, reference, strict=True):
        assert np.array_equal(row, minhash.hashvalues)
        assert fingerprinter.minhash(row) == minhash


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.one_of(paragraphs, any_text), min_size=0, max_size=12),
    st.integers(min_value=1, max_value=4),
)
def test_signatures_of_texts_equal_datasketch(texts: list[str], size: int) -> None:
    """From raw text, empty and symbol-only paragraphs included."""
    signatures = fingerprinter_for(128).signatures_of_texts(texts, size)
    assert signatures.shape == (len(texts), 128)
    for row, minhash in zip(signatures, _datasketch(texts, size, 128), strict=True):
        assert np.array_equal(row, minhash.hashvalues)


def test_batches_and_chunks_do_not_change_signatures() -> None:
    """Enough text for several batches and chunks, one paragraph longer than a chunk."""
    rng = np.random.default_rng(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    texts = [
        " ".join(rng.choice(vocabulary, size=int(n)))
        for n in [*rng.integers(0, 120, size=4000).tolist(), 9000]
    ]
    assert sum(map(len, texts)) > 400_000  # crosses fingerprint._TEXT_BATCH
    fingerprinter = fingerprinter_for(128)
    together = fingerprinter.signatures_of_texts(texts, 2)
    one_by_one = np.vstack([fingerprinter.signatures_of_texts([t], 2) for t in texts[::97]])
    assert np.array_equal(together[::97], one_by_one)
    sample = [*range(0, len(texts), 211), len(texts) - 1]
    reference = _datasketch([texts[i] for i in sample], 2, 128)
    for i, minhash in zip(sample, reference, strict=True):
        assert np.array_equal(together[i], minhash.hashvalues)
