"""Why one paragraph was kept or removed: every rule, check and score, as data.

The explanation runs the pipeline's own pieces (the site rules, each bundled
rule, the exemption checks, the pair assessment, ``find_duplicates``) on the
paragraph and derives its verdict from them; a test checks that the verdict
always equals the one ``clean_document`` gives.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dedupe_news.boilerplate import (
    DATE_LINE_LABEL,
    DATE_LINE_MAX_WORDS,
    DATE_LINE_RULE,
    JOINED_LABEL,
    JOINED_MAX_WORDS,
    JOINED_RULE,
    Boilerplate,
    rule_line,
    word_count,
)
from dedupe_news.config import Config
from dedupe_news.fact_guards import MINIMAL_EDIT_WORDS, SERIES_NUMBER_WORDS, SWAP_MAX_WORDS
from dedupe_news.features import CHANT_MAX_WORDS, VERSE_LINE_MAX_WORDS
from dedupe_news.model import Block, BlockKind, Document, Reason, Removal
from dedupe_news.near_dup import (
    HEADING_MAX_WORDS,
    LABEL_MAX_WORDS,
    QUESTION_MAX_WORDS,
    REFRAIN_MAX_WORDS,
    SUMMARY_ITEM_MIN_WORDS,
    Assessment,
    Candidate,
    eligible_candidates,
    exemptions,
    find_duplicates,
    is_summary_item,
    lead_keys_of,
    pair_assessment,
    refrain_keys,
    template_keys,
    template_slots,
)
from dedupe_news.near_dup import Outcome as PairOutcome
from dedupe_news.pipeline import (
    AUTHOR_BIO_REMOVAL,
    AUTHOR_LINE_REMOVAL,
    DEFAULT_CONFIG,
    DUPLICATE_LABELS,
    HEADER_RESIDUE_REMOVAL,
    LABEL_VALUE_REMOVAL,
    ORPHAN_LABEL_REMOVAL,
    ORPHAN_LABEL_RULE,
    TEASER_LIST_REMOVAL,
    boilerplate_removals,
    boilerplate_rules,
    document_language,
    document_sites,
    duplicate_candidates,
    duplicate_removal,
    orphaned_labels,
    protected_blocks,
    read_document,
    section_of,
)
from dedupe_news.site_rules import SiteMatcher, SitePattern, document_host

# How many look-alike paragraphs an explanation lists.
TOP_SIMILAR = 5
LEAD_CHECK = "the lead"


class Outcome:
    MATCHED = "matched"
    NO_MATCH = "no match"
    TOO_LONG = "too long"
    NOT_TRIED = "not tried"


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One rule tried on the paragraph."""

    rule: str
    label: str
    outcome: str
    detail: str = ""

    @property
    def matched(self) -> bool:
        return self.outcome == Outcome.MATCHED


@dataclass(frozen=True, slots=True)
class Check:
    """One yes/no test, e.g. an exemption or a fact guard."""

    name: str
    applies: bool
    detail: str


@dataclass(frozen=True, slots=True)
class Similar:
    """Another paragraph compared with this one, with the scores that decided."""

    index: int
    text: str
    similarity: float
    jaccard: float
    threshold: float
    fragment: bool
    outcome: str
    duplicate: bool
    guards: tuple[Check, ...]
    other_removal: Removal | None


@dataclass(frozen=True, slots=True)
class Explanation:
    """Every rule and similarity considered for one paragraph, and the verdict."""

    source: str
    index: int
    text: str
    kind: BlockKind
    language: str | None
    host: str | None
    keep_rules: tuple[RuleCheck, ...]
    boilerplate_rules: tuple[RuleCheck, ...]
    exemptions: tuple[Check, ...]
    similar: tuple[Similar, ...]
    removal: Removal | None
    verdict: str
    threshold: float
    containment_threshold: float
    # Above config.lsh_min_paragraphs, find_duplicates verifies only the pairs
    # MinHash LSH proposes; ``similar`` lists the exact scores of all pairs.
    lsh_candidates: bool = False

    @property
    def kept(self) -> bool:
        return self.removal is None


def _site_checks(patterns: tuple[SitePattern, ...], text: str) -> tuple[RuleCheck, ...]:
    outcome = {True: Outcome.MATCHED, False: Outcome.NO_MATCH}
    return tuple(RuleCheck(p.rule, p.label, outcome[p.matches(text)], p.source) for p in patterns)


