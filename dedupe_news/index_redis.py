"""The corpus index in Redis, shared by processes on several machines.

LSH buckets are datasketch's own Redis storage (``MinHashLSH`` with
``storage_config={"type": "redis", ...}``); keys are bytes
(``prepickle=False``), so nothing is pickled. Paragraph and document records
are JSON in two Redis hashes. A paragraph's record is written before its LSH
keys, so every key a query finds has a record.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt
import redis
from datasketch import MinHashLSH

from dedupe_news.corpus_index import (
    CORPUS_LSH_THRESHOLD,
    CorpusIndexError,
    IndexedDocument,
    IndexedParagraph,
    IndexSettings,
    IndexStats,
)
from dedupe_news.fingerprint import Signatures, fingerprinter_for

BASENAME = b"dedupe_news"
_SETTINGS = BASENAME + b"_settings"
_PARAGRAPHS = BASENAME + b"_paragraphs"
_DOCUMENTS = BASENAME + b"_documents"


def _paragraph_key(document: str, position: int) -> bytes:
    return f"{document}\x1f{position}".encode()


class RedisIndex:
    """A corpus index in a Redis database; the caller owns and closes it."""

    def __init__(self, client: Any, location: str, settings: IndexSettings, params: dict[str, Any]):
        self._redis = client
        self.location = location
        self.settings = settings
        self._lsh = MinHashLSH(
            threshold=CORPUS_LSH_THRESHOLD,
            num_perm=settings.num_perm,
            storage_config={"type": "redis", "basename": BASENAME, "redis": params},
            prepickle=False,
        )

    @classmethod
    def open(cls, location: str, settings: IndexSettings | None) -> RedisIndex:
        try:
            parts = urlsplit(location)
            params: dict[str, Any] = {
                "host": parts.hostname or "localhost",
                "port": parts.port or 6379,
                "db": int(parts.path.strip("/") or 0),
            }
            if parts.password:
                params.update(username=parts.username or None, password=parts.password)
            client = redis.Redis(**params)
            stored = client.get(_SETTINGS)
            if stored is None and settings is not None:
                value = json.dumps(
                    {"num_perm": settings.num_perm, "shingle_size": settings.shingle_size}
                )
                # SET NX: when two workers start at once, one writes, both read it back.
                client.set(_SETTINGS, value, nx=True)
                stored = client.get(_SETTINGS)
        except (redis.RedisError, ValueError) as error:
            raise CorpusIndexError(f"cannot use Redis: {error}") from None
        if stored is None:
            raise CorpusIndexError("no index there")
        found = IndexSettings(**json.loads(stored))
        if settings is not None and found != settings:
            raise CorpusIndexError(f"index was built with {found}, this run uses {settings}")
        return cls(client, location, found, params)

    def query(self, signatures: Signatures) -> list[list[IndexedParagraph]]:
        fingerprinter = fingerprinter_for(self.settings.num_perm)
        found: list[list[IndexedParagraph]] = []
        try:
            for signature in signatures:
                keys = sorted(self._lsh.query(fingerprinter.minhash(signature)))
                records = self._redis.hmget(_PARAGRAPHS, keys) if keys else []
                found.append([_paragraph(json.loads(r)) for r in records if r is not None])
        except redis.RedisError as error:
            raise CorpusIndexError(f"cannot query Redis: {error}") from None
        return found

    def known(self, names: Collection[str]) -> set[str]:
        wanted = list(names)
        if not wanted:
            return set()
        try:
            present = self._redis.hmget(_DOCUMENTS, wanted)
        except redis.RedisError as error:
            raise CorpusIndexError(f"cannot query Redis: {error}") from None
        return {name for name, record in zip(wanted, present, strict=True) if record is not None}

    def add(
        self,
        documents: Sequence[IndexedDocument],
        paragraphs: Sequence[IndexedParagraph],
        signatures: Signatures,
        rows: npt.NDArray[np.int64] | None = None,
    ) -> None:
        fingerprinter = fingerprinter_for(self.settings.num_perm)
        try:
            pipe = self._redis.pipeline(transaction=True)
            for doc in documents:
                record = {"source": doc.source, "host": doc.host, "date": doc.date}
                pipe.hset(_DOCUMENTS, doc.name, json.dumps(record))
            for paragraph in paragraphs:
                paragraph_record: dict[str, Any] = {
                    "document": paragraph.document,
                    "position": paragraph.position,
                    "host": paragraph.host,
                    "text": paragraph.text,
                    "site_recurring": paragraph.site_recurring,
                }
                key = _paragraph_key(paragraph.document, paragraph.position)
                pipe.hset(_PARAGRAPHS, key, json.dumps(paragraph_record))
            pipe.execute()
            with self._lsh.insertion_session() as session:
                for number, paragraph in enumerate(paragraphs):
                    signature = signatures[number if rows is None else int(rows[number])]
                    key = _paragraph_key(paragraph.document, paragraph.position)
                    session.insert(key, fingerprinter.minhash(signature), check_duplication=False)
        except redis.RedisError as error:
            raise CorpusIndexError(f"cannot write to Redis: {error}") from None

    def stats(self) -> IndexStats:
        try:
            documents = self._redis.hvals(_DOCUMENTS)
            paragraphs = int(self._redis.hlen(_PARAGRAPHS))
            memory = int(self._redis.info("memory")["used_memory"])
        except redis.RedisError as error:
            raise CorpusIndexError(f"cannot query Redis: {error}") from None
        hosts = {json.loads(record)["host"] for record in documents}
        return IndexStats(
            self.location, len(documents), paragraphs, len(hosts), memory, "Redis used_memory"
        )

    def clear(self) -> None:
        try:
            # The settings stay: a cleared index is empty, not gone.
            for key in self._redis.scan_iter(match=BASENAME + b"_*", count=1000):
                if key != _SETTINGS:
                    self._redis.delete(key)
        except redis.RedisError as error:
            raise CorpusIndexError(f"cannot clear Redis: {error}") from None

    def close(self) -> None:
        self._redis.close()


def _paragraph(record: dict[str, Any]) -> IndexedParagraph:
    return IndexedParagraph(
        record["document"],
        int(record["position"]),
        record["host"],
        record["text"],
        bool(record["site_recurring"]),
    )
