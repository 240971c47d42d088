"""MinHash signatures for many paragraphs at once, identical to datasketch's.

datasketch hashes one shingle per Python call and reduces one set at a time.
Here the shingle hashes already exist (``features``), so every signature of a
document is one numpy expression: the same MurmurHash3 pre-mix and the same
affine permutations as datasketch's ``affine32`` scheme, then a segmented
minimum. ``MinHash(hashvalues=..., scheme="affine32")`` built from a row equals
the MinHash datasketch computes with ``hashfunc=shingle_hash``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from dedupe_news.features import combine_hashes, token_hash

SCHEME = "affine32"
DEFAULT_SEED = 1
_EMPTY = np.uint32(0xFFFFFFFF)
# Shingles permuted at once: 16,384 x 128 permutations x 4 bytes = 8 MB.
CHUNK_SHINGLES = 16_384

Signatures = npt.NDArray[np.uint32]


def shingle_hash(shingle: tuple[str, ...]) -> int:
    """The hash function to give datasketch so both sides hash shingles alike."""
    return combine_hashes(tuple(token_hash(token) for token in shingle))


def _fmix32(values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


class Fingerprinter:
    """Computes datasketch-compatible MinHash signatures in bulk."""

    def __init__(self, num_perm: int = 128, seed: int = DEFAULT_SEED) -> None:
        template = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME)
        a, b = template.permutations
        self.num_perm = num_perm
        self.seed = seed
        self._a = np.asarray(a, dtype=np.uint32)
        self._b = np.asarray(b, dtype=np.uint32)
        # Shared between callers (fingerprinter_for): never written after this.
        self._a.flags.writeable = False
        self._b.flags.writeable = False

    def signatures(self, shingle_sets: Sequence[Collection[int]]) -> Signatures:
        """One row of ``num_perm`` hash values per set; an empty set stays at the maximum."""
        result = np.full((len(shingle_sets), self.num_perm), _EMPTY, dtype=np.uint32)
        sizes = np.fromiter((len(s) for s in shingle_sets), dtype=np.int64, count=len(shingle_sets))
        total = int(sizes.sum())
        if total == 0:
            return result
        hashes = _fmix32(
            np.fromiter((h for s in shingle_sets for h in s), dtype=np.uint32, count=total)
        )
        rows = np.repeat(np.arange(len(shingle_sets)), sizes)
        # In slices, so memory stays bounded on a page of 20,000 paragraphs or
        # one paragraph of a million words.
        for start in range(0, total, CHUNK_SHINGLES):
            chunk_rows = rows[start : start + CHUNK_SHINGLES]
            with np.errstate(over="ignore"):
                permuted = (
                    hashes[start : start + CHUNK_SHINGLES, None] * self._a[None, :]
                    + self._b[None, :]
                )
            starts = np.flatnonzero(np.diff(chunk_rows, prepend=-1))
            segment_rows = chunk_rows[starts]
            minima = np.minimum.reduceat(permuted, starts, axis=0)
            result[segment_rows] = np.minimum(result[segment_rows], minima)
        return result

    def minhash(self, signature: npt.NDArray[np.uint32]) -> MinHash:
        return MinHash(hashvalues=signature, seed=self.seed, scheme=SCHEME)


@cache
def fingerprinter_for(num_perm: int, seed: int = DEFAULT_SEED) -> Fingerprinter:
    """One shared, read-only Fingerprinter per setting: drawing permutations is not free."""
    return Fingerprinter(num_perm, seed)