def _bundled_checks(rules: Boilerplate, text: str) -> tuple[RuleCheck, ...]:
    line = rule_line(text)
    words = word_count(line)
    checks = []
    for rule in rules.rules:
        if not line:
            outcome, detail = Outcome.NO_MATCH, "empty paragraph"
        elif words > rule.max_words:
            outcome, detail = Outcome.TOO_LONG, f"{words} words > {rule.max_words}"
        elif rule.fullmatch(line) is not None:
            outcome, detail = Outcome.MATCHED, ""
        else:
            outcome, detail = Outcome.NO_MATCH, ""
        checks.append(RuleCheck(rule.qualified_name, rule.label, outcome, detail))
    checks.append(_date_line_check(rules, line, words))
    checks.append(_joined_check(rules, line, words))
    return tuple(checks)


# Removals the pipeline makes from a paragraph's context, not its text alone.
_CONTEXT_REMOVALS = (
    (LABEL_VALUE_REMOVAL, "follows a boilerplate label ending in ':'"),
    (TEASER_LIST_REMOVAL, "a list item under a read-more label"),
    (AUTHOR_BIO_REMOVAL, "the bio under an 'About the author' label"),
    (AUTHOR_LINE_REMOVAL, "the author the page names"),
    (HEADER_RESIDUE_REMOVAL, "a name or place among the stamps at the top of the article"),
)


def _context_checks(boilerplate: dict[int, Removal], index: int) -> tuple[RuleCheck, ...]:
    """Whether the pipeline removed the paragraph by one of the context rules."""
    removal = boilerplate.get(index)
    return tuple(
        RuleCheck(
            rule.rule,
            rule.label,
            Outcome.MATCHED if removal == rule else Outcome.NO_MATCH,
            detail if removal == rule else "",
        )
        for rule, detail in _CONTEXT_REMOVALS
    )


def _date_line_check(rules: Boilerplate, line: str, words: int) -> RuleCheck:
    """The check ``Boilerplate.match`` makes when no pattern matched."""
    found = rules.date_line(line) if line and words <= DATE_LINE_MAX_WORDS else None
    detail = f"read as a date ({rules.date_language or 'any'})"
    return _fallback_check(
        DATE_LINE_RULE, DATE_LINE_LABEL, DATE_LINE_MAX_WORDS, line, words, found, detail
    )


def _joined_check(rules: Boilerplate, line: str, words: int) -> RuleCheck:
    """The last check ``Boilerplate.match`` makes: pieces joined by a separator."""
    found = rules.joined(line) if line and words <= JOINED_MAX_WORDS else None
    detail = "each piece between separators is boilerplate"
    return _fallback_check(JOINED_RULE, JOINED_LABEL, JOINED_MAX_WORDS, line, words, found, detail)


def _fallback_check(
    rule: str, label: str, max_words: int, line: str, words: int, found: object, detail: str
) -> RuleCheck:
    """A check ``Boilerplate.match`` makes after its patterns, as a row of the table."""
    if not line:
        return RuleCheck(rule, label, Outcome.NO_MATCH, "empty paragraph")
    if words > max_words:
        return RuleCheck(rule, label, Outcome.TOO_LONG, f"{words} words > {max_words}")
    if found is not None:
        return RuleCheck(rule, label, Outcome.MATCHED, detail)
    return RuleCheck(rule, label, Outcome.NO_MATCH, "")


def _boilerplate_removal(
    site_checks: tuple[RuleCheck, ...], bundled: tuple[RuleCheck, ...]
) -> Removal | None:
    """The first matching rule, the site's before the bundled ones, as the pipeline orders them."""
    first = next((c for c in (*site_checks, *bundled) if c.matched), None)
    return None if first is None else Removal(Reason.BOILERPLATE, first.rule, first.label)


