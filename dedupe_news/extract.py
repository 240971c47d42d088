"""HTML to metadata and ordered blocks. The only module that imports trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import trafilatura
from lxml.etree import LxmlError
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from dedupe_news.config import Config
from dedupe_news.model import Block, BlockKind, Document, Metadata
from dedupe_news.recover import PageLayout, is_prose, page_layout, recover_paragraphs

_BLOCK_KINDS = {
    "p": BlockKind.PARAGRAPH,
    "head": BlockKind.HEADING,
    "item": BlockKind.LIST_ITEM,
    "code": BlockKind.CODE,
}
_CONTAINERS = {"list", "div", "body", "main", "doc", "section"}
# Inline markup inside a container continues the loose text around it.
_INLINE = {"hi", "ref", "del", "span", "a", "b", "i", "em", "strong", "sub", "sup"}


# Precision extraction is checked against the default one when it kept less
# than this share of the prose on the page, and replaced when the default adds
# more than this many times the words precision kept.
IMPLAUSIBLE_SHARE = 0.5
FALLBACK_GAIN = 2.0


# The headline is among the first blocks: nearly all of its words are in the
# page title, which it covers for the most part (the title may add the site).
TITLE_SEARCH_BLOCKS = 3
TITLE_HEADING_SHARE = 0.75
TITLE_COVER_SHARE = 0.5
_WORD = re.compile(r"\w+")
# A kicker: a few words, joined to the headline in the page title by one of these.
KICKER_MAX_WORDS = 8
_TITLE_SEPARATOR = re.compile(r"\s+[–—|-]\s+|:\s+")


class ExtractionError(ValueError):
    """The page holds no extractable main text."""


def _text(element: Any) -> str:
    """The element's text, a line break (``lb``) read as a space."""
    parts = [element.text or ""]
    for node in element.iterdescendants():
        if node.tag == "lb":
            parts.append(" ")
        elif isinstance(node.tag, str):
            parts.append(node.text or "")
        parts.append(node.tail or "")
    return " ".join("".join(parts).split())


