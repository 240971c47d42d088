"""MinHash signatures for many paragraphs at once, identical to datasketch's.

datasketch hashes one shingle per Python call and reduces one set at a time.
Here all paragraphs given at once are one array of shingle hashes
(``token_arrays``, ``features.shingle_hash_arrays``): the same MurmurHash3
pre-mix and the same affine permutations as datasketch's ``affine32`` scheme
run over cache-sized chunks of it, then a segmented minimum per paragraph.
``MinHash(hashvalues=..., scheme="affine32")`` built from a row equals the
MinHash datasketch computes with ``hashfunc=shingle_hash``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from dedupe_news.features import combine_hashes, shingle_hash_arrays, token_hash
from dedupe_news.token_arrays import token_hashes

SCHEME = "affine32"
DEFAULT_SEED = 1
_EMPTY = np.uint32(0xFFFFFFFF)
# Shingles per block of permuted values: 128 x 4096 x 4 bytes = 2 MiB.
CHUNK_SHINGLES = 4096
_TEXT_BATCH = 200_000

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
        # Column vectors: one permutation per row of a (num_perm, shingles) block.
        self._a = np.asarray(a, dtype=np.uint32).reshape(-1, 1)
        self._b = np.asarray(b, dtype=np.uint32).reshape(-1, 1)
        # Shared between callers (fingerprinter_for): never written after this.
        self._a.flags.writeable = False
        self._b.flags.writeable = False

    def signatures_of_texts(self, texts: Sequence[str], shingle_size: int) -> Signatures:
        """One row per text, as ``signatures`` of its ``paragraph_features`` shingles.

        Texts go in batches of about ``_TEXT_BATCH`` characters so the arrays of
        one batch stay in cache.
        """
        result = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        ends = np.cumsum([0, *(len(text) for text in texts)])
        cuts = np.searchsorted(ends, np.arange(_TEXT_BATCH, ends[-1], _TEXT_BATCH))
        bounds = np.unique(np.concatenate(([0], cuts, [len(texts)]))).tolist()
        for lo, hi in pairwise(bounds):
            tokens = token_hashes(texts[lo:hi])
            result[lo:hi] = self.signatures_of_token_hashes(
                tokens.hashes, tokens.offsets, shingle_size
            )
        return result

    def signatures_of_token_hashes(
        self, hashes: npt.NDArray[np.uint32], offsets: npt.NDArray[np.int64], shingle_size: int
    ) -> Signatures:
        """Signatures of paragraphs given as token hashes delimited by ``offsets``."""
        shingles, shingle_offsets = shingle_hash_arrays(hashes, offsets, shingle_size)
        return self.signatures_of_hashes(shingles, shingle_offsets)

    def signatures(self, shingle_sets: Sequence[Collection[int]]) -> Signatures:
        """One row of ``num_perm`` hash values per set; an empty set stays at the maximum."""
        sizes = np.fromiter((len(s) for s in shingle_sets), dtype=np.int64, count=len(shingle_sets))
        offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        hashes = np.fromiter(
            (h for s in shingle_sets for h in s), dtype=np.uint32, count=int(offsets[-1])
        )
        return self.signatures_of_hashes(hashes, offsets)

    def signatures_of_hashes(
        self, hashes: npt.NDArray[np.uint32], offsets: npt.NDArray[np.int64]
    ) -> Signatures:
        """Paragraph ``i`` has the shingle hashes ``hashes[offsets[i] : offsets[i + 1]]``.

        Permuted values are laid out one permutation per row so that both the
        affine step and the per-paragraph minimum run over contiguous memory,
        a chunk of about ``CHUNK_SHINGLES`` shingles at a time so it stays in cache.
        """
        count = len(offsets) - 1
        result = np.full((count, self.num_perm), _EMPTY, dtype=np.uint32)
        non_empty = np.flatnonzero(np.diff(offsets))
        if non_empty.size == 0:
            return result
        mixed = _fmix32(hashes.astype(np.uint32, copy=False))
        starts = offsets[non_empty]
        total = int(offsets[-1])
        minima = np.full((self.num_perm, len(non_empty)), _EMPTY, dtype=np.uint32)
        # Fixed slices of shingles, cut anywhere: memory stays bounded even for
        # one paragraph of a million words; a paragraph cut by a slice edge
        # takes the minimum of its parts.
        block = np.empty((self.num_perm, min(CHUNK_SHINGLES, total)), dtype=np.uint32)
        for first in range(0, total, CHUNK_SHINGLES):
            last = min(first + CHUNK_SHINGLES, total)
            permuted = block[:, : last - first]
            np.multiply(self._a, mixed[first:last], out=permuted)
            np.add(permuted, self._b, out=permuted)
            lo = int(np.searchsorted(starts, first, side="right")) - 1
            hi = int(np.searchsorted(starts, last, side="left"))
            segments = np.maximum(starts[lo:hi] - first, 0)
            part = minima[:, lo:hi]
            np.minimum(part, np.minimum.reduceat(permuted, segments, axis=1), out=part)
        result[non_empty] = minima.T
        return result

    def minhash(self, signature: npt.NDArray[np.uint32]) -> MinHash:
        return MinHash(hashvalues=signature, seed=self.seed, scheme=SCHEME)


@cache
def fingerprinter_for(num_perm: int, seed: int = DEFAULT_SEED) -> Fingerprinter:
    """One shared, read-only Fingerprinter per setting: drawing permutations is not free."""
    return Fingerprinter(num_perm, seed)