def _exemption_checks(
    candidate: Candidate, candidates: list[Candidate], config: Config
) -> tuple[tuple[Check, ...], bool]:
    """The exemption checks, and whether the paragraph is exempt as ``find_duplicates`` sees it."""
    found = exemptions(candidate, config, lead_keys_of(candidates, config))
    words = candidate.features.word_count
    template = candidate.features.exact_key in template_keys(candidates)
    refrain = candidate.features.exact_key in refrain_keys(candidates)
    checks = (
        Check("heading, list item or table row", found.listed_kind, _kind_detail(candidate)),
        Check("too short", found.too_short, f"{words} words, min-words {config.min_words}"),
        Check(LEAD_CHECK, found.is_lead, "a label or question can be exempt, the lead cannot"),
        Check("label", found.label, f"under {LABEL_MAX_WORDS} words, no sentence punctuation"),
        Check("short question", found.question, f"at most {QUESTION_MAX_WORDS} words, ends in ?"),
        Check(
            "numbered heading",
            found.numbered_heading,
            f"opens with 1. or 2), at most {HEADING_MAX_WORDS} words, no sentence end",
        ),
        Check(
            "verse",
            found.verse,
            f'a line of up to {VERSE_LINE_MAX_WORDS} words ending in ",", lines joined by " / ",'
            f" or a chant: a quoted exclamation of up to {CHANT_MAX_WORDS} words",
        ),
        Check("template", template, "recurs interleaved with another recurring paragraph"),
        Check(
            "refrain",
            refrain,
            f"a sentence of up to {REFRAIN_MAX_WORDS} words standing alone three times or more",
        ),
    )
    return checks, found.exempt or template or refrain


def _kind_detail(candidate: Candidate) -> str:
    if is_summary_item(candidate) and candidate.summary:
        return f"kind {candidate.kind}, but under a summary box's label"
    if is_summary_item(candidate):
        return f"kind {candidate.kind}, but a sentence of {SUMMARY_ITEM_MIN_WORDS}+ words"
    return f"kind {candidate.kind}"


def _guard_checks(assessment: Assessment) -> tuple[Check, ...]:
    guards = assessment.guards
    if guards is None:
        return ()
    return (
        Check(
            "numbers swapped",
            guards.numbers_swapped,
            "each has a number the other lacks, in the same place",
        ),
        Check("names swapped", guards.names_swapped, "short paragraphs naming different people"),
        Check("negation flipped", guards.negation_flipped, "one says not, the other does not"),
        Check("other people", guards.other_people, "short, no name in common, not the lead"),
        Check("other entries", guards.other_entries, "each opens with another label and a colon"),
        Check(
            "numbered series",
            guards.series_numbered,
            f"another number among the first {SERIES_NUMBER_WORDS} words (Day 2 / Day 3)",
        ),
        Check(
            "one word swapped",
            guards.word_swapped,
            f"lines of at most {SWAP_MAX_WORDS} words differing in one word, not the lead",
        ),
        Check(
            "little else changed",
            guards.other_changes <= MINIMAL_EDIT_WORDS,
            f"{guards.other_changes} other words differ (at most {MINIMAL_EDIT_WORDS})",
        ),
    )


def explain_document(
    document: Document, index: int, config: Config = DEFAULT_CONFIG
) -> Explanation:
    """Explain the fate of ``document.blocks[index]`` under ``config``."""
    blocks = document.blocks
    if not 0 <= index < len(blocks):
        raise IndexError(f"no paragraph {index + 1}; the document has {len(blocks)}")
    block = blocks[index]
    language = document_language(document, config)
    sites: SiteMatcher = document_sites(document, config)
    rules = boilerplate_rules(config, language)
    keep_checks = _site_checks(sites.keep_patterns, block.text)
    site_checks = _site_checks(sites.boilerplate_patterns, block.text)
    protected = protected_blocks(blocks, sites)
    boilerplate, _ = boilerplate_removals(blocks, rules, sites, protected, document.metadata.author)
    bundled = (
        *_bundled_checks(rules, block.text),
        *_context_checks(boilerplate, index),
    )
    removal: Removal | None = None
    checks: tuple[Check, ...] = ()
    similar: tuple[Similar, ...] = ()
    lsh_candidates = False
    if index in protected:
        rule = next(c.rule for c in keep_checks if c.matched)
        verdict = f"kept: protected by {rule}"
    elif config.remove_boilerplate and (removal := _boilerplate_removal(site_checks, bundled)):
        verdict = f"removed as boilerplate by {removal.rule} ({removal.label})"
    elif not config.remove_duplicates:
        verdict = "kept: no boilerplate rule matched; duplicate removal is off"
    else:
        removed = set(boilerplate) if config.remove_boilerplate else set()
        description = document.metadata.description
        candidates = duplicate_candidates(blocks, removed | protected, config, description)
        candidate = next(c for c in candidates if c.index == index)
        checks, exempt = _exemption_checks(candidate, candidates, config)
        eligible_removals = {
            v.index: duplicate_removal(v) for v in find_duplicates(candidates, config)
        }
        similar = _similar(candidate, candidates, eligible_removals, config, document)
        eligible = eligible_candidates(candidates, config)
        lsh_candidates = len(eligible) > config.lsh_min_paragraphs
        removal, verdict = _duplicate_verdict(index, checks, exempt, eligible_removals)
        if removal is None and config.remove_boilerplate:
            removal, verdict = _orphan_verdict(
                blocks, index, {**boilerplate, **eligible_removals}, protected, verdict
            )
    return Explanation(
        source=document.source,
        index=index,
        text=block.text,
        kind=block.kind,
        language=language,
        host=document_host(document.metadata, config.site),
        keep_rules=keep_checks,
        boilerplate_rules=bundled if not site_checks else (*site_checks, *bundled),
        exemptions=checks,
        similar=similar,
        removal=removal,
        verdict=verdict,
        threshold=config.threshold,
        containment_threshold=config.containment_threshold,
        lsh_candidates=lsh_candidates,
    )


