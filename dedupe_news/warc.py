"""WARC archives: their HTML responses as documents. The only module importing warcio."""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from dedupe_news.documents import DocumentInput, Failed
from dedupe_news.inputs import RawInput
from dedupe_news.records import document_id

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHUNK = 1 << 16


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


def _missing_bytes(record: Any) -> int:
    """Bytes of the record's declared length that the file does not hold (a cut archive)."""
    while record.raw_stream.read(_CHUNK):
        pass
    return int(getattr(record.raw_stream, "limit", 0))


def _starts_like_warc(stream: BinaryIO) -> bool:
    """Whether the (possibly gzipped) file begins with a WARC version line."""
    head = stream.read(2)
    stream.seek(0)
    try:
        if head == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=stream) as unpacked:
                head = unpacked.read(5)
        else:
            head = stream.read(5)
    except (OSError, EOFError, zlib.error):
        return False
    finally:
        stream.seek(0)
    return head == b"WARC/"


def _quiet() -> contextlib.AbstractContextManager[Any]:
    """warcio prints warnings about damaged records to stderr; the failure says enough."""
    return contextlib.redirect_stderr(io.StringIO())


def _records(records: ArchiveIterator) -> Iterator[Any]:
    iterator = iter(records)
    while True:
        with _quiet():
            record = next(iterator, None)
        if record is None:
            return
        yield record


def _offset(records: ArchiveIterator) -> int:
    with _quiet():
        return int(records.get_record_offset())


def warc_documents(path: str, max_bytes: int) -> Iterator[DocumentInput | Failed]:
    """Each HTML response of a WARC (or .warc.gz) file, in file order.

    The document's ``source`` is ``<path>#<byte offset of the record>``, its
    id comes from the WARC-Target-URI, which also becomes its ``url``; the
    WARC-Date's day becomes its ``date`` when the page states none. Other records are skipped. An
    unreadable archive ends with one failure naming it.
    """
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the generator ends
    except OSError as error:
        yield Failed(document_id(path), path, error.strerror or str(error))
        return
    with stream:
        if not _starts_like_warc(stream):
            yield Failed(document_id(path), path, "not a WARC file")
            return
        records = ArchiveIterator(stream)
        found = 0
        try:
            for record in _records(records):
                if record.rec_type is None:  # warcio's reading of a header cut short
                    source = f"{path}#{_offset(records)}"
                    yield Failed(document_id(source), source, "damaged record header")
                    continue
                if not _is_html_response(record):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                data = record.content_stream().read(max_bytes + 1)
                missing = _missing_bytes(record)
                source = f"{path}#{_offset(records)}"
                doc_id = document_id(uri or source)
                found += 1
                if missing:
                    yield Failed(
                        doc_id, source, f"truncated record ({missing:,} bytes missing)", uri
                    )
                    continue
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
            if not _starts_like_warc(stream):
                return 1
            for record in _records(ArchiveIterator(stream)):
                count += record.rec_type is None or _is_html_response(record)
    except Exception:  # the failure itself is reported when the archive is cleaned
        count += 1
    return count
