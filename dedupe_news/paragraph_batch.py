"""``paragraph_features`` of all paragraphs of a document in one go.

Each token is hashed by one ``xxhash`` call, as ``paragraph_features`` does:
the words are Python strings anyway (``ParagraphFeatures`` keeps them), and
for a document's few hundred tokens one C call each costs less than the fixed
cost of the vectorised ``token_arrays``, which pays off for fingerprinting
many paragraphs without their words. The shingle hashes, one Python call per
shingle in ``paragraph_features``, are computed for every run of tokens of the
document at once with numpy. The values are the same
(``tests/test_paragraph_batch.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
from xxhash import xxh32_intdigest

from dedupe_news.features import (
    FNV_OFFSET,
    FNV_PRIME,
    ParagraphFeatures,
    features_from_tokens,
    words_of,
)

_OFFSET = np.uint32(FNV_OFFSET)
_PRIME = np.uint32(FNV_PRIME)
_SHIFT = np.uint32(15)


def _shingle_levels(hashes: list[int], size: int) -> list[list[int]]:
    """``levels[k - 1][j]``: ``combine_hashes`` of the ``k`` token hashes from ``j`` on.

    Runs that cross a paragraph's end are computed too, and never read.
    """
    tokens = np.array(hashes, dtype=np.uint32)
    levels = []
    level = tokens ^ _OFFSET
    for k in range(min(size, len(hashes))):
        if k:
            level = level[:-1] ^ tokens[k:]
        level *= _PRIME  # modulo 2**32, as combine_hashes masks
        level ^= level >> _SHIFT
        levels.append(level.tolist())
    return levels


def features_of_paragraphs(texts: Sequence[str], shingle_size: int) -> list[ParagraphFeatures]:
    """``[paragraph_features(t, shingle_size) for t in texts]``, computed in bulk."""
    words = [words_of(text) for text in texts]
    tokens = [tuple(map(str.casefold, w)) for w in words]
    # ``token_hash`` of every token, inlined: one Python call less per token.
    hashes = [xxh32_intdigest(token.encode()) for token in chain.from_iterable(tokens)]
    levels = _shingle_levels(hashes, shingle_size)
    features = []
    start = 0
    for text, paragraph_words, paragraph_tokens in zip(texts, words, tokens, strict=True):
        count = len(paragraph_tokens)
        end = start + count
        if count > shingle_size:
            shingles = frozenset(levels[shingle_size - 1][start : end - shingle_size + 1])
        elif count:  # a shorter text is one shingle
            shingles = frozenset((levels[count - 1][start],))
        else:
            shingles = frozenset()
        features.append(
            features_from_tokens(
                text, paragraph_words, paragraph_tokens, tuple(hashes[start:end]), shingles
            )
        )
        start = end
    return features