def _walk(element: Any, inside_quote: bool = False, own_text: bool = True) -> Iterator[Block]:
    """Yield blocks in document order; containers are opened, leaves are read.

    Text lying loose in a container (before its first child, or as the tail
    after a heading or paragraph) is article text too: trafilatura puts a
    section's body there when the page has no ``<p>`` around it.
    """
    loose_kind = BlockKind.QUOTE if inside_quote else BlockKind.PARAGRAPH
    run: list[str] = [(element.text or "") if own_text else ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _INLINE:
            run.extend((_text(child), child.tail or ""))
            continue
        if loose := " ".join(" ".join(run).split()):
            yield Block(loose, loose_kind)
        run = [child.tail or ""]
        yield from _child_blocks(child, tag, inside_quote)
    if loose := " ".join(" ".join(run).split()):
        yield Block(loose, loose_kind)


def _child_blocks(child: Any, tag: str, inside_quote: bool) -> Iterator[Block]:
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
        yield from _walk(child, inside_quote, own_text=False)
    elif tag in _BLOCK_KINDS:
        if text := _text(child):
            kind = BlockKind.QUOTE if inside_quote and tag == "p" else _BLOCK_KINDS[tag]
            yield Block(text, kind)
    elif tag in _CONTAINERS or len(child):
        yield from _walk(child, inside_quote)
    elif tag not in {"graphic", "lb"} and (text := _text(child)):
        yield Block(text, BlockKind.PARAGRAPH)


def _title_tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _repeats_title(heading: str, title: str) -> bool:
    """Whether a heading is the page's headline: the title, give or take the
    site's name appended to it, typography, or a word reworded."""
    words, title_words = _title_tokens(heading), set(_title_tokens(title))
    if not words or not title_words:
        return False
    in_title = sum(w in title_words for w in words) / len(words)
    covered = len(set(words) & title_words) / len(title_words)
    return in_title >= TITLE_HEADING_SHARE and covered >= TITLE_COVER_SHARE


def _is_title_kicker(block: Block, title: str) -> bool:
    """Whether a short line is the part of the title before or after its separator.

    Pages set the kicker above the headline ("Zum Tod von Anton Imboden")
    and join both in the title ("Zum Tod von Anton Imboden – Der Mann, der …").
    """
    text = " ".join(block.text.split()).casefold()
    if len(text.split()) > KICKER_MAX_WORDS or text.endswith((".", "!", "?")):
        return False
    parts = _TITLE_SEPARATOR.split(" ".join(title.split()).casefold())
    return len(parts) > 1 and text in parts


def _without_title(blocks: tuple[Block, ...], title: str | None) -> tuple[Block, ...]:
    """The page's headline is metadata: drop the heading near the top that repeats it,
    and a kicker above it that the title holds too."""
    if not title:
        return blocks
    if blocks and _is_title_kicker(blocks[0], title):
        blocks = blocks[1:]
    wanted = " ".join(title.split()).casefold()
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING and block.text.casefold() == wanted:
            return blocks[:index] + blocks[index + 1 :]
    for index, block in enumerate(blocks[:TITLE_SEARCH_BLOCKS]):
        if block.kind is BlockKind.HEADING and _repeats_title(block.text, title):
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def _extract(tree: Any, config: Config, url: str | None, *, precise: bool) -> Any:
    """trafilatura's document for a parsed page (it works on its own copy of the tree)."""
    try:
        extracted = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=config.include_comments,
            include_tables=config.include_tables,
            favor_precision=precise,
            favor_recall=config.favor_recall,
            deduplicate=False,
            # Any format but "python": the body is read as a tree (``_walk``),
            # so trafilatura need not also serialise it to ``text``.
            output_format="txt",
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
        return None
    return extracted


def _precise_text_is_implausible(blocks: Sequence[Block], layout: PageLayout) -> bool:
    """Whether the precision extraction kept too little of the page's prose to be trusted."""
    page = sum(len(p.text.split()) for p in layout.paragraphs if p.is_prose)
    return _words(b for b in blocks if is_prose(b.text)) < IMPLAUSIBLE_SHARE * page


def _default_prose(default: Sequence[Block], precise: Sequence[Block]) -> tuple[Block, ...] | None:
    """The default extraction's blocks, when its own prose outweighs all precision kept.

    Of the default extraction only prose and what precision kept too are
    taken: the short lines it adds are the page furniture precision dropped.
    """
    kept = {b.text for b in precise}
    added = [b for b in default if b.text not in kept and is_prose(b.text)]
    if sum(len(b.text.split()) for b in added) <= FALLBACK_GAIN * _words(precise):
        return None
    return tuple(b for b in default if b.text in kept or is_prose(b.text))


def _words(blocks: Iterable[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks)


def _declared_language(tree: Any) -> str | None:
    """The page's ``<html lang>`` (or ``content-language`` meta), e.g. "pt" for "pt-BR"."""
    root = tree.getroottree().getroot()
    declared = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        metas = root.xpath(
            '//meta[@http-equiv="content-language" or @http-equiv="Content-Language"]'
        )
        declared = metas[0].get("content") if metas else None
    code = str(declared or "").strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


# A <time> followed by at least this many words in its paragraph is part of
# a sentence ("<time>16.55 uur</time> – Het NL-Alert …"), not a date stamp.
INLINE_TIME_MIN_WORDS_AFTER = 3
_PROSE_PARENTS = frozenset({"p", "li", "td", "dd", "blockquote"})


def _keep_inline_times(tree: HtmlElement) -> None:
    """Turn a ``<time>`` inside a sentence into plain text.

    trafilatura removes every ``<time>`` with its text, which cuts the times
    out of a live blog's entries ("16.55 uur – …") and leaves entries that
    differ only in them looking like copies. A ``<time>`` that is the whole
    of a date stamp ("Published <time>…</time>") is left as it is.
    """
    for time in list(tree.iter("time")):
        parent = time.getparent()
        if (
            parent is not None
            and parent.tag in _PROSE_PARENTS
            and len((time.tail or "").split()) >= INLINE_TIME_MIN_WORDS_AFTER
        ):
            time.tag = "span"


def extract_html(
    html: bytes | str, config: Config, *, source: str = "<string>", url: str | None = None
) -> Document:
    """Run trafilatura and return the main text as blocks, with metadata.

    With ``favor_precision``, a page whose precision extraction kept only a
    small part of its prose is extracted again without it, and the default
    extraction is used when it holds much more article text. Paragraphs left
    behind in the article's own containers are recovered (see ``recover``).
    """
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("no main text found")
    _keep_inline_times(tree)
    # Read from the page's own tree while the parser has just left it in the
    # CPU caches: trafilatura works on a copy and leaves the tree as it is.
    layout = page_layout(tree) if config.recover_text else None
    declared_language = _declared_language(tree)
    precise = config.favor_precision
    extracted = _extract(tree, config, url, precise=precise)
    blocks = () if extracted is None else tuple(_walk(extracted.body))
    if precise and layout is not None and _precise_text_is_implausible(blocks, layout):
        default = _extract(tree, config, url, precise=False)
        recovered = None if default is None else _default_prose(tuple(_walk(default.body)), blocks)
        if recovered is not None:
            extracted, blocks = default, recovered
    if extracted is None:
        raise ExtractionError("no main text found")
    if layout is not None:
        blocks = recover_paragraphs(blocks, layout)
    blocks = _without_title(blocks, extracted.title)
    if not blocks:
        raise ExtractionError("no main text found")
    metadata = Metadata(
        title=extracted.title or None,
        author=extracted.author or None,
        date=extracted.date or None,
        url=extracted.url or url,
        site=extracted.sitename or extracted.hostname or None,
        language=extracted.language or None,
        description=extracted.description or None,
    )
    return Document(
        blocks=blocks, metadata=metadata, source=source, declared_language=declared_language
    )
