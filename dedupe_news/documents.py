"""What a batch cleans and what comes out of it: plain data that crosses processes."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace

from dedupe_news.config import Config
from dedupe_news.inputs import RawInput, decode_text
from dedupe_news.pipeline import clean_file, clean_html, clean_text
from dedupe_news.result import Result


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """One document to clean: a file that the worker reads, or bytes already read.

    ``url`` (the WARC-Target-URI) replaces what the page says; ``date`` (the
    crawl day) is used only when the page states no publication date, since
    the canonical copy of a syndicated story is decided by publication date.
    """

    id: str
    source: str
    path: str | None = None
    raw: RawInput | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A document that was cleaned; ``url`` is its WARC-Target-URI, if any."""

    id: str
    source: str
    result: Result
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """A document (or an argument) that could not be cleaned, and why."""

    id: str
    source: str
    error: str
    url: str | None = None


Outcome = Cleaned | Failed

_WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article>"
    "<p>The council approved the new budget on Tuesday after a long debate.</p>"
    "<p>Advertisement</p>"
    "<p>The council approved the new budget on Tuesday after a long debate.</p>"
    "</article></body></html>"
)


def warm_up(config: Config) -> None:
    """Load once what cleaning loads on first use (compiled rules, the extractor's
    domain list), so that workers forked afterwards share it instead of each
    loading it again."""
    with contextlib.suppress(Exception):
        clean_html(_WARM_UP_PAGE, config, url="https://www.example.com/news/warm-up")


def clean_input(document: DocumentInput, config: Config) -> Result:
    """Clean one document; raises on a bad page like ``clean_file``."""
    if document.raw is None:
        assert document.path is not None
        result = clean_file(document.path, config)
    elif document.raw.is_html:
        result = clean_html(document.raw.data, config, source=document.source, url=document.url)
    else:
        result = clean_text(decode_text(document.raw.data), config, source=document.source)
    if document.url is None and document.date is None:
        return result
    metadata = replace(
        result.metadata,
        url=document.url or result.metadata.url,
        date=result.metadata.date or document.date,
    )
    return replace(result, metadata=metadata)
