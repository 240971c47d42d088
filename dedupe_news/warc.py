"""WARC archives: their HTML responses as documents. The only module importing warcio."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from dedupe_news.documents import DocumentInput, Failed
from dedupe_news.inputs import RawInput
from dedupe_news.records import document_id

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def _is_html_response(record: Any) -> bool:
    """A response record whose HTTP status is 2xx and whose body is HTML."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    media_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    return status.startswith("2") and media_type.strip().lower() in HTML_TYPES


def _day(warc_date: str | None) -> str | None:
    """The day of a WARC-Date (W3C ISO 8601), in the format of the ``date`` field."""
    match = _DAY.match(warc_date or "")
    return match.group(0) if match else None


def warc_documents(path: str, max_bytes: int) -> Iterator[DocumentInput | Failed]:
    """Each HTML response of a WARC (or .warc.gz) file, in file order.

    The document's ``source`` is ``<path>#<byte offset of the record>``, its
    id comes from the WARC-Target-URI, which also becomes its ``url``; the
    WARC-Date's day becomes its ``date``. Other records are skipped. An
    unreadable archive ends with one failure naming it.
    """
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the generator ends
    except OSError as error:
        yield Failed(document_id(path), path, error.strerror or str(error))
        return
    with stream:
        records = ArchiveIterator(stream)
        found = 0
        try:
            for record in records:
                if not _is_html_response(record):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                data = record.content_stream().read(max_bytes + 1)
                source = f"{path}#{records.get_record_offset()}"
                doc_id = document_id(uri or source)
                found += 1
                if len(data) > max_bytes:
                    limit = f"larger than the limit of {max_bytes:,} bytes (see --max-bytes)"
                    yield Failed(doc_id, source, limit, uri)
                    continue
                yield DocumentInput(
                    id=doc_id,
                    source=source,
                    raw=RawInput(source=source, data=data, is_html=True),
                    url=uri,
                    date=_day(record.rec_headers.get_header("WARC-Date")),
                )
        except Exception as error:  # warcio raises many kinds on damaged archives
            problem = f"{type(error).__name__}: {error}"
            reason = f"unreadable WARC after {found} HTML responses ({problem})"
            yield Failed(document_id(f"{path}#unreadable"), path, reason)


def count_html_responses(path: str) -> int:
    """How many documents ``warc_documents`` will yield (for progress totals)."""
    count = 0
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                count += _is_html_response(record)
    except Exception:  # the failure itself is reported when the archive is cleaned
        count += 1
    return count
