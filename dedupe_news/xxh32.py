"""XXH32 (seed 0) of many byte strings at once, equal to ``xxhash.xxh32_intdigest``.

The strings are segments of one byte buffer. Every step of the reference
algorithm runs as one numpy expression over all segments that still have
input left, so hashing a document's tokens costs a few dozen array
operations instead of one Python call per token.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

U32 = npt.NDArray[np.uint32]
Indices = npt.NDArray[np.int64]

_P1 = np.uint32(2654435761)
_P2 = np.uint32(2246822519)
_P3 = np.uint32(3266489917)
_P4 = np.uint32(668265263)
_P5 = np.uint32(374761393)
_STRIPE = 16
_PADDING = np.zeros(_STRIPE, dtype=np.uint8)


def _rotl(values: U32, bits: int) -> U32:
    return (values << np.uint32(bits)) | (values >> np.uint32(32 - bits))


def _word_view(data: npt.NDArray[np.uint8]) -> U32:
    """The (unaligned) little-endian 32-bit word at every byte offset of ``data``."""
    return np.ndarray(shape=(len(data) - 3,), dtype="<u4", buffer=data, strides=(1,))


def _stripes(words: U32, starts: Indices, stripes: Indices) -> U32:
    """The four-accumulator loop over whole 16-byte stripes (inputs of 16 bytes or more)."""
    count = len(starts)
    lanes = [
        np.full(count, _P1 + _P2, dtype=np.uint32),
        np.full(count, _P2, dtype=np.uint32),
        np.zeros(count, dtype=np.uint32),
        np.full(count, np.uint32(0) - _P1, dtype=np.uint32),
    ]
    for stripe in range(int(stripes.max())):
        active = np.flatnonzero(stripes > stripe)
        base = starts[active] + _STRIPE * stripe
        for lane, acc in enumerate(lanes):
            word = words[base + 4 * lane].astype(np.uint32)
            acc[active] = _rotl(acc[active] + word * _P2, 13) * _P1
    return _rotl(lanes[0], 1) + _rotl(lanes[1], 7) + _rotl(lanes[2], 12) + _rotl(lanes[3], 18)


def xxh32_segments(buffer: npt.NDArray[np.uint8], starts: Indices, lengths: Indices) -> U32:
    """XXH32 of ``buffer[s : s + n]`` for every ``s, n`` in ``starts, lengths``."""
    with np.errstate(over="ignore"):
        data = np.concatenate((buffer, _PADDING))
        words = _word_view(data)
        hashes = lengths.astype(np.uint32) + _P5
        stripes = lengths >> 4
        long = np.flatnonzero(lengths >= _STRIPE)
        if long.size:
            accumulated = _stripes(words, starts[long], stripes[long])
            hashes[long] = accumulated + lengths[long].astype(np.uint32)
        # After the stripes: up to three 4-byte words, then up to three bytes.
        tail = starts + stripes * _STRIPE
        tail_words = (lengths & 15) >> 2
        for word in range(3):
            active = np.flatnonzero(tail_words > word)
            mixed = words[tail[active] + 4 * word].astype(np.uint32) * _P3 + hashes[active]
            hashes[active] = _rotl(mixed, 17) * _P4
        tail_bytes = lengths & 3
        last = starts + lengths - tail_bytes
        for byte in range(3):
            active = np.flatnonzero(tail_bytes > byte)
            mixed = data[last[active] + byte].astype(np.uint32) * _P5 + hashes[active]
            hashes[active] = _rotl(mixed, 11) * _P1
        hashes ^= hashes >> np.uint32(15)
        hashes *= _P2
        hashes ^= hashes >> np.uint32(13)
        hashes *= _P3
        hashes ^= hashes >> np.uint32(16)
    return hashes
