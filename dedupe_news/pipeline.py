"""The pipeline: blocks -> boilerplate rules -> near-duplicates -> Result."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from dedupe_news.boilerplate import (
    LABEL_VALUE_LABEL,
    LABEL_VALUE_RULE,
    Boilerplate,
    BoilerplateMatch,
    announces_value,
    is_label_value,
    normalize_line,
    rules_for,
    rules_preferring,
    word_count,
)
from dedupe_news.config import Config
from dedupe_news.dates import iso_day
from dedupe_news.extract import extract_html
from dedupe_news.features import is_summary_heading, opens_with_label
from dedupe_news.inputs import InputError, decode_html, decode_text, read_input
from dedupe_news.language import detect_language, sample_of
from dedupe_news.model import Block, BlockKind, Document, Metadata, Reason, Removal, Verdict
from dedupe_news.near_dup import Candidate, DuplicateVerdict, entry_runs, find_duplicates
from dedupe_news.paragraph_batch import features_of_paragraphs
from dedupe_news.result import Result
from dedupe_news.segment import split_text
from dedupe_news.site_rules import SiteMatcher, site_matcher

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
    stated = (iso_day(m.date, language) for m in found if m.date)
    date = metadata.date or next((day for day in stated if day), None)
    author = metadata.author or next((m.author for m in found if m.author), None)
    return replace(metadata, date=date, author=author, language=metadata.language or language)


def document_language(document: Document, config: Config) -> str | None:
    """The language whose boilerplate rules are named first and whose dates are read.

    What the page declares (``<html lang>``) comes last: templates often
    declare a language their articles are not in.
    """
    return (
        config.language
        or document.metadata.language
        or detect_language(sample_of(b.text for b in document.blocks))
        or document.declared_language
    )


def boilerplate_rules(config: Config, language: str | None) -> Boilerplate:
    return rules_for(config.language) if config.language else rules_preferring(language)


def document_sites(document: Document, config: Config) -> SiteMatcher:
    return site_matcher(config.sites, document.metadata, config.site)


def protected_blocks(blocks: Sequence[Block], sites: SiteMatcher) -> frozenset[int]:
    """Paragraphs a site's keep patterns protect from every removal."""
    if not sites.keep_patterns:
        return frozenset()
    return frozenset(i for i, block in enumerate(blocks) if sites.keep_rule(block.text))


def match_boilerplate(
    text: str, rules: Boilerplate, sites: SiteMatcher
) -> tuple[Removal, BoilerplateMatch | None] | None:
    """The removal of a boilerplate paragraph: the site's rules first, then the bundled ones."""
    site_rule = sites.boilerplate_rule(text)
    if site_rule is not None:
        return Removal(Reason.BOILERPLATE, site_rule.rule, site_rule.label), None
    match = rules.match(text)
    if match is None:
        return None
    return Removal(Reason.BOILERPLATE, match.rule, match.label), match


LABEL_VALUE_REMOVAL = Removal(Reason.BOILERPLATE, LABEL_VALUE_RULE, LABEL_VALUE_LABEL)
# A value spans at most this many lines under its label.
LABEL_VALUE_MAX_LINES = 6
AUTHOR_LINE_RULE = "common/author-line"
AUTHOR_LINE_REMOVAL = Removal(Reason.BOILERPLATE, AUTHOR_LINE_RULE, "byline (the page's author)")


TEASER_LIST_RULE = "common/teaser-list"
TEASER_LIST_REMOVAL = Removal(Reason.BOILERPLATE, TEASER_LIST_RULE, "link under a read-more label")


def announced_value(
    blocks: Sequence[Block], index: int, removals: Mapping[int, Removal]
) -> Removal | None:
    """The removal of block ``index`` as the value of a boilerplate label above it, if it is.

    The label must be boilerplate by a rule of its own and end in ":"; its
    value is the short lines under it that are not sentences or headings, up
    to LABEL_VALUE_MAX_LINES (an address, a press contact's name, office,
    telephone and email). A read-more label ("Most Read from Bloomberg",
    "Related stories") heads the list of headlines under it in the same way.
    """
    if blocks[index].kind is BlockKind.HEADING or not is_label_value(blocks[index].text):
        return None
    above = label_above(
        index, removals, LABEL_VALUE_MAX_LINES, {LABEL_VALUE_RULE, TEASER_LIST_RULE}
    )
    if above is None:
        return None
    if announces_value(blocks[above].text):
        return LABEL_VALUE_REMOVAL
    if rule_name(removals[above].rule) == "teaser" and all(
        blocks[i].kind is BlockKind.LIST_ITEM for i in range(above + 1, index + 1)
    ):
        return TEASER_LIST_REMOVAL
    return None


