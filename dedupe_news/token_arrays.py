"""Token hashes of many paragraphs at once, equal to ``features.paragraph_features``.

The paragraphs (NFKC where needed) are joined, NUL after each, into one array
of code points. A table of the BMP code points maps each word character to
its case fold and everything else to a space, so the result, encoded to
UTF-8, has one run of bytes above the space per token; every run is hashed
with a vectorised XXH32. No Python object is made per token, which is what
makes fingerprinting many paragraphs cheap. ``tests/test_token_arrays.py``
checks every step against the per-paragraph reference.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from dedupe_news.features import CJK_RANGES, WORD_PATTERN
from dedupe_news.xxh32 import xxh32_segments

Indices = npt.NDArray[np.int64]
Hashes = npt.NDArray[np.uint32]

_BMP = 0x10000
# Stands for every character that is not a word character.
_SPACE = 0x20
_SEPARATOR = chr(_SPACE)
# Ends each text in the joined text: not a word character either.
_END = "\0"
# In the fold table: a word character that folds to several ("ß" is "ss").
_SEVERAL = 0x110000
# CJK_RANGES as code point pairs.
_CJK_POINTS = tuple((ord(m.group(1)), ord(m.group(2))) for m in re.finditer(r"(.)-(.)", CJK_RANGES))


@cache
def _fold_table() -> npt.NDArray[np.uint32]:
    """Per code point below U+10000: its case fold if a ``\\w`` character, else a space.

    NUL stays NUL; a fold of several characters and U+FFFF are marked
    ``_SEVERAL`` and handled one by one.

    Built once (a constant of Unicode, not of any input).
    """
    word = np.zeros(_BMP, dtype=np.bool_)
    every = codecs.utf_32_le_decode(np.arange(_BMP, dtype="<u4").data, "surrogatepass")[0]
    for match in WORD_PATTERN.finditer(every):
        word[match.start() : match.end()] = True
    points = np.flatnonzero(word)
    # Every word character followed by NUL, case-folded in one call.
    spaced = np.zeros(2 * len(points), dtype="<u4")
    spaced[::2] = points
    folded = codecs.utf_32_le_decode(spaced.data)[0].casefold()
    flat = np.frombuffer(folded.encode("utf-32-le"), dtype="<u4")
    ends = np.flatnonzero(flat == 0)
    starts = np.concatenate(([0], ends[:-1] + 1))
    table = np.full(_BMP, _SPACE, dtype=np.uint32)
    table[points] = np.where(ends - starts == 1, flat[starts], _SEVERAL)
    table[0] = 0  # NUL ends a text
    table[_BMP - 1] = _SEVERAL  # where np.take(mode="clip") puts every astral point
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


def _folded_words(points: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """Every ``\\w`` character case-folded, NUL kept, everything else a space,
    and each Chinese or Japanese character apart."""
    return _cjk_apart(_case_folded(points))


def _case_folded(points: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The tail of a multi-character fold is inserted after its first
    character, which is where ``str.casefold`` puts it."""
    folded = np.take(_fold_table(), points, mode="clip")
    special = np.flatnonzero(folded == _SEVERAL)  # astral points are clipped to one
    if special.size == 0:
        return folded
    at: list[int] = []
    tails: list[int] = []
    for position, point in zip(special.tolist(), points[special].tolist(), strict=True):
        char = chr(point)
        fold = char.casefold() if WORD_PATTERN.fullmatch(char) else _SEPARATOR
        folded[position] = ord(fold[0])
        at.extend([position + 1] * (len(fold) - 1))
        tails.extend(map(ord, fold[1:]))
    if not at:
        return folded
    return np.insert(folded, np.array(at, dtype=np.int64), np.array(tails, dtype=np.uint32))


def _cjk_apart(folded: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """A space after every Chinese or Japanese character: each is a token (``WORD_PATTERN``).

    Only word characters are still themselves here, so the ranges need no
    second test; a space before the character is not needed when the one
    before it is a CJK character too, but one is put anyway (spaces are free).
    """
    cjk = np.zeros(len(folded), dtype=np.bool_)
    for low, high in _CJK_POINTS:
        cjk |= (folded >= low) & (folded <= high)
    at = np.flatnonzero(cjk)
    if at.size == 0:
        return folded
    gaps = np.concatenate((at, at + 1))
    return np.insert(folded, gaps, np.uint32(_SPACE))


def _runs(values: npt.NDArray[np.bool_]) -> tuple[Indices, Indices]:
    """Start and length of every run of True."""
    edges = np.diff(values.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    return starts, np.flatnonzero(edges == -1) - starts


def token_hashes(texts: Sequence[str]) -> TokenHashes:
    """``paragraph_features(text).token_hashes`` of every text, as one array."""
    if not texts:
        return TokenHashes(np.empty(0, dtype=np.uint32), np.zeros(1, dtype=np.int64))
    normalised = [_normalised(t) for t in texts]
    joined = _END.join(normalised) + _END
    if joined.count(_END) != len(texts):  # a text has NUL characters: not words either
        joined = _END.join(t.replace(_END, _SEPARATOR) for t in normalised) + _END
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    text = codecs.utf_32_le_decode(_folded_words(points).data)[0]
    utf8 = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    # Word characters encode to bytes above the space; NUL ends each text.
    starts, lengths = _runs(utf8 > _SPACE)
    ends = np.flatnonzero(utf8 == 0)
    offsets = np.concatenate(([0], np.searchsorted(starts, ends))).astype(np.int64)
    return TokenHashes(xxh32_segments(utf8, starts, lengths), offsets)
