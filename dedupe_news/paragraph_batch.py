"""``paragraph_features`` of all paragraphs of a document in one go.

The token and shingle hashes, which cost one Python call per token or
shingle in ``paragraph_features``, come from the vectorised ``token_arrays``
and ``shingle_hash_arrays`` over the whole document; the values are the same
(``tests/test_paragraph_batch.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from dedupe_news.features import (
    ParagraphFeatures,
    features_from_tokens,
    shingle_hash_arrays,
    words_of,
)
from dedupe_news.token_arrays import token_hashes


def features_of_paragraphs(texts: Sequence[str], shingle_size: int) -> list[ParagraphFeatures]:
    """``[paragraph_features(t, shingle_size) for t in texts]``, computed in bulk."""
    tokens = token_hashes(texts)
    shingles, shingle_offsets = shingle_hash_arrays(tokens.hashes, tokens.offsets, shingle_size)
    hashes = tokens.hashes.tolist()
    offsets = tokens.offsets.tolist()
    shingle_values = shingles.tolist()
    shingle_bounds = shingle_offsets.tolist()
    features = []
    for i, text in enumerate(texts):
        words = words_of(text)
        features.append(
            features_from_tokens(
                text,
                words,
                tuple(map(str.casefold, words)),
                tuple(hashes[offsets[i] : offsets[i + 1]]),
                frozenset(shingle_values[shingle_bounds[i] : shingle_bounds[i + 1]]),
            )
        )
    return features
