"""Command-line arguments to the documents of a batch, in input order.

Arguments are files, directories (searched recursively), globs, ``-`` (one
document on stdin) and path lists (one path per line). WARC files expand to
their HTML responses. A file's document id comes from its path as given;
stdin's from the page's canonical URL, else from its bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from lxml.etree import LxmlError
from trafilatura.metadata import extract_url
from trafilatura.utils import load_html

from dedupe_news.documents import DocumentInput, Failed
from dedupe_news.inputs import INPUT_SUFFIXES, InputError, RawInput, expand_inputs, read_input
from dedupe_news.records import content_id, document_id
from dedupe_news.warc import count_html_responses, is_warc, warc_documents

BATCH_SUFFIXES = INPUT_SUFFIXES | {".warc"}
STDIN = "-"

Entry = str | Failed


def read_path_list(stream: TextIO) -> Iterator[str]:
    """The paths of a list file: one per line; blank lines and ``#`` comments skipped."""
    for line in stream:
        path = line.rstrip("\r\n")
        if path.strip() and not path.lstrip().startswith("#"):
            yield path


def stdin_id(raw: RawInput) -> str:
    """The id of a document on stdin, which has no path to name it.

    A page that states its canonical URL gets the id a WARC record of that
    URL gets, so a re-crawled article piped in again upserts the same record;
    anything else is named by its bytes.
    """
    if raw.is_html:
        try:
            tree = load_html(raw.data)
            url = extract_url(tree) if tree is not None else None
        except (LxmlError, ValueError):
            url = None
        if url:
            return document_id(url)
    return content_id(raw.data)


def expand_arguments(
    arguments: Iterable[str], *, skipped: list[tuple[str, int]] | None = None
) -> Iterator[Entry]:
    """Each argument's files in order (a directory's sorted), or why it matched none.

    Directories where files of other kinds were left out go to ``skipped``.
    """
    for argument in arguments:
        found, problems = expand_inputs([argument], BATCH_SUFFIXES, skipped=skipped)
        yield from found
        for name, reason in problems:
            yield Failed(document_id(name), name, reason)


def count_documents(entries: Iterable[Entry]) -> int:
    """How many outcomes ``documents`` yields for these entries (reads WARC headers)."""
    return sum(count_html_responses(e) if isinstance(e, str) and is_warc(e) else 1 for e in entries)


def documents(entries: Iterable[Entry], max_bytes: int) -> Iterator[DocumentInput | Failed]:
    """The documents of the entries, lazily: a WARC file is read as it is reached."""
    for entry in entries:
        if isinstance(entry, Failed):
            yield entry
        elif entry == STDIN:
            # The workers cannot read this process's stdin: read it here.
            try:
                raw = read_input(STDIN, max_bytes)
            except InputError as error:
                yield Failed(document_id(STDIN), STDIN, str(error))
            else:
                yield DocumentInput(id=stdin_id(raw), source=STDIN, raw=raw)
        elif is_warc(entry):
            yield from warc_documents(entry, max_bytes)
        else:
            yield DocumentInput(id=document_id(entry), source=entry, path=entry)