def _similar(
    candidate: Candidate,
    candidates: list[Candidate],
    removals: dict[int, Removal],
    config: Config,
    document: Document,
) -> tuple[Similar, ...]:
    scored = []
    lead_keys = lead_keys_of(candidates, config)
    slots = template_slots(candidates, config)
    for other in candidates:
        if other.index == candidate.index:
            continue
        assessment = pair_assessment(other, candidate, config, slots, lead_keys)
        if _removed_as_standfirst(candidate.index, other.index, assessment, removals):
            assessment = replace(
                assessment, outcome=PairOutcome.STANDFIRST, threshold=config.threshold
            )
        if assessment.similarity > 0:
            scored.append((other, assessment))
    scored.sort(key=lambda item: (-item[1].similarity, item[0].index))
    return tuple(
        Similar(
            index=other.index,
            text=document.blocks[other.index].text,
            similarity=a.similarity,
            jaccard=a.jaccard,
            threshold=a.threshold,
            fragment=a.fragment,
            outcome=a.outcome,
            duplicate=a.match is not None,
            guards=_guard_checks(a),
            other_removal=removals.get(other.index),
        )
        for other, a in scored[:TOP_SIMILAR]
    )


def _orphan_verdict(
    blocks: Sequence[Block],
    index: int,
    removals: Mapping[int, Removal],
    protected: Collection[int],
    verdict: str,
) -> tuple[Removal | None, str]:
    """A heading the other stages kept may have lost everything under it."""
    if index not in orphaned_labels(blocks, removals, protected):
        return None, verdict
    removed = ", ".join(f"¶{i + 1}" for i in section_of(blocks, index, removals))
    return ORPHAN_LABEL_REMOVAL, (
        f"removed as boilerplate by {ORPHAN_LABEL_RULE}: everything under it ({removed}) was "
        "removed, a copy among it"
    )


def _removed_as_standfirst(
    a: int, b: int, assessment: Assessment, removals: Mapping[int, Removal]
) -> bool:
    """Whether one of a pair below the containment threshold went as the other's standfirst."""
    if assessment.outcome not in PairOutcome.FRAGMENT_KEPT:
        return False
    return any(
        (removal := removals.get(x)) is not None and removal.duplicate_of == y
        for x, y in ((a, b), (b, a))
    )


def _duplicate_verdict(
    index: int, checks: tuple[Check, ...], exempt: bool, removals: dict[int, Removal]
) -> tuple[Removal | None, str]:
    if exempt:
        reasons = ", ".join(c.name for c in checks if c.applies and c.name != LEAD_CHECK)
        return None, f"kept: exempt from duplicate removal ({reasons})"
    removal = removals.get(index)
    if removal is not None:
        assert removal.duplicate_of is not None and removal.similarity is not None
        return removal, (
            f"removed as {DUPLICATE_LABELS[removal.rule]} ¶{removal.duplicate_of + 1} "
            f"(overlap {removal.similarity:.2f})"
        )
    copies = sorted(i for i, r in removals.items() if r.duplicate_of == index)
    if copies:
        return None, "kept: " + ", ".join(f"¶{i + 1}" for i in copies) + " removed as its copies"
    return None, "kept: no boilerplate rule matched and no kept paragraph repeats it"


def explain_file(path: str | Path, index: int, config: Config = DEFAULT_CONFIG) -> Explanation:
    """Explain paragraph ``index`` (0-based) of a file, as ``clean_file`` would clean it."""
    return explain_document(read_document(path, config), index, config)
