"""Numpy banding finds the candidate pairs datasketch's MinHashLSH finds."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.fingerprint import SCHEME
from dedupe_news.lsh_bands import earlier_candidates


def _datasketch_candidates(signatures: np.ndarray, threshold: float) -> list[set[int]]:
    lsh = MinHashLSH(threshold=threshold, num_perm=signatures.shape[1])
    found = []
    for j, row in enumerate(signatures):
        minhash = MinHash(hashvalues=row, scheme=SCHEME)
        found.append({int(i) for i in lsh.query(minhash)})
        lsh.insert(j, minhash)
    return found


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**32 - 1),
    st.integers(min_value=0, max_value=40),
    st.sampled_from([(0.2, 128), (0.5, 64), (0.8, 32)]),
    st.floats(min_value=0.0, max_value=0.9),
)
def test_banding_equals_minhash_lsh(
    seed: int, count: int, setting: tuple[float, int], mutation: float
) -> None:
    """Rows copied from a few originals with some values changed share some bands."""
    threshold, num_perm = setting
    rng = np.random.default_rng(seed)
    originals = rng.integers(0, 2**32, size=(3, num_perm), dtype=np.uint32)
    signatures = originals[rng.integers(0, 3, size=count)]
    changed = rng.random(signatures.shape) < mutation
    signatures[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint32)
    assert earlier_candidates(signatures, threshold) == _datasketch_candidates(
        signatures, threshold
    )
