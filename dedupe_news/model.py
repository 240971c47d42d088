"""Plain immutable data that flows between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block of the main text is, as the extractor saw it."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    TABLE_ROW = "table_row"
    CODE = "code"


class Reason(StrEnum):
    """Why a paragraph was removed. The values are part of the JSON contract."""

    BOILERPLATE = "boilerplate"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the main text, in document order."""

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about a document besides its text."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    site: str | None = None
    language: str | None = None
    # The summary the page declares for itself (its meta description): a
    # standfirst that repeats it is the page's summary, not its lead.
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A document ready for cleaning: metadata plus ordered blocks."""

    blocks: tuple[Block, ...]
    metadata: Metadata = field(default_factory=Metadata)
    source: str = "<string>"
    # The language the page declares (``<html lang>``), a hint for reading
    # its dates when the text's own language is not one with bundled rules.
    declared_language: str | None = None


@dataclass(frozen=True, slots=True)
class Removal:
    """Why one input block was removed.

    ``rule`` names the boilerplate rule or the similarity measure that fired.
    ``duplicate_of`` is the index (into the input blocks) of the kept paragraph
    this one repeats; ``similarity`` is the verified score of that pair.
    A copy of a paragraph kept in another document (corpus mode) names that
    document in ``duplicate_of_document``; ``duplicate_of`` is then an index
    into that document, whose text is ``duplicate_of_text``.
    """

    reason: Reason
    rule: str
    label: str
    duplicate_of: int | None = None
    similarity: float | None = None
    duplicate_of_document: str | None = None
    duplicate_of_text: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The fate of one input block: kept when ``removal`` is None."""

    index: int
    block: Block
    removal: Removal | None = None

    @property
    def kept(self) -> bool:
        return self.removal is None
