"""Bulk token hashes, shingle hashes and XXH32 equal their per-item references."""

from __future__ import annotations

import numpy as np
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.features import (
    WORD_PATTERN,
    paragraph_features,
    shingle_hash_arrays,
    shingle_hashes,
)
from dedupe_news.token_arrays import _fold_table, token_hashes
from dedupe_news.xxh32 import xxh32_segments

texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("ßİﬁ²Ⅻ𝐀Σς_ '’.\u0301\u00a0\n\x00\uffff"),
        st.sampled_from("abcdeABCDE  "),
        st.sampled_from("北京时间日本語のカタカナー・人々𠀋한국어，。"),
    ),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=70), max_size=30))
def test_xxh32_segments_equal_xxhash(chunks: list[bytes]) -> None:
    lengths = np.array([len(c) for c in chunks], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    buffer = np.frombuffer(b"".join(chunks), dtype=np.uint8)
    hashes = xxh32_segments(buffer, starts[: len(chunks)], lengths)
    assert hashes.tolist() == [xxhash.xxh32_intdigest(c) for c in chunks]


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, max_size=10))
def test_token_hashes_equal_paragraph_features(paragraphs: list[str]) -> None:
    bulk = token_hashes(paragraphs)
    assert len(bulk) == len(paragraphs)
    for i, text in enumerate(paragraphs):
        expected = paragraph_features(text, 2).token_hashes
        assert bulk.hashes[bulk.offsets[i] : bulk.offsets[i + 1]].tolist() == list(expected)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2**32 - 1), max_size=12), max_size=8),
    st.integers(min_value=1, max_value=8),
)
def test_shingle_hash_arrays_equal_shingle_hashes(paragraphs: list[list[int]], size: int) -> None:
    counts = [len(p) for p in paragraphs]
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    hashes = np.array([h for p in paragraphs for h in p], dtype=np.uint32)
    shingles, shingle_offsets = shingle_hash_arrays(hashes, offsets, size)
    for i, paragraph in enumerate(paragraphs):
        row = shingles[shingle_offsets[i] : shingle_offsets[i + 1]].tolist()
        assert frozenset(row) == shingle_hashes(tuple(paragraph), size)
        count = len(paragraph)
        assert len(row) == (count - size + 1 if count > size else min(1, count))


def test_fold_table_is_casefold_of_every_word_character() -> None:
    """Every code point below U+10000, against ``re`` and ``str.casefold`` one by one."""
    table = _fold_table().tolist()
    for point in range(1, 0xFFFF):
        char = chr(point)
        if WORD_PATTERN.fullmatch(char) is None:
            assert table[point] == ord(" ")
        elif len(char.casefold()) == 1:
            assert table[point] == ord(char.casefold())
        else:
            assert table[point] > 0x10FFFF  # folded one by one
