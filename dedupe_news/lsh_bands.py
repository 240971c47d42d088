"""LSH candidate pairs by banding a signature matrix, as datasketch's MinHashLSH finds them.

Inserting paragraph after paragraph into a ``MinHashLSH`` and querying each
one before its insertion yields, for every paragraph, the earlier paragraphs
that agree with it on all rows of at least one band. The same pairs come from
grouping equal rows per band with numpy, without a MinHash object per
paragraph (``tests/test_lsh_bands.py`` checks the two agree).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHashLSH


@cache
def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's (bands, rows per band) for this threshold and signature length."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def earlier_candidates(
    signatures: npt.NDArray[np.uint32],
    threshold: float,
    *,
    indexed: npt.NDArray[np.bool_] | None = None,
    max_bucket: int | None = None,
) -> list[set[int]]:
    """For each row, the earlier rows equal to it on some band.

    Only ``indexed`` rows (all by default) are offered to later rows, and at
    most the first ``max_bucket`` of them per band bucket, so a page of
    thousands of look-alike paragraphs costs linear, not quadratic, time.
    """
    count, num_perm = signatures.shape
    band_count, rows = bands(threshold, num_perm)
    earlier: list[set[int]] = [set() for _ in range(count)]
    offered = [True] * count if indexed is None else indexed.tolist()
    key = np.dtype((np.void, rows * signatures.itemsize))
    for band in range(band_count):
        values = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        _, groups = np.unique(values.view(key).ravel(), return_inverse=True)
        order = np.argsort(groups, kind="stable")
        sorted_groups = groups[order]
        starts = np.flatnonzero(np.diff(sorted_groups, prepend=-1))
        sizes = np.diff(np.append(starts, count))
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            bucket: list[int] = []
            for member in order[start : start + size].tolist():  # ascending: the sort is stable
                earlier[member].update(bucket)
                if offered[member] and (max_bucket is None or len(bucket) < max_bucket):
                    bucket.append(member)
    return earlier