def label_above(
    index: int, removals: Mapping[int, Removal], lines: int, values: Collection[str]
) -> int | None:
    """The boilerplate label over block ``index``, through at most ``lines`` blocks
    removed as its values (by a rule of ``values``); None if a kept line comes first."""
    for above in range(index - 1, max(index - 1 - lines, -1), -1):
        removal = removals.get(above)
        if removal is None or removal.reason is not Reason.BOILERPLATE:
            return None
        if removal.rule not in values:
            return above
    return None


def rule_name(rule: str) -> str:
    """A rule's name without its language ("teaser" for "en/teaser")."""
    return rule.rpartition("/")[2]


AUTHOR_BIO_RULE = "common/author-bio"
AUTHOR_BIO_REMOVAL = Removal(Reason.BOILERPLATE, AUTHOR_BIO_RULE, "author bio under its label")
# An author's bio is a paragraph or two of this many words at most.
AUTHOR_BIO_MAX_PARAGRAPHS = 2
AUTHOR_BIO_MAX_WORDS = 80


def is_author_bio(blocks: Sequence[Block], index: int, removals: Mapping[int, Removal]) -> bool:
    """Whether block ``index`` is the bio under an "About the author" label."""
    block = blocks[index]
    if (
        index - 1 not in removals  # most paragraphs: checked first, it costs nothing
        or block.kind is not BlockKind.PARAGRAPH
        or word_count(block.text) > AUTHOR_BIO_MAX_WORDS
    ):
        return False
    above = label_above(index, removals, AUTHOR_BIO_MAX_PARAGRAPHS, {AUTHOR_BIO_RULE})
    return above is not None and rule_name(removals[above].rule) == "author-bio"


ORPHAN_LABEL_RULE = "common/orphan-label"
ORPHAN_LABEL_REMOVAL = Removal(
    Reason.BOILERPLATE, ORPHAN_LABEL_RULE, "heading left without its text"
)
# A line this short without sentence punctuation heads what follows it.
SECTION_LABEL_MAX_WORDS = 10
# Longer lines are not counted word by word: no label is this long.
SECTION_LABEL_MAX_CHARS = 160
# Blocks a section must have lost for its heading to go with them.
ORPHAN_MIN_SECTION = 2


def is_section_label(block: Block) -> bool:
    """A heading, or a short line without sentence punctuation ("IN CASE YOU MISSED IT").

    A line with a colon or in brackets is a label with its value or an
    aside ("(Graphic: currencies vs. dollar)"), which heads nothing.
    """
    if block.kind is BlockKind.HEADING:
        return True
    if block.kind is not BlockKind.PARAGRAPH:
        return False
    line = block.text.strip()
    return (
        not line.endswith((".", "!", "?", "…", '"', "”", "»", ")", "]"))
        and ":" not in line
        and not line.startswith(("(", "["))
        and len(line) <= SECTION_LABEL_MAX_CHARS
        and word_count(line) <= SECTION_LABEL_MAX_WORDS
    )


def orphaned_labels(
    blocks: Sequence[Block], removals: Mapping[int, Removal], protected: Collection[int]
) -> list[int]:
    """Kept headings whose whole section was removed, a copy among it.

    A section runs to the next kept heading or label. When everything under
    a heading went, several blocks and a copy of the text above among them
    ("In case you missed it" over the lead again and the footer, "Key
    points" over restated sentences), the heading is left announcing
    nothing. Not enough: boilerplate alone (a heading over an ad marker: it
    may head text the page lost elsewhere), or one copy alone (a copy put at
    the end follows whatever line came last). A short line after another
    is a list's line (results, specs, ingredients), not a heading.
    """
    if not any(r.reason is Reason.DUPLICATE for r in removals.values()):
        return []  # most pages: nothing was a copy
    orphans = []
    previous_kept_is_label = False
    for index, block in enumerate(blocks):
        if index in removals:
            continue
        label = is_section_label(block)
        heads = (
            block.kind is BlockKind.HEADING
            or (label and not previous_kept_is_label)
            or is_summary_heading(block.text)  # "HIGHLIGHTS" heads its box wherever it stands
        )
        previous_kept_is_label = label
        if not heads or index in protected:
            continue
        section = section_of(blocks, index, removals)
        if (
            (len(section) >= ORPHAN_MIN_SECTION or heads_summary_box(blocks, index))
            and all(i in removals for i in section)
            and any(removals[i].reason is Reason.DUPLICATE for i in section)
        ):
            orphans.append(index)
    return orphans


def heads_summary_box(blocks: Sequence[Block], index: int) -> bool:
    """Whether ``blocks[index]`` is a summary box's heading over its one paragraph."""
    return (
        blocks[index].kind is BlockKind.HEADING
        and index + 1 < len(blocks)
        and blocks[index + 1].kind is BlockKind.PARAGRAPH
        and is_summary_heading(blocks[index].text)
    )


