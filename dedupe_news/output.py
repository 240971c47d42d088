"""Serialising results: text, markdown, JSON and JSON Lines, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from dedupe_news.model import BlockKind
from dedupe_news.result import Result


class OutputFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    JSONL = "jsonl"


def to_markdown(result: Result) -> str:
    lines = []
    if result.metadata.title:
        lines.append(f"# {result.metadata.title}")
    for verdict in result.kept:
        text = verdict.block.text
        if verdict.block.kind is BlockKind.HEADING:
            if text == result.metadata.title:
                continue
            text = f"## {text}"
        elif verdict.block.kind is BlockKind.LIST_ITEM:
            text = f"- {text}"
        elif verdict.block.kind is BlockKind.QUOTE:
            text = f"> {text}"
        lines.append(text)
    return "\n\n".join(lines) + "\n"


def render(results: Sequence[Result], records: Sequence[dict[str, Any]], fmt: OutputFormat) -> str:
    """All documents in one string of the chosen format."""
    if fmt is OutputFormat.JSONL:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt is OutputFormat.JSON:
        payload: Any = records[0] if len(records) == 1 else list(records)
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    texts = [
        to_markdown(r) if fmt is OutputFormat.MARKDOWN else (r.text + "\n" if r.text else "")
        for r in results
    ]
    if len(results) == 1:
        return texts[0]
    return "\n".join(f"==> {r.source} <==\n{t}" for r, t in zip(results, texts, strict=True))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so a kill never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would.
        os.chmod(temporary, 0o666 & ~_current_umask())
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def emit(content: str, destination: Path | None, stdout: TextIO) -> None:
    if destination is None:
        stdout.write(content)
        stdout.flush()
    else:
        write_atomically(destination, content)
