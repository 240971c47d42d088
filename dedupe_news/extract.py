"""HTML to metadata and ordered blocks. The only module that imports trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import trafilatura
from lxml.etree import LxmlError

from dedupe_news.config import Config
from dedupe_news.model import Block, BlockKind, Document, Metadata

_BLOCK_KINDS = {
    "p": BlockKind.PARAGRAPH,
    "head": BlockKind.HEADING,
    "item": BlockKind.LIST_ITEM,
    "code": BlockKind.CODE,
}
_CONTAINERS = {"list", "div", "body", "main", "doc", "section"}


class ExtractionError(ValueError):
    """The page holds no extractable main text."""


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _walk(element: Any, inside_quote: bool = False) -> Iterator[Block]:
    """Yield blocks in document order; containers are opened, leaves are read."""
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "quote":
            has_blocks = any(isinstance(c.tag, str) and c.tag in _BLOCK_KINDS for c in child)
            if has_blocks:
                yield from _walk(child, inside_quote=True)
            elif text := _text(child):
                yield Block(text, BlockKind.QUOTE)
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_text(cell) for cell in row.iter("cell")]
                if line := " | ".join(c for c in cells if c):
                    yield Block(line, BlockKind.TABLE_ROW)
        elif tag == "item" and any(isinstance(c.tag, str) and c.tag == "list" for c in child):
            own = (child.text or "").strip()
            if own:
                yield Block(" ".join(own.split()), BlockKind.LIST_ITEM)
            yield from _walk(child, inside_quote)
        elif tag in _BLOCK_KINDS:
            if text := _text(child):
                kind = BlockKind.QUOTE if inside_quote and tag == "p" else _BLOCK_KINDS[tag]
                yield Block(text, kind)
        elif tag in _CONTAINERS or len(child):
            yield from _walk(child, inside_quote)
        elif tag not in {"graphic", "lb"} and (text := _text(child)):
            yield Block(text, BlockKind.PARAGRAPH)


def _without_title(blocks: tuple[Block, ...], title: str | None) -> tuple[Block, ...]:
    """The page's headline is metadata: drop the heading that repeats it."""
    if not title:
        return blocks
    wanted = " ".join(title.split()).casefold()
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING and block.text.casefold() == wanted:
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def extract_html(
    html: bytes | str, config: Config, *, source: str = "<string>", url: str | None = None
) -> Document:
    """Run trafilatura and return the main text as blocks, with metadata."""
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=config.include_comments,
            include_tables=config.include_tables,
            favor_precision=config.favor_precision,
            favor_recall=config.favor_recall,
            deduplicate=False,
            as_dict=False,
        )
    except LxmlError as error:
        # libxml2 reports a failed allocation as an "unknown error" from XPath.
        raise ExtractionError(f"the HTML parser failed ({error}; out of memory?)") from None
    except ImportError as error:
        # htmldate imports dateparser on first use; without memory to map it
        # that fails here, in the middle of one page.
        reason = " ".join(str(error).split())
        raise ExtractionError(f"a library failed to load ({reason}; out of memory?)") from None
    if not isinstance(extracted, trafilatura.settings.Document) or extracted.body is None:
        raise ExtractionError("no main text found")
    blocks = _without_title(tuple(_walk(extracted.body)), extracted.title)
    if not blocks:
        raise ExtractionError("no main text found")
    metadata = Metadata(
        title=extracted.title or None,
        author=extracted.author or None,
        date=extracted.date or None,
        url=extracted.url or url,
        site=extracted.sitename or extracted.hostname or None,
        language=extracted.language or None,
    )
    return Document(blocks=blocks, metadata=metadata, source=source)
