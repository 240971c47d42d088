"""Where batch output goes: JSON Lines that survive a kill, or one file per document."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import fields
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from dedupe_news import __version__
from dedupe_news.config import Config
from dedupe_news.output import OutputFormat, render, write_atomically
from dedupe_news.records import json_line
from dedupe_news.result import Result

SUFFIXES = {
    OutputFormat.TEXT: ".txt",
    OutputFormat.MARKDOWN: ".md",
    OutputFormat.JSON: ".json",
    OutputFormat.JSONL: ".jsonl",
}
_UNSAFE = re.compile(r"[^\w.-]+")
_EDGES = "._-"
_MAX_STEM_BYTES = 80
_ID_DIGITS = 16
# The settings of an --output-dir run, for --resume; no document's name starts with a dot.
DIRECTORY_SETTINGS = ".dedupe-news.settings.json"
_KNOWN_SUFFIXES = re.compile(r"(\.(html?|xhtml|shtml|php|aspx?|jsp|txt|text|md))?(\.gz)?$", re.I)


class ResumeError(ValueError):
    """An output file that a run cannot continue."""


def drop_partial_line(path: Path) -> None:
    """Cut a file after its last newline: the tail a kill may leave mid-record."""
    if not path.exists():
        return
    with path.open("rb+") as stream:
        data = stream.read()
        end = data.rfind(b"\n") + 1
        if end != len(data):
            stream.truncate(end)


def done_ids(path: Path) -> Counter[str]:
    """How often each document id occurs in a JSON Lines file of records."""
    seen: Counter[str] = Counter()
    if not path.exists():
        return seen
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            try:
                record = json.loads(line)
                seen[record["id"]] += 1
            except (ValueError, TypeError, KeyError):
                raise ResumeError(f"line {number} is not a record with an id") from None
    return seen


def settings_record(config: Config) -> dict[str, Any]:
    """Every setting that decides what cleaning keeps, as JSON values."""
    values: dict[str, Any] = {}
    for field in fields(config):
        value = getattr(config, field.name)
        if field.name == "sites":
            value = [
                {
                    "host": rules.host,
                    "boilerplate": [p.source for p in rules.boilerplate],
                    "keep": [p.source for p in rules.keep],
                }
                for rules in value
            ]
        elif isinstance(value, Enum):
            value = value.value
        values[field.name] = value
    return values


def write_settings(path: Path, config: Config) -> None:
    """Record beside an output the settings it is written with, for ``--resume``."""
    record = {"dedupe-news": __version__, "settings": settings_record(config)}
    write_atomically(path, json.dumps(record, ensure_ascii=False, indent=2) + "\n")


def changed_settings(path: Path, config: Config) -> list[str]:
    """The settings recorded at ``path`` that differ from ``config``, as "name: old, now new".

    An output without the record (written before it existed) is taken as it is.
    """
    if not path.exists():
        return []
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))["settings"]
    except (ValueError, TypeError, KeyError):
        recorded = None
    if not isinstance(recorded, dict):
        raise ResumeError(f"{path} is not a settings record")
    now = json.loads(json.dumps(settings_record(config)))
    return [
        f"{name}: {json.dumps(recorded.get(name))}, now {json.dumps(now.get(name))}"
        for name in sorted(set(recorded) | set(now))
        if recorded.get(name) != now.get(name)
    ]


class LineWriter:
    """Appends whole lines to a file (opened at the first line) or a stream, flushing each.

    A kill can then cut at most the line being written, which ``--resume``
    drops. Nothing is opened for a run that writes no line, so an earlier
    output survives a run where everything failed.
    """

    def __init__(self, path: Path | None, stream: TextIO | None, *, append: bool) -> None:
        self._path = path
        self._stream = stream
        self._append = append
        self._owned: TextIO | None = None

    def write(self, line: str) -> None:
        stream = self._stream
        if stream is None:
            assert self._path is not None
            self._path.parent.mkdir(parents=True, exist_ok=True)
            if self._append:
                stream = self._path.open("a", encoding="utf-8")
            else:
                stream = self._path.open("w", encoding="utf-8")
            self._owned = self._stream = stream
        stream.write(line)
        stream.flush()

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()


def _clip(text: str, limit: int, *, keep_end: bool) -> str:
    """At most ``limit`` bytes of UTF-8, from the start or the end, whole characters only."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    part = data[-limit:] if keep_end else data[:limit]
    return part.decode("utf-8", errors="ignore")


def output_name(hint: str, doc_id: str, suffix: str) -> str:
    """A file name for a document: word characters, dots and dashes only, never a path.

    ``hint`` is the input path as given (its end is kept: the file's name and
    folders) or the page's URL (its start is kept: host and path); the id
    keeps documents with the same stem apart.
    """
    is_url = "://" in hint
    readable = hint.split("://", 1)[1] if is_url else _KNOWN_SUFFIXES.sub("", hint)
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFKC", readable)).strip(_EDGES)
    stem = _clip(stem, _MAX_STEM_BYTES, keep_end=not is_url).strip(_EDGES) or "document"
    return f"{stem}.{doc_id[:_ID_DIGITS]}{suffix}"


class OutputDirectory:
    """One file per document, named from the input, always directly inside ``root``."""

    def __init__(self, root: Path, fmt: OutputFormat) -> None:
        self.root = root
        self.fmt = fmt

    def path_for(self, hint: str, doc_id: str) -> Path:
        path = self.root / output_name(hint, doc_id, SUFFIXES[self.fmt])
        if path.parent != self.root or path.name in {"", ".", ".."}:
            raise ValueError(f"refusing an output name outside {self.root}: {path.name!r}")
        return path

    def write(self, path: Path, result: Result, record: dict[str, Any]) -> None:
        """Write one document to ``path`` (from ``path_for``), atomically."""
        if self.fmt is OutputFormat.JSONL:
            content = json_line(record)
        else:
            content = render([result], [record], self.fmt)
        write_atomically(path, content)
