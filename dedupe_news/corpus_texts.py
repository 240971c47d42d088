"""The distinct paragraph texts of a corpus batch, held compactly.

A corpus run sees every kept paragraph of every document at once, so what it
keeps per paragraph decides its memory. ``ParagraphFeatures`` (tuples of
words, tokens and token hashes, a frozenset of shingles) take about 5 KB per
paragraph; here a text keeps only its sorted shingle hashes in one flat
``uint32`` array, its word count and its MinHash row, about 0.7 KB. Full
features are rebuilt from the text for the few pairs whose shingle overlap
could make them duplicates (``near_dup.compare`` rejects the others on that
same overlap alone).
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass
from itertools import combinations, pairwise

import numpy as np
import numpy.typing as npt

from dedupe_news.corpus_index import IndexSettings, band_keys
from dedupe_news.features import ParagraphFeatures, tokenise
from dedupe_news.fingerprint import Signatures

# Pairs whose overlap is computed in one vectorised step: ~1 MB of shingles each.
PAIR_CHUNK = 8192
# Band keys are sorted in 2**KEY_PARTITION_BITS parts by their top bits: equal
# keys share a part, and each sort needs a sixteenth of the memory.
KEY_PARTITION_BITS = 4


def _digest(exact_key: str) -> bytes:
    # 16 bytes stand for a key of ~270 characters; ``add`` checks every hit
    # against the real key, so a collision can never merge two texts.
    return hashlib.blake2b(exact_key.encode(), digest_size=16).digest()


def exact_key_of(text: str) -> str:
    """``paragraph_features(text).exact_key`` without the rest of the features."""
    return " ".join(tokenise(text))


@dataclass(frozen=True, slots=True)
class CorpusTexts:
    """Distinct texts (by ``exact_key``) in canonical order of first appearance.

    Text ``i`` has the sorted, distinct shingle hashes
    ``shingles[offsets[i] : offsets[i + 1]]`` and the MinHash row ``signatures[i]``.
    """

    texts: tuple[str, ...]
    word_counts: tuple[int, ...]
    shingles: npt.NDArray[np.uint32]
    offsets: npt.NDArray[np.int64]
    signatures: Signatures

    def __len__(self) -> int:
        return len(self.texts)

    def shingle_set(self, text_id: int) -> frozenset[int]:
        start, end = self.offsets[text_id : text_id + 2].tolist()
        return frozenset(self.shingles[start:end].tolist())

    def may_match_pairs(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64], threshold: float
    ) -> npt.NDArray[np.bool_]:
        """Which pairs ``near_dup.compare`` might accept: False only where the
        overlap of their shingle sets is below ``threshold``, which rejects a
        pair of distinct exact keys outright (a text without shingles is left
        to ``compare``).

        Both sides are distinct hashes, so a hash shared by a pair appears
        exactly twice among its tagged hashes once sorted.
        """
        result = np.ones(len(first), dtype=np.bool_)
        for lo in range(0, len(first), PAIR_CHUNK):
            a, b = first[lo : lo + PAIR_CHUNK], second[lo : lo + PAIR_CHUNK]
            size_a = self.offsets[a + 1] - self.offsets[a]
            size_b = self.offsets[b + 1] - self.offsets[b]
            tagged = np.concatenate((self._tagged(a, size_a), self._tagged(b, size_b)))
            tagged.sort()
            repeated = tagged[1:][tagged[1:] == tagged[:-1]]
            shared = np.bincount((repeated >> np.uint64(32)).astype(np.int64), minlength=len(a))
            smaller = np.minimum(size_a, size_b)
            # The same division as ``near_dup.overlap``: int / int in float64.
            below = shared / np.maximum(smaller, 1) < threshold
            result[lo : lo + len(a)] = (smaller == 0) | ~below
        return result

    def _tagged(
        self, ids: npt.NDArray[np.int64], sizes: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.uint64]:
        """Every shingle hash of the given texts, tagged with its pair's number."""
        ends = np.cumsum(sizes)
        index = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(
            self.offsets[ids] - (ends - sizes), sizes
        )
        pair = np.repeat(np.arange(len(ids), dtype=np.uint64), sizes)
        tagged: npt.NDArray[np.uint64] = (pair << np.uint64(32)) | self.shingles[index]
        return tagged


