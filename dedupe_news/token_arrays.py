"""Token hashes of many paragraphs at once, equal to ``features.paragraph_features``.

The paragraphs are tokenised as one array of code points: NFKC where needed,
``\\w`` runs (a lookup table) as tokens, everything else a space; that text is
case-folded and encoded to UTF-8 in one call each, and every run of non-space
bytes is hashed with a vectorised XXH32. No Python object is made per token, which is what makes
fingerprinting many paragraphs cheap. ``tests/test_token_arrays.py`` checks
every step against the per-paragraph reference.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from dedupe_news.features import WORD_PATTERN
from dedupe_news.xxh32 import xxh32_segments

Indices = npt.NDArray[np.int64]
Hashes = npt.NDArray[np.uint32]

_BMP = 0x10000
# Not a word character, so no token spans two paragraphs or two tokens.
_SPACE = 0x20
_SEPARATOR = chr(_SPACE)


@cache
def _bmp_word_table() -> npt.NDArray[np.bool_]:
    """Whether each code point below U+10000 is a ``\\w`` character (built once)."""
    table = np.zeros(_BMP, dtype=np.bool_)
    every = "".join(map(chr, range(_BMP)))
    for match in WORD_PATTERN.finditer(every):
        table[match.start() : match.end()] = True
    table.flags.writeable = False
    return table


@dataclass(frozen=True, slots=True)
class TokenHashes:
    """The token hashes of paragraph ``i`` are ``hashes[offsets[i] : offsets[i + 1]]``."""

    hashes: Hashes
    offsets: Indices

    def __len__(self) -> int:
        return len(self.offsets) - 1


def _normalised(text: str) -> str:
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _word_mask(points: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """Whether each code point is a ``\\w`` character."""
    table = _bmp_word_table()
    word = table[np.minimum(points, _BMP - 1)]
    astral = np.flatnonzero(points >= _BMP)
    if astral.size:
        chars = points[astral].tolist()
        word[astral] = [WORD_PATTERN.fullmatch(chr(c)) is not None for c in chars]
    return word


def token_hashes(texts: Sequence[str]) -> TokenHashes:
    """``paragraph_features(text).token_hashes`` of every text, as one array."""
    normalised = [_normalised(t) for t in texts]
    joined = _SEPARATOR.join(normalised)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    word = _word_mask(points)
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    text_starts = np.cumsum([0] + [len(t) + 1 for t in normalised])
    owner = np.searchsorted(text_starts, starts, side="right") - 1
    per_text = np.bincount(owner, minlength=len(texts))
    offsets = np.concatenate(([0], np.cumsum(per_text))).astype(np.int64)
    if starts.size == 0:
        return TokenHashes(np.empty(0, dtype=np.uint32), offsets)
    # Case folding may lengthen a token ("ß" is "ss") but never ends one, so
    # the folded UTF-8 text keeps one run of non-space bytes per token.
    spaced = np.where(word, points, np.uint32(_SPACE)).astype("<u4")
    folded = spaced.tobytes().decode("utf-32-le").casefold().encode("utf-8")
    utf8 = np.frombuffer(folded, dtype=np.uint8)
    in_token = (utf8 != _SPACE).view(np.int8)
    byte_edges = np.diff(in_token, prepend=np.int8(0), append=np.int8(0))
    byte_starts = np.flatnonzero(byte_edges == 1)
    byte_lengths = np.flatnonzero(byte_edges == -1) - byte_starts
    return TokenHashes(xxh32_segments(utf8, byte_starts, byte_lengths), offsets)
