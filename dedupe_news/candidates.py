"""The pairs of one document's paragraphs worth verifying.

Every pair for a short document (a news article has few paragraphs); for a
long one, MinHash LSH banding (the pairs datasketch's ``MinHashLSH`` would
give, ``lsh_bands``) and prefix filtering for fragments (``prefix_filter``),
made paragraph by paragraph and capped, so pages of thousands of look-alike
paragraphs stay linear in memory. ``near_dup`` verifies every one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from dedupe_news.config import Config
from dedupe_news.fingerprint import Signatures, fingerprinter_for
from dedupe_news.lsh_bands import iter_earlier_candidates
from dedupe_news.prefix_filter import iter_overlap_candidates

if TYPE_CHECKING:
    from dedupe_news.near_dup import Candidate

# Jaccard threshold of the LSH candidate search; verification decides.
LSH_THRESHOLD = 0.2
# Above lsh_min_paragraphs, the look-alikes in one LSH bucket or prefix-filter
# posting list that a paragraph is compared with.
MAX_INDEXED = 128
# Above lsh_min_paragraphs, the look-alikes kept per paragraph (the most
# similar first) to choose the verified ones from: a page of thousands of
# look-alikes finds thousands per paragraph (ordinary pages a few dozen).
MAX_CANDIDATES = 256


def candidate_pairs(candidates: Sequence[Candidate], config: Config) -> dict[int, list[int]]:
    """For each position, the earlier positions worth verifying against it."""
    return dict(enumerate(candidate_rows(candidates, config)))


def candidate_rows(candidates: Sequence[Candidate], config: Config) -> Iterator[list[int]]:
    """``candidate_pairs`` position by position, so one row at a time is held."""
    count = len(candidates)
    if count <= config.lsh_min_paragraphs:
        yield from (list(range(j)) for j in range(count))
        return
    fingerprinter = fingerprinter_for(config.num_perm)
    signatures = fingerprinter.signatures([c.features.shingles for c in candidates])
    first_of_key: dict[str, int] = {}
    first_copies = [
        first_of_key.setdefault(c.features.exact_key, j) for j, c in enumerate(candidates)
    ]
    # An exact copy matches through its first occurrence; indexing every copy
    # would make a page of 5,000 equal paragraphs quadratic.
    indexed = np.array([first == j for j, first in enumerate(first_copies)])
    found_per_row = iter_earlier_candidates(
        signatures, LSH_THRESHOLD, indexed=indexed, max_bucket=MAX_INDEXED
    )
    # Fragments (a pull quote inside a long paragraph) have a low Jaccard that
    # LSH misses; prefix filtering finds every pair the score could accept.
    contained = iter_overlap_candidates(
        [c.features for c in candidates],
        min(config.threshold, config.containment_threshold),
        indexed=indexed.tolist(),
        max_posting=MAX_INDEXED,
    )
    for j, (found, also) in enumerate(zip(found_per_row, contained, strict=True)):
        found |= also
        first_copy = first_copies[j]
        if first_copy != j:
            found.discard(first_copy)
            yield [first_copy, *_most_similar_first(found, signatures, j, MAX_CANDIDATES - 1)]
        else:
            yield _most_similar_first(found, signatures, j, MAX_CANDIDATES)


def _most_similar_first(found: set[int], signatures: Signatures, j: int, limit: int) -> list[int]:
    """The ``limit`` candidates of highest estimated Jaccard (agreeing signature values)."""
    if not found:
        return []
    positions = np.fromiter(sorted(found), dtype=np.int64, count=len(found))
    agreeing = (signatures[positions] == signatures[j]).sum(axis=1)
    return [int(i) for i in positions[np.argsort(-agreeing, kind="stable")[:limit]]]
