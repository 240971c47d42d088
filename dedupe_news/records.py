"""Stable identifiers for batch output: document ids and paragraph fingerprints.

A search index upserts by ``id`` and compares ``paragraph_fingerprints`` to
see which paragraphs of a re-crawled article changed, so both depend only on
what identifies the document and on the paragraph's text, never on the run.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import xxhash

from dedupe_news.result import Result


def document_id(identity: str) -> str:
    """The id of a document: xxh3-128 (32 hex digits) of what identifies it.

    The identity is the WARC-Target-URI for a WARC record, the path as given
    on the command line for a file, and the canonical URL for a page on
    stdin, so the same article crawled again keeps its id.
    """
    return xxhash.xxh3_128_hexdigest(identity.encode("utf-8"))


def content_id(data: bytes) -> str:
    """The id of a document known only by its bytes (stdin without a canonical URL)."""
    return xxhash.xxh3_128_hexdigest(data)


def normalize_paragraph(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: edits a reader cannot see do not count."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def paragraph_fingerprint(text: str) -> str:
    """xxh3-64 (16 hex digits) of the normalised paragraph."""
    return xxhash.xxh3_64_hexdigest(normalize_paragraph(text).encode("utf-8"))


def batch_record(result: Result, doc_id: str) -> dict[str, Any]:
    """``Result.to_record()`` plus ``id`` and one fingerprint per kept paragraph."""
    record = result.to_record()
    return {
        "id": doc_id,
        **record,
        "paragraph_fingerprints": [paragraph_fingerprint(p) for p in result.paragraphs],
    }


def error_record(doc_id: str, source: str, error: str) -> dict[str, Any]:
    """What is written for a document that could not be cleaned."""
    return {"id": doc_id, "source": source, "error": error}


def json_line(record: dict[str, Any]) -> str:
    """One JSON Lines record; the same bytes for the same record in every run."""
    return json.dumps(record, ensure_ascii=False) + "\n"