def section_of(blocks: Sequence[Block], index: int, removals: Mapping[int, Removal]) -> list[int]:
    """The blocks under ``blocks[index]``, up to the next kept heading or label.

    A label over a list ("Key points") heads the list only: the text that
    follows the list is not under it.
    """
    if heads_summary_box(blocks, index):
        return [index + 1]
    heads_list = index + 1 < len(blocks) and blocks[index + 1].kind is BlockKind.LIST_ITEM
    section = []
    for below in range(index + 1, len(blocks)):
        kept = below not in removals
        if kept and is_section_label(blocks[below]):
            break
        if heads_list and kept and blocks[below].kind is not BlockKind.LIST_ITEM:
            break
        section.append(below)
    return section


HEADER_RESIDUE_RULE = "common/header-residue"
HEADER_RESIDUE_REMOVAL = Removal(
    Reason.BOILERPLATE, HEADER_RESIDUE_RULE, "name or place among the article's header lines"
)
# A name ("Marta Echevarría | Valladolid") or a place is this short.
HEADER_RESIDUE_MAX_WORDS = 4
# Lower-case words a name or place may hold ("Castilla y León", "di Marta").
_NAME_PARTICLES = frozenset(
    "a da das de del der des di do dos du e el la le los van von y zu |".split()
)


def is_header_line(block: Block) -> bool:
    """A short line of capitalised words without sentence punctuation: a name or a place.

    A heading counts too: plain text guesses its top lines are headings.
    """
    if block.kind is BlockKind.LIST_ITEM or not is_section_label(block):
        return False
    words = normalize_line(block.text).split(" ")
    return len(words) <= HEADER_RESIDUE_MAX_WORDS and all(
        word[:1].isupper() or word in _NAME_PARTICLES for word in words
    )


def is_byline(removal: Removal | None) -> bool:
    return removal is not None and (
        removal.rule == AUTHOR_LINE_RULE or removal.rule.endswith("/byline")
    )


def header_residue(
    blocks: Sequence[Block], removals: Mapping[int, Removal], protected: Collection[int]
) -> list[int]:
    """Bare names and places among the stamps at the top of the article.

    Pages print the author, the place and the time as separate lines above
    the lead ("Jessica Moran" / "Updated February 8, 2025 — 9.41am"). The
    stamp is boilerplate by its own rule; a name or a place alone is not, but
    above a stamp, or in capitals right under the byline ("ROMA"), it is
    part of the same header. Only the top of the article counts: the first
    kept line that is not such a name ends the header, and a name must have
    a stamp below it, so a label over the text ("Key Points" over its list,
    "THE BIG STORY" over the lead) is not taken.
    """
    residue: list[int] = []
    pending: list[int] = []  # names since the last stamp
    for index, block in enumerate(blocks):
        removal = removals.get(index)
        if removal is not None:
            if removal.reason is not Reason.BOILERPLATE:
                break
            residue.extend(pending)
            pending = []
            continue
        if index in protected or not is_header_line(block):
            break
        pending.append(index)
    if pending and is_byline(removals.get(pending[0] - 1)):
        dateline = pending[0]
        if blocks[dateline].kind is BlockKind.PARAGRAPH and blocks[dateline].text.isupper():
            residue.append(dateline)
    return residue


def is_author_line(text: str, author: str | None) -> bool:
    """Whether a paragraph is nothing but the name the page gives as its author."""
    if not author:
        return False
    line = normalize_line(text).rstrip(".,;:").casefold()
    return bool(line) and line == normalize_line(author).casefold()


def boilerplate_removals(
    blocks: Sequence[Block],
    rules: Boilerplate,
    sites: SiteMatcher,
    protected: Collection[int],
    author: str | None = None,
) -> tuple[dict[int, Removal], list[BoilerplateMatch]]:
    """The boilerplate blocks of a document, and the bundled matches (for metadata).

    ``author``: the extractor's author, whose bare name as a paragraph is a byline.
    """
    removals: dict[int, Removal] = {}
    found: list[BoilerplateMatch] = []
    for index, block in enumerate(blocks):
        if index in protected:
            continue
        matched = match_boilerplate(block.text, rules, sites)
        if matched is not None:
            removals[index], match = matched
            if match is not None:
                found.append(match)
        elif (value := announced_value(blocks, index, removals)) is not None:
            removals[index] = value
        elif is_author_bio(blocks, index, removals):
            removals[index] = AUTHOR_BIO_REMOVAL
        elif is_author_line(block.text, author):
            removals[index] = AUTHOR_LINE_REMOVAL
    for index in header_residue(blocks, removals, protected):
        removals[index] = HEADER_RESIDUE_REMOVAL
    return removals, found


