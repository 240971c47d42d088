"""What a persistent corpus index stores, and how to open one.

An index keeps, between runs, the paragraphs a corpus run kept (and the ones
it found recurring on a site), keyed by MinHash LSH band keys, so a later run
treats them as earlier copies. Two stores hold the same data: SQLite
(``index_sqlite``, one file) and Redis (``index_redis``, shared by several
processes and machines). Nothing is pickled: signatures are numpy bytes,
records are JSON or SQL columns.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np
import numpy.typing as npt
from datasketch import MinHashLSH

from dedupe_news.fingerprint import Signatures, fingerprinter_for

# Jaccard threshold the LSH bands are tuned for (datasketch's own optimum).
# Lower than this, a store of a million paragraphs returns too many unrelated
# candidates; lightly edited copies (a few words changed) are well above it.
CORPUS_LSH_THRESHOLD = 0.3
# Signatures are computed this many paragraphs at a time: the bulk step holds
# one 128-value row per shingle, which for a whole crawl would not fit in memory.
SIGNATURE_CHUNK = 2_000
_PRIME = np.uint64(0x100000001B3)


class CorpusIndexError(Exception):
    """The index cannot be opened, read or written; the message says why."""


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """Settings every run against one index must share."""

    num_perm: int
    shingle_size: int

    @property
    def bands(self) -> tuple[int, int]:
        """(bands, rows per band), as datasketch's MinHashLSH picks them."""
        return lsh_params(self.num_perm)


@cache
def lsh_params(num_perm: int) -> tuple[int, int]:
    lsh = MinHashLSH(threshold=CORPUS_LSH_THRESHOLD, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


@dataclass(frozen=True, slots=True)
class IndexedDocument:
    """A document of an earlier run: its id (url or source) and host."""

    name: str
    source: str
    host: str
    date: str | None


@dataclass(frozen=True, slots=True)
class IndexedParagraph:
    """A paragraph of an earlier run, enough to verify a match and cite it."""

    document: str
    position: int
    host: str
    text: str
    site_recurring: bool


@dataclass(frozen=True, slots=True)
class IndexStats:
    location: str
    documents: int
    paragraphs: int
    hosts: int
    size_bytes: int
    size_meaning: str


class CorpusIndex(Protocol):
    """A store of earlier paragraphs that a corpus run queries and extends."""

    location: str
    settings: IndexSettings

    def query(self, signatures: Signatures) -> list[list[IndexedParagraph]]:
        """For each signature, the stored paragraphs sharing an LSH band with it."""
        ...

    def known(self, names: Collection[str]) -> set[str]:
        """Which of these document ids are already stored."""
        ...

    def add(
        self,
        documents: Sequence[IndexedDocument],
        paragraphs: Sequence[IndexedParagraph],
        signatures: Signatures,
        rows: npt.NDArray[np.int64] | None = None,
    ) -> None:
        """Store documents and paragraphs.

        Paragraph i has the signature ``signatures[rows[i]]``, or row i
        without ``rows`` (which spare a copy of the rows a batch stores).
        """
        ...

    def stats(self) -> IndexStats: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


def corpus_signatures(shingle_sets: Sequence[Collection[int]], num_perm: int) -> Signatures:
    """The MinHash signatures of many paragraphs, in bounded memory."""
    fingerprinter = fingerprinter_for(num_perm)
    if len(shingle_sets) <= SIGNATURE_CHUNK:
        return fingerprinter.signatures(shingle_sets)
    return np.concatenate(
        [
            fingerprinter.signatures(shingle_sets[start : start + SIGNATURE_CHUNK])
            for start in range(0, len(shingle_sets), SIGNATURE_CHUNK)
        ]
    )


def band_keys(signatures: Signatures, settings: IndexSettings) -> npt.NDArray[np.int64]:
    """One 64-bit key per (paragraph, band): equal keys mean an equal band."""
    bands, rows = settings.bands
    count = signatures.shape[0]
    keys = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64), (count, bands)).copy()
    with np.errstate(over="ignore"):
        for column in range(rows):
            # One row of every band at a time: widening all of them to 64 bits
            # at once would take twice the signatures' memory again.
            values = signatures[:, column : bands * rows : rows].astype(np.uint64)
            keys ^= values
            keys *= _PRIME
            keys ^= keys >> np.uint64(29)
    return keys.view(np.int64)


def open_index(location: str, settings: IndexSettings | None = None) -> CorpusIndex:
    """Open (creating when ``settings`` are given) the index at a path or redis:// URL.

    Without ``settings`` the index must exist and its own settings are used.
    """
    if location.startswith("redis://"):
        from dedupe_news.index_redis import RedisIndex

        return RedisIndex.open(location, settings)
    from dedupe_news.index_sqlite import SQLiteIndex

    return SQLiteIndex.open(location, settings)
