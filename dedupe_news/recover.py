"""Article paragraphs the extractor left behind, found from the page's own layout.

trafilatura reads the article from the container it judges to be the main
text. Two layouts defeat that: a body split into several sibling containers
around an ad or a newsletter box (only the first chunk is kept), and a
paragraph inside the main container dropped by the precision filters (a
sentence that links to its source, say). Both leave the missing paragraphs in
containers of exactly the same kind as the ones the extractor did keep, so
the DOM tells them apart from sidebars and footers, which sit in containers
of other kinds. Only prose is recovered: a paragraph of sentences, mostly not
link text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dedupe_news.model import Block, BlockKind

# A recovered paragraph is prose: this many words, sentence punctuation at
# the end, and at most this share of its text inside links.
MIN_PROSE_WORDS = 8
MAX_LINK_SHARE = 0.5
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")", "»")
# A kept paragraph with at least this share of a page paragraph's words, in
# order, is that paragraph with link text cut out.
COMPLETE_MIN_SHARE = 0.5
# Sibling chunks of one article body share an ancestor this close above them.
MAX_CHUNK_DISTANCE = 3
_WORD = re.compile(r"\w+")
# Extracted blocks of these kinds are looked up among the page's <p>.
_MATCHED_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE})


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    """One ``<p>`` of the page, in document order."""

    text: str
    container: int
    link_share: float

    @property
    def is_prose(self) -> bool:
        return is_prose(self.text) and self.link_share <= MAX_LINK_SHARE


def is_prose(text: str) -> bool:
    """A paragraph of sentences: enough words, sentence punctuation at the end."""
    return len(text.split()) >= MIN_PROSE_WORDS and text.endswith(_SENTENCE_END)


@dataclass(frozen=True, slots=True)
class Container:
    """The element holding some ``<p>``: its kind and its nearest ancestors."""

    key: str
    ancestors: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PageLayout:
    """Every paragraph of a page and the containers they sit in."""

    paragraphs: tuple[SourceParagraph, ...]
    containers: tuple[Container, ...]


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _container_key(element: Any) -> str:
    classes = " ".join(sorted((element.get("class") or "").split()))
    return f"{element.tag}.{classes}" if classes else ""


def page_layout(tree: Any) -> PageLayout:
    """Read every ``<p>`` of a parsed page (lxml tree), with its container."""
    index: dict[Any, int] = {}
    containers: list[Container] = []
    ancestor_ids: dict[Any, int] = {}
    paragraphs: list[SourceParagraph] = []
    for element in tree.iter("p"):
        parent = element.getparent()
        if parent is None:
            continue
        if parent not in index:
            ancestors: list[int] = []
            node = parent.getparent()
            while node is not None and len(ancestors) < MAX_CHUNK_DISTANCE:
                ancestors.append(ancestor_ids.setdefault(node, len(ancestor_ids)))
                node = node.getparent()
            index[parent] = len(containers)
            containers.append(Container(_container_key(parent), tuple(ancestors)))
        text = _normalise(element.text_content())
        if not text:
            continue
        linked = sum(len(a.text_content()) for a in element.iter("a"))
        paragraphs.append(SourceParagraph(text, index[parent], linked / len(text)))
    return PageLayout(tuple(paragraphs), tuple(containers))


def _article_containers(layout: PageLayout, kept: Sequence[int]) -> set[int]:
    """Containers of the extracted paragraphs' kind, and their sibling chunks.

    The kind is the one holding most of the extracted words; a container
    without a class has no kind and is only trusted as itself.
    """
    words: Counter[int] = Counter()
    for position in kept:
        paragraph = layout.paragraphs[position]
        words[paragraph.container] += len(paragraph.text.split())
    by_key: Counter[str] = Counter()
    for container, count in words.items():
        by_key[layout.containers[container].key] += count
    key, _ = by_key.most_common(1)[0]
    if not key:
        main = max(words, key=lambda c: words[c])
        return {main}
    own = {c for c in words if layout.containers[c].key == key}
    near = {a for c in own for a in layout.containers[c].ancestors}
    return own | {
        c
        for c, container in enumerate(layout.containers)
        if container.key == key and near.intersection(container.ancestors)
    }


def _completes(full: str, part: str) -> bool:
    """Whether ``part`` is ``full`` with a few words cut out (link text the filters dropped)."""
    words, wanted = _WORD.findall(full), _WORD.findall(part)
    if len(wanted) < COMPLETE_MIN_SHARE * len(words):
        return False
    remaining = iter(words)
    return all(word in remaining for word in wanted)


def _repeat_to_record(text: str) -> bool:
    """Whether a page's second copy of an extracted paragraph comes back too.

    trafilatura drops a paragraph that repeats the one before it (the lead
    printed again after an ad slot it strips) without saying so; brought
    back, the duplicate stage removes it with a record of what it copies. A
    question is not: interviewers ask again, and a page's repeated question
    would then be kept twice.
    """
    return not text.rstrip().endswith(("?", "？"))


def recover_paragraphs(blocks: Sequence[Block], layout: PageLayout) -> tuple[Block, ...]:
    """The blocks, plus the prose paragraphs left behind in the article's containers.

    A paragraph the extractor kept with words cut out is replaced by the
    page's full paragraph. The others are placed in document order, after the
    extracted paragraph that precedes them on the page.
    """
    positions: dict[str, list[int]] = {}
    for position, paragraph in enumerate(layout.paragraphs):
        positions.setdefault(paragraph.text, []).append(position)
    block_position: dict[int, int] = {}
    for index, block in enumerate(blocks):
        if block.kind in _MATCHED_KINDS and positions.get(block.text):
            block_position[index] = positions[block.text].pop(0)
    if not block_position:
        return tuple(blocks)
    kept = set(block_position.values())
    article = _article_containers(layout, sorted(kept))
    extracted = {b.text for b in blocks}
    found = [
        position
        for position, paragraph in enumerate(layout.paragraphs)
        if position not in kept
        and paragraph.container in article
        and paragraph.is_prose
        and (paragraph.text not in extracted or _repeat_to_record(paragraph.text))
    ]
    if not found:
        return tuple(blocks)
    result = list(blocks)
    for index, block in enumerate(blocks):
        if block.kind is not BlockKind.PARAGRAPH or index in block_position:
            continue
        full = next((p for p in found if _completes(layout.paragraphs[p].text, block.text)), None)
        if full is not None:
            result[index] = Block(layout.paragraphs[full].text)
            block_position[index] = full
            found.remove(full)
    # Each recovered paragraph goes after the last block that precedes it on the page.
    after: dict[int, list[Block]] = {}
    for position in found:
        earlier = [i for i, p in block_position.items() if p < position]
        anchor = max(earlier, key=lambda i: block_position[i]) if earlier else -1
        after.setdefault(anchor, []).append(Block(layout.paragraphs[position].text))
    ordered = list(after.get(-1, []))
    for index, block in enumerate(result):
        ordered.append(block)
        ordered.extend(after.get(index, []))
    return tuple(ordered)
