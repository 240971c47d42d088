"""LSH candidate pairs by banding a signature matrix, as datasketch's MinHashLSH finds them.

Inserting paragraph after paragraph into a ``MinHashLSH`` and querying each
one before its insertion yields, for every paragraph, the earlier paragraphs
that agree with it on all rows of at least one band. The same pairs come from
grouping equal rows per band with numpy, without a MinHash object per
paragraph (``tests/test_lsh_bands.py`` checks the two agree).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHashLSH


@cache
def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's (bands, rows per band) for this threshold and signature length."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def earlier_candidates(signatures: npt.NDArray[np.uint32], threshold: float) -> list[set[int]]:
    """For each row, the earlier rows equal to it on some band."""
    return list(iter_earlier_candidates(signatures, threshold))


def iter_earlier_candidates(
    signatures: npt.NDArray[np.uint32],
    threshold: float,
    *,
    indexed: npt.NDArray[np.bool_] | None = None,
    max_bucket: int | None = None,
) -> Iterator[set[int]]:
    """For each row in turn, the earlier rows equal to it on some band.

    Only ``indexed`` rows (all by default) are offered to later rows, and at
    most the first ``max_bucket`` of them per band bucket, so a page of
    thousands of look-alike paragraphs costs linear, not quadratic, time.
    Only the buckets are held, not every row's candidates, which for such a
    page are thousands per row.
    """
    count, num_perm = signatures.shape
    band_count, rows = bands(threshold, num_perm)
    offered = [True] * count if indexed is None else indexed.tolist()
    key = np.dtype((np.void, rows * signatures.itemsize))
    # Per row, the buckets it shares with other rows: their first offered rows, ascending.
    shared_buckets: list[list[list[int]]] = [[] for _ in range(count)]
    for band in range(band_count):
        values = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        _, groups, sizes = np.unique(
            values.view(key).ravel(), return_inverse=True, return_counts=True
        )
        shared = np.flatnonzero(sizes[groups] > 1)
        buckets: dict[int, list[int]] = {}
        for member, group in zip(shared.tolist(), groups[shared].tolist(), strict=True):
            bucket = buckets.setdefault(group, [])
            shared_buckets[member].append(bucket)
            if offered[member] and (max_bucket is None or len(bucket) < max_bucket):
                bucket.append(member)
    for row, row_buckets in enumerate(shared_buckets):
        earlier: set[int] = set()
        for bucket in row_buckets:
            earlier.update(bucket[: bisect_left(bucket, row)])
        yield earlier
