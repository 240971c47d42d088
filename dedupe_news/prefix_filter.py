"""Exact candidates for the overlap score in long documents, by prefix filtering.

MinHash LSH finds pairs of similar *Jaccard*; a pull quote inside a long
paragraph has a high overlap (share of the shorter one's shingles) but a low
Jaccard, so LSH misses it, while the all-pairs comparison of a short
document finds it. Cleaning the output of a long page, now short, would then
remove what the first cleaning kept. Prefix filtering closes that gap
exactly: if the shorter paragraph S shares at least ``t * |S|`` shingles with
L, then L contains at least one of any ``|S| - ceil(t * |S|) + 1`` shingles
of S, so probing with S's rarest shingles finds every such pair.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence

from dedupe_news.features import ParagraphFeatures


def _prefix(shingles: frozenset[int], frequency: Counter[int], minimum: float) -> list[int]:
    """The rarest shingles, enough that any ``minimum`` share of them includes one."""
    size = len(shingles)
    length = size - math.ceil(minimum * size) + 1
    return sorted(shingles, key=lambda h: (frequency[h], h))[: max(length, 0)]


def overlap_candidates(
    paragraphs: Sequence[ParagraphFeatures],
    minimum: float,
    *,
    indexed: Sequence[bool],
    max_posting: int,
) -> list[set[int]]:
    """For each paragraph, the earlier ``indexed`` ones whose overlap may reach ``minimum``.

    Every pair with an overlap of at least ``minimum`` is found, unless a
    posting list is full (``max_posting``), which only a page of hundreds of
    look-alike paragraphs reaches.
    """
    return list(
        iter_overlap_candidates(paragraphs, minimum, indexed=indexed, max_posting=max_posting)
    )


def iter_overlap_candidates(
    paragraphs: Sequence[ParagraphFeatures],
    minimum: float,
    *,
    indexed: Sequence[bool],
    max_posting: int,
) -> Iterator[set[int]]:
    """``overlap_candidates`` paragraph by paragraph.

    A page of look-alikes has thousands per paragraph; only the posting
    lists, not every paragraph's candidates, are held.
    """
    frequency: Counter[int] = Counter(h for p in paragraphs for h in p.shingles)
    every: dict[int, list[int]] = {}  # shingle -> earlier paragraphs holding it
    rare: dict[int, list[int]] = {}  # shingle -> earlier paragraphs with it in their prefix
    for j, paragraph in enumerate(paragraphs):
        prefix = _prefix(paragraph.shingles, frequency, minimum)
        earlier: set[int] = set()
        for shingle in prefix:  # this paragraph as the shorter one
            earlier.update(every.get(shingle, ()))
        for shingle in paragraph.shingles:  # an earlier paragraph as the shorter one
            earlier.update(rare.get(shingle, ()))
        yield earlier
        if not indexed[j]:
            continue
        for shingle in paragraph.shingles:
            holders = every.setdefault(shingle, [])
            if len(holders) < max_posting:
                holders.append(j)
        for shingle in prefix:
            holders = rare.setdefault(shingle, [])
            if len(holders) < max_posting:
                holders.append(j)