class TextsBuilder:
    """Collects ``CorpusTexts`` paragraph by paragraph, in canonical order.

    ``capacity`` bounds the number of texts (the batch's kept paragraphs): the
    signature rows go straight into one preallocated matrix instead of being
    stacked at the end, which would hold them twice.
    """

    def __init__(self, capacity: int, num_perm: int) -> None:
        self._texts: list[str] = []
        self._word_counts: list[int] = []
        self._shingles = array("I")
        self._offsets = array("q", [0])
        self._signatures = np.empty((capacity, num_perm), dtype=np.uint32)
        self._ids: dict[bytes, int] = {}
        # Keys whose digest an earlier, different key had (never seen in practice).
        self._clashes: dict[str, int] = {}

    def add(self, text: str, features: ParagraphFeatures, signature: Signatures) -> int:
        """The text's id; a text whose ``exact_key`` was seen gets the earlier id."""
        key = features.exact_key
        digest = _digest(key)
        found = self._ids.get(digest)
        if found is not None and exact_key_of(self._texts[found]) == key:
            return found
        if found is not None:
            clash = self._clashes.get(key)
            if clash is not None:
                return clash
        text_id = len(self._texts)
        if found is None:
            self._ids[digest] = text_id
        else:
            self._clashes[key] = text_id
        self._texts.append(text)
        self._word_counts.append(features.word_count)
        self._shingles.extend(sorted(features.shingles))
        self._offsets.append(len(self._shingles))
        self._signatures[text_id] = signature
        return text_id

    def build(self) -> CorpusTexts:
        # Read-only views of the arrays collected: no copy of the shingles or signatures.
        arrays = (
            np.frombuffer(self._shingles, dtype=np.uint32),
            np.frombuffer(self._offsets, dtype=np.int64),
            self._signatures[: len(self._texts)],
        )
        for collected in arrays:
            collected.flags.writeable = False
        shingles, offsets, signatures = arrays
        return CorpusTexts(
            tuple(self._texts), tuple(self._word_counts), shingles, offsets, signatures
        )


def may_match(first: frozenset[int], second: frozenset[int], threshold: float) -> bool:
    """``CorpusTexts.may_match_pairs`` for one pair of shingle sets.

    Equal exact keys mean equal, non-empty shingles (overlap 1), so the
    overlap alone decides unless a side has no shingles.
    """
    if not first or not second:
        return True
    return len(first & second) / min(len(first), len(second)) >= threshold


def candidate_pairs(signatures: Signatures, settings: IndexSettings) -> npt.NDArray[np.int64]:
    """Sorted pairs (a, b), a < b, of rows with an equal LSH band key (of any band)."""
    pairs: set[tuple[int, int]] = set()
    if len(signatures) >= 2:
        keys = band_keys(signatures, settings)
        bands = keys.shape[1]
        flat = keys.ravel()
        shift = np.uint64(64 - KEY_PARTITION_BITS)
        parts = (flat.view(np.uint64) >> shift).astype(np.uint8)
        for part in range(1 << KEY_PARTITION_BITS):
            where = np.flatnonzero(parts == part)
            _add_equal_key_pairs(flat[where], where // bands, pairs)
    return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)


def _add_equal_key_pairs(
    keys: npt.NDArray[np.int64], owners: npt.NDArray[np.int64], pairs: set[tuple[int, int]]
) -> None:
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    # Only keys shared by several entries matter: only their owners become
    # Python ints, not every key's (millions of them in a crawl).
    grouped = np.zeros(len(order), dtype=np.bool_)
    grouped[1:] = same
    grouped[:-1] |= same
    first = grouped.copy()
    first[1:] &= ~same
    members = owners[order[grouped]]
    bounds = np.flatnonzero(first[grouped]).tolist()
    for start, end in pairwise([*bounds, len(members)]):
        pairs.update(combinations(sorted(set(members[start:end].tolist())), 2))
