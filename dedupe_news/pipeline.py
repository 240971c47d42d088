"""The pipeline: blocks -> boilerplate rules -> near-duplicates -> Result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from dedupe_news.boilerplate import BoilerplateMatch, rules_for, rules_preferring
from dedupe_news.config import Config
from dedupe_news.extract import extract_html
from dedupe_news.features import paragraph_features
from dedupe_news.inputs import InputError, decode_html, decode_text, read_input
from dedupe_news.language import detect_language
from dedupe_news.model import Block, BlockKind, Document, Metadata, Reason, Removal, Verdict
from dedupe_news.near_dup import Candidate, find_duplicates
from dedupe_news.result import Result
from dedupe_news.segment import split_text

DEFAULT_CONFIG = Config()
# A plain-text headline sits among the first blocks (after a dateline, say).
TITLE_SEARCH_BLOCKS = 3

DUPLICATE_LABELS = {
    "exact": "exact repeat of",
    "near-duplicate": "near-duplicate of",
    "contained": "contained in",
}


def _fill_metadata(
    metadata: Metadata,
    found: Sequence[BoilerplateMatch],
    language: str | None,
) -> Metadata:
    """Metadata the extractor lacked, from datelines and bylines."""
    date = metadata.date or next((m.date for m in found if m.date), None)
    author = metadata.author or next((m.author for m in found if m.author), None)
    return replace(metadata, date=date, author=author, language=metadata.language or language)


def clean_document(document: Document, config: Config = DEFAULT_CONFIG) -> Result:
    """Clean one document whose blocks are already known."""
    blocks = document.blocks
    if len(blocks) > config.max_paragraphs:
        raise InputError(
            f"{len(blocks):,} paragraphs, more than the limit of {config.max_paragraphs:,}"
            " (see --max-paragraphs)"
        )
    removals: dict[int, Removal] = {}
    found: list[BoilerplateMatch] = []
    language = (
        config.language
        or document.metadata.language
        or detect_language(" ".join(b.text for b in blocks))
    )
    if config.remove_boilerplate:
        rules = rules_for(config.language) if config.language else rules_preferring(language)
        for index, block in enumerate(blocks):
            match = rules.match(block.text)
            if match is not None:
                found.append(match)
                removals[index] = Removal(Reason.BOILERPLATE, match.rule, match.label)
    if config.remove_duplicates:
        candidates = [
            Candidate(index, block.kind, paragraph_features(block.text, config.shingle_size))
            for index, block in enumerate(blocks)
            if index not in removals
        ]
        for verdict in find_duplicates(candidates, config):
            removals[verdict.index] = Removal(
                Reason.DUPLICATE,
                verdict.match.kind,
                DUPLICATE_LABELS[verdict.match.kind],
                duplicate_of=verdict.duplicate_of,
                similarity=verdict.match.similarity,
            )
    verdicts = tuple(
        Verdict(index, block, removals.get(index)) for index, block in enumerate(blocks)
    )
    metadata = _fill_metadata(document.metadata, found, language)
    return Result(source=document.source, metadata=metadata, verdicts=verdicts)


def clean_blocks(
    blocks: Sequence[Block | str],
    config: Config = DEFAULT_CONFIG,
    *,
    metadata: Metadata | None = None,
    source: str = "<blocks>",
) -> Result:
    """Clean paragraphs given one by one; ``verdicts[i]`` is the fate of ``blocks[i]``."""
    normalized = tuple(b if isinstance(b, Block) else Block(str(b)) for b in blocks)
    return clean_document(Document(normalized, metadata or Metadata(), source), config)


def split_title(blocks: Sequence[Block], config: Config) -> tuple[str | None, tuple[Block, ...]]:
    """The headline of plain text: its first heading-like block that is not boilerplate."""
    rules = rules_for(config.language)
    for index, block in enumerate(blocks[:TITLE_SEARCH_BLOCKS]):
        if block.kind is BlockKind.HEADING and rules.match(block.text) is None:
            return block.text, (*blocks[:index], *blocks[index + 1 :])
    return None, tuple(blocks)


def clean_text(text: str, config: Config = DEFAULT_CONFIG, *, source: str = "<string>") -> Result:
    """Clean already-extracted plain text; a leading headline becomes the title."""
    title, blocks = split_title(split_text(text), config)
    return clean_document(Document(blocks, Metadata(title=title), source), config)


def clean_html(
    html: bytes | str,
    config: Config = DEFAULT_CONFIG,
    *,
    source: str = "<string>",
    url: str | None = None,
) -> Result:
    """Extract the main text of an HTML page with trafilatura, then clean it.

    Bytes are decoded here (BOM, UTF-8, declared charset, detection), not by
    trafilatura, so HTML and text inputs decode alike.
    """
    page = decode_html(html) if isinstance(html, bytes) else html
    return clean_document(extract_html(page, config, source=source, url=url), config)


def clean_file(path: str | Path, config: Config = DEFAULT_CONFIG) -> Result:
    """Clean an HTML or text file (``.gz`` read transparently; ``-`` is stdin)."""
    raw = read_input(path, config.max_input_bytes)
    try:
        if raw.is_html:
            return clean_html(raw.data, config, source=raw.source)
        return clean_text(decode_text(raw.data), config, source=raw.source)
    except MemoryError:
        # One huge page must not end a batch: it fails like any bad input.
        raise InputError("out of memory while cleaning it (see --max-bytes)") from None
