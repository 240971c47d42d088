"""The corpus index in one SQLite file.

WAL journal, one transaction per ``add``: a process killed at any moment
leaves the file as it was before or after that transaction, never half
written. Band keys live in a WITHOUT ROWID table keyed by the key, so a query
reads a few pages per band instead of holding the index in memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

from dedupe_news.corpus_index import (
    CorpusIndexError,
    IndexedDocument,
    IndexedParagraph,
    IndexSettings,
    IndexStats,
    band_keys,
)
from dedupe_news.fingerprint import Signatures

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, source TEXT NOT NULL,
    host TEXT NOT NULL, date TEXT);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY, document INTEGER NOT NULL REFERENCES documents(id),
    position INTEGER NOT NULL, site_recurring INTEGER NOT NULL, text TEXT NOT NULL,
    signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL, paragraph INTEGER NOT NULL, PRIMARY KEY (key, paragraph)
) WITHOUT ROWID;
"""
# Stored paragraphs whose estimated Jaccard with the query is below this are
# not worth verifying (a shared band by chance).
MIN_ESTIMATED_JACCARD = 0.1
_CHUNK = 900
_ADD_CHUNK = 2_000
_PROBE_CHUNK = 2_000


class SQLiteIndex:
    """A corpus index in a SQLite file; the caller owns and closes it."""

    def __init__(self, connection: sqlite3.Connection, location: str, settings: IndexSettings):
        self._db = connection
        self.location = location
        self.settings = settings

    @classmethod
    def open(cls, location: str, settings: IndexSettings | None) -> SQLiteIndex:
        path = Path(location)
        if settings is None and not path.is_file():
            raise CorpusIndexError("no index there")
        try:
            if settings is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, timeout=60.0)
            db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL never corrupts; a power cut may drop the last commit.
            db.execute("PRAGMA synchronous=NORMAL")
            # A bounded page cache (64 MiB): big writes stay fast, memory stays flat.
            db.execute("PRAGMA cache_size=-65536")
            db.executescript(_SCHEMA)
            stored = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as error:
            raise CorpusIndexError(f"not a usable index: {error}") from None
        if stored:
            found = IndexSettings(**json.loads(stored["settings"]))
            if settings is not None and found != settings:
                raise CorpusIndexError(f"index was built with {found}, this run uses {settings}")
            settings = found
        elif settings is None:
            raise CorpusIndexError("empty index without settings")
        else:
            value = json.dumps(
                {"num_perm": settings.num_perm, "shingle_size": settings.shingle_size}
            )
            db.execute("INSERT OR IGNORE INTO meta VALUES ('settings', ?)", (value,))
        return cls(db, location, settings)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def query(self, signatures: Signatures) -> list[list[IndexedParagraph]]:
        found: list[list[IndexedParagraph]] = [[] for _ in range(len(signatures))]
        if not len(signatures):
            return found
        db = self._db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS probe (row INTEGER, key INTEGER)")
        db.execute("DELETE FROM probe")
        # A chunk of rows at a time: as Python ints, a crawl's millions of keys
        # would take hundreds of MB.
        for start in range(0, len(signatures), _PROBE_CHUNK):
            part = band_keys(signatures[start : start + _PROBE_CHUNK], self.settings)
            owners = np.repeat(np.arange(start, start + len(part)), part.shape[1])
            db.executemany(
                "INSERT INTO probe VALUES (?, ?)",
                zip(owners.tolist(), part.ravel().tolist(), strict=True),
            )
        # Streamed, and texts read only for pairs whose signatures agree enough:
        # a band shared by chance must not cost memory.
        pairs: dict[int, list[int]] = {}
        for row, paragraph in db.execute(
            "SELECT DISTINCT probe.row, b.paragraph FROM probe JOIN bands b ON b.key = probe.key"
        ):
            pairs.setdefault(paragraph, []).append(row)
        db.execute("DELETE FROM probe")
        ids = sorted(pairs)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            close: dict[int, list[int]] = {}
            for paragraph, blob in db.execute(
                f"SELECT id, signature FROM paragraphs WHERE id IN ({marks})", chunk
            ):
                stored = np.frombuffer(blob, dtype=np.uint32)
                rows = pairs[paragraph]
                agree = np.mean(signatures[rows] == stored, axis=1)
                kept = [
                    r
                    for r, a in zip(rows, agree.tolist(), strict=True)
                    if a >= MIN_ESTIMATED_JACCARD
                ]
                if kept:
                    close[paragraph] = kept
            if not close:
                continue
            marks = ",".join("?" * len(close))
            for paragraph, position, site, text, name, host in db.execute(
                "SELECT p.id, p.position, p.site_recurring, p.text, d.name, d.host"
                f" FROM paragraphs p JOIN documents d ON d.id = p.document WHERE p.id IN ({marks})",
                list(close),
            ):
                stored_paragraph = IndexedParagraph(name, position, host, text, bool(site))
                for row in close[paragraph]:
                    found[row].append(stored_paragraph)
        for candidates in found:
            candidates.sort(key=lambda p: (p.document, p.position))
        return found

    def known(self, names: Collection[str]) -> set[str]:
        wanted = list(names)
        known: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT name FROM documents WHERE name IN ({marks})"
            known.update(name for (name,) in self._db.execute(query, chunk))
        return known

    def add(
        self,
        documents: Sequence[IndexedDocument],
        paragraphs: Sequence[IndexedParagraph],
        signatures: Signatures,
        rows: npt.NDArray[np.int64] | None = None,
    ) -> None:
        try:
            with self._transaction():
                ids: dict[str, int] = {}
                for doc in documents:
                    cursor = self._db.execute(
                        "INSERT INTO documents (name, source, host, date) VALUES (?, ?, ?, ?)"
                        " ON CONFLICT (name) DO UPDATE SET name = name RETURNING id",
                        (doc.name, doc.source, doc.host, doc.date),
                    )
                    ids[doc.name] = int(cursor.fetchone()[0])
                # Band rows go in per chunk of paragraphs, sorted (B-tree locality),
                # so a large batch never holds all of its rows in memory at once.
                for start in range(0, len(paragraphs), _ADD_CHUNK):
                    end = start + _ADD_CHUNK
                    chunk = signatures[start:end] if rows is None else signatures[rows[start:end]]
                    keys = band_keys(chunk, self.settings)
                    self._add_chunk(ids, paragraphs[start:end], chunk, keys)
        except sqlite3.Error as error:
            raise CorpusIndexError(f"cannot write: {error}") from None

    def _add_chunk(
        self,
        ids: dict[str, int],
        paragraphs: Sequence[IndexedParagraph],
        signatures: Signatures,
        keys: npt.NDArray[np.int64],
    ) -> None:
        band_rows: list[tuple[int, int]] = []
        for paragraph, signature, row_keys in zip(
            paragraphs, signatures, keys.tolist(), strict=True
        ):
            cursor = self._db.execute(
                "INSERT INTO paragraphs (document, position, site_recurring, text, signature)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    ids[paragraph.document],
                    paragraph.position,
                    int(paragraph.site_recurring),
                    paragraph.text,
                    signature.astype(np.uint32).tobytes(),
                ),
            )
            rowid = cursor.lastrowid
            assert rowid is not None
            band_rows.extend((key, rowid) for key in row_keys)
        band_rows.sort()
        self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", band_rows)

    def stats(self) -> IndexStats:
        try:
            return self._stats()
        except sqlite3.Error as error:
            raise CorpusIndexError(f"cannot read: {error}") from None

    def _stats(self) -> IndexStats:
        db = self._db
        documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        paragraphs = db.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
        hosts = db.execute("SELECT COUNT(DISTINCT host) FROM documents").fetchone()[0]
        files = [Path(self.location + suffix) for suffix in ("", "-wal", "-shm")]
        size = sum(f.stat().st_size for f in files if f.exists())
        return IndexStats(self.location, documents, paragraphs, hosts, size, "on disk")

    def clear(self) -> None:
        try:
            with self._transaction():
                for table in ("bands", "paragraphs", "documents"):
                    self._db.execute(f"DELETE FROM {table}")
            self._db.execute("VACUUM")
        except sqlite3.Error as error:
            raise CorpusIndexError(f"cannot clear: {error}") from None

    def close(self) -> None:
        self._db.close()