def duplicate_candidates(
    blocks: Sequence[Block],
    excluded: Collection[int],
    config: Config,
    description: str | None = None,
) -> list[Candidate]:
    """The blocks the duplicate stage judges; ``description``: the page's own summary."""
    remaining = [(index, block) for index, block in enumerate(blocks) if index not in excluded]
    features = features_of_paragraphs([b.text for _, b in remaining], config.shingle_size)
    candidates = [
        Candidate(index, block.kind, f)
        for (index, block), f in zip(remaining, features, strict=True)
    ]
    candidates = entry_runs(candidates)
    boxed = summary_box_items(blocks)
    candidates = [
        replace(c, summary=True, boxed=c.kind is BlockKind.PARAGRAPH) if c.index in boxed else c
        for c in candidates
    ]
    # Only the page's first paragraph can be its summary (``Candidate.summary``).
    first = next((i for i, c in enumerate(candidates) if c.kind is BlockKind.PARAGRAPH), None)
    if first is not None and _declared_summary(blocks[candidates[first].index].text, description):
        candidates[first] = replace(candidates[first], summary=True)
    return candidates


def summary_box_items(blocks: Sequence[Block]) -> set[int]:
    """The items of a summary box: the list under its label ("Key points", "HIGHLIGHTS"),
    or the one paragraph under its heading ("Our Verdict", "Key findings")."""
    boxed: set[int] = set()
    for index in range(1, len(blocks)):
        label = blocks[index - 1]
        if label.kind is BlockKind.LIST_ITEM or not is_summary_heading(label.text):
            continue
        if blocks[index].kind is BlockKind.LIST_ITEM:
            below = index
            while below < len(blocks) and blocks[below].kind is BlockKind.LIST_ITEM:
                boxed.add(below)
                below += 1
        elif heads_summary_box(blocks, index - 1):
            boxed.add(index)
    return boxed


def _declared_summary(text: str, description: str | None) -> bool:
    """Whether the page marks ``text`` as its summary: a label, or its description."""
    if opens_with_label(text):
        return True
    if description is None:
        return False
    return normalize_line(text).casefold() == normalize_line(description).casefold()


def duplicate_removal(verdict: DuplicateVerdict) -> Removal:
    return Removal(
        Reason.DUPLICATE,
        verdict.match.kind,
        DUPLICATE_LABELS[verdict.match.kind],
        duplicate_of=verdict.duplicate_of,
        similarity=verdict.match.similarity,
    )


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
    language = document_language(document, config)
    sites = document_sites(document, config)
    protected = protected_blocks(blocks, sites)
    if config.remove_boilerplate:
        rules = boilerplate_rules(config, language)
        author = document.metadata.author
        removals, found = boilerplate_removals(blocks, rules, sites, protected, author)
    if config.remove_duplicates:
        excluded = removals.keys() | protected
        description = document.metadata.description
        candidates = duplicate_candidates(blocks, excluded, config, description)
        for verdict in find_duplicates(candidates, config):
            removals[verdict.index] = duplicate_removal(verdict)
    if config.remove_boilerplate:
        for index in orphaned_labels(blocks, removals, protected):
            removals[index] = ORPHAN_LABEL_REMOVAL
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
    """The headline of plain text: a heading-like block before any of its paragraphs.

    Boilerplate (a dateline above the headline) may come first; a line like
    "Ingredients" after the first paragraph is a subheading, not the title.
    """
    rules = rules_for(config.language)
    for index, block in enumerate(blocks[:TITLE_SEARCH_BLOCKS]):
        if rules.match(block.text) is not None:
            continue
        if block.kind is BlockKind.HEADING:
            return block.text, (*blocks[:index], *blocks[index + 1 :])
        break
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


def read_document(path: str | Path, config: Config = DEFAULT_CONFIG) -> Document:
    """The blocks and metadata of an HTML or text file, as ``clean_file`` sees them."""
    raw = read_input(path, config.max_input_bytes)
    if raw.is_html:
        return extract_html(decode_html(raw.data), config, source=raw.source)
    title, blocks = split_title(split_text(decode_text(raw.data)), config)
    return Document(blocks, Metadata(title=title), raw.source)


def clean_file(path: str | Path, config: Config = DEFAULT_CONFIG) -> Result:
    """Clean an HTML or text file (``.gz`` read transparently; ``-`` is stdin)."""
    try:
        return clean_document(read_document(path, config), config)
    except MemoryError:
        # One huge page must not end a batch: it fails like any bad input.
        raise InputError("out of memory while cleaning it (see --max-bytes)") from None
