"""Calibration: how the duplicate score is spread over a sample, and what a threshold change does.

Every candidate pair the duplicate stage would verify is scored with the
stage's own functions (``near_dup.overlap``, ``near_dup.compare``), so the
figures are what cleaning would do, not an approximation of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from dedupe_news.candidates import candidate_pairs
from dedupe_news.config import Config
from dedupe_news.model import Reason
from dedupe_news.near_dup import (
    Candidate,
    MatchKind,
    TemplateSlots,
    eligible_candidates,
    find_duplicates,
    is_fragment,
    lead_keys_of,
    overlap,
    pair_assessment,
    pair_match,
    template_slots,
)
from dedupe_news.near_dup import Outcome as PairOutcome
from dedupe_news.pipeline import duplicate_candidates, protected_blocks
from dedupe_news.result import Result
from dedupe_news.site_rules import site_matcher

BINS = 20
STEPS = (-0.1, -0.05, 0.05, 0.1)
EXAMPLES = 3
# Scores are ratios of small integers: keep a score of exactly 0.5 in the 0.50 bin.
_EPSILON = 1e-9
MATCH_KINDS = frozenset(
    {MatchKind.EXACT, MatchKind.NEAR, MatchKind.CONTAINED, str(PairOutcome.STANDFIRST)}
)


class PairStatus:
    """Why a scored pair is, or is not, a duplicate under the current settings."""

    BELOW = "below threshold"
    FRAGMENT_BELOW = "fragment below containment threshold"
    FRAGMENT_FACTS = "fragment adds facts"
    FACTS_DIFFER = "facts differ"
    STANDFIRST = str(PairOutcome.STANDFIRST)


@dataclass(frozen=True, slots=True)
class PairScore:
    """One candidate pair of one document; indices are block indices (¶ = index + 1)."""

    source: str
    first: int
    second: int
    first_text: str
    second_text: str
    score: float
    fragment: bool
    status: str

    @property
    def duplicate(self) -> bool:
        return self.status in MATCH_KINDS

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "first_index": self.first,
            "second_index": self.second,
            "first_text": self.first_text,
            "second_text": self.second_text,
            "score": round(self.score, 4),
            "fragment": self.fragment,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Bin:
    low: float
    high: float
    pairs: int
    fragments: int


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The effect of one setting value, compared with the current one."""

    setting: str
    value: float
    current: bool
    duplicate_pairs: int
    added: int
    dropped: int
    paragraphs_removed: int


@dataclass(frozen=True, slots=True)
class Calibration:
    threshold: float
    containment_threshold: float
    shingle_size: int
    min_words: int
    documents: int
    pairs: tuple[PairScore, ...]
    histogram: tuple[Bin, ...]
    what_if: tuple[WhatIf, ...]
    above: tuple[PairScore, ...]
    below: tuple[PairScore, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": {
                "threshold": self.threshold,
                "containment_threshold": self.containment_threshold,
                "shingle_size": self.shingle_size,
                "min_words": self.min_words,
            },
            "documents": self.documents,
            "pairs": len(self.pairs),
            "histogram": [
                {
                    "low": b.low,
                    "high": b.high,
                    "pairs": b.pairs,
                    "fragments": b.fragments,
                }
                for b in self.histogram
            ],
            "what_if": [
                {
                    "setting": w.setting,
                    "value": w.value,
                    "current": w.current,
                    "duplicate_pairs": w.duplicate_pairs,
                    "added": w.added,
                    "dropped": w.dropped,
                    "paragraphs_removed": w.paragraphs_removed,
                }
                for w in self.what_if
            ],
            "examples": {
                "above": [p.to_dict() for p in self.above],
                "below": [p.to_dict() for p in self.below],
            },
        }


@dataclass(frozen=True, slots=True)
class _Document:
    """What the duplicate stage sees of one document, and its candidate pairs."""

    result: Result
    candidates: tuple[Candidate, ...]
    pairs: tuple[tuple[Candidate, Candidate], ...]
    # The template paragraph each block follows (see ``near_dup.template_slots``).
    slots: TemplateSlots


def _duplicate_stage_input(result: Result, config: Config) -> _Document:
    """The paragraphs cleaning offers to the duplicate stage: all but boilerplate."""
    boilerplate = {
        v.index
        for v in result.verdicts
        if v.removal is not None and v.removal.reason is Reason.BOILERPLATE
    }
    blocks = [v.block for v in result.verdicts]
    sites = site_matcher(config.sites, result.metadata, config.site)
    protected = protected_blocks(blocks, sites)
    description = result.metadata.description
    candidates = tuple(duplicate_candidates(blocks, boilerplate | protected, config, description))
    eligible = eligible_candidates(candidates, config)
    earlier = candidate_pairs(eligible, config)
    pairs = tuple((eligible[i], eligible[j]) for j in range(len(eligible)) for i in earlier[j])
    return _Document(result, candidates, pairs, template_slots(candidates, config))


def pair_status(
    first: Candidate,
    second: Candidate,
    config: Config,
    *,
    slots: TemplateSlots,
    lead_keys: frozenset[str],
) -> str:
    """The match kind of a duplicate pair, or why the pair is not one, as cleaning judges it."""
    a, b = first.features, second.features
    assessment = pair_assessment(first, second, config, slots, lead_keys)
    if assessment.match is not None:
        return assessment.match.kind
    if assessment.outcome in PairOutcome.APART:
        return str(assessment.outcome)
    if overlap(a, b) < config.threshold:
        return PairStatus.BELOW
    if is_fragment(a, b):
        if overlap(a, b) < config.containment_threshold:
            return PairStatus.FRAGMENT_BELOW
        return PairStatus.FRAGMENT_FACTS
    return PairStatus.FACTS_DIFFER


def _score(document: _Document, config: Config) -> list[PairScore]:
    verdicts = document.result.verdicts
    lead_keys = lead_keys_of(document.candidates, config)
    # The pairs cleaning removed one of: a standfirst is one by its place on
    # the page, which no pair judgement alone shows.
    removed_pairs = {
        frozenset((v.index, v.removal.duplicate_of))
        for v in verdicts
        if v.removal is not None and v.removal.duplicate_of is not None
    }
    scores = []
    for a, b in document.pairs:
        status = pair_status(a, b, config, slots=document.slots, lead_keys=lead_keys)
        if status in _FRAGMENT_KEPT and frozenset((a.index, b.index)) in removed_pairs:
            status = PairStatus.STANDFIRST
        scores.append(
            PairScore(
                source=document.result.source,
                first=a.index,
                second=b.index,
                first_text=verdicts[a.index].block.text,
                second_text=verdicts[b.index].block.text,
                score=overlap(a.features, b.features),
                fragment=is_fragment(a.features, b.features),
                status=status,
            )
        )
    return scores


_FRAGMENT_KEPT = frozenset({PairStatus.FRAGMENT_BELOW, PairStatus.FRAGMENT_FACTS})


def bin_of(score: float, bins: int = BINS) -> int:
    return min(int(score * bins + _EPSILON), bins - 1)


def _histogram(pairs: Sequence[PairScore], bins: int) -> tuple[Bin, ...]:
    counts = [0] * bins
    fragments = [0] * bins
    for pair in pairs:
        counts[bin_of(pair.score, bins)] += 1
        fragments[bin_of(pair.score, bins)] += pair.fragment
    return tuple(
        Bin(round(k / bins, 4), round((k + 1) / bins, 4), counts[k], fragments[k])
        for k in range(bins)
    )


def _matching(document: _Document, config: Config) -> frozenset[tuple[str, int, int]]:
    lead_keys = lead_keys_of(document.candidates, config)
    return frozenset(
        (document.result.source, a.index, b.index)
        for a, b in document.pairs
        if pair_match(a, b, config, document.slots, lead_keys) is not None
    )


def _what_if(
    documents: Sequence[_Document], config: Config, steps: Sequence[float]
) -> tuple[WhatIf, ...]:
    matching_now = [_matching(d, config) for d in documents]
    current = frozenset().union(*matching_now)
    rows: list[WhatIf] = []
    for setting in ("threshold", "containment_threshold"):
        base = float(getattr(config, setting))
        for value in sorted({round(base + step, 4) for step in (0.0, *steps)}):
            if not 0.0 < value <= 1.0:
                continue
            changed = (
                replace(config, threshold=value)
                if setting == "threshold"
                else replace(config, containment_threshold=value)
            )
            matching = [_matching(d, changed) for d in documents]
            # Run again: a standfirst depends on the threshold beyond its pair.
            removed = sum(len(find_duplicates(d.candidates, changed)) for d in documents)
            union = frozenset().union(*matching)
            rows.append(
                WhatIf(
                    setting=setting,
                    value=value,
                    current=value == base,
                    duplicate_pairs=len(union),
                    added=len(union - current),
                    dropped=len(current - union),
                    paragraphs_removed=removed,
                )
            )
    return tuple(rows)


def calibrate(
    results: Sequence[Result],
    config: Config,
    *,
    bins: int = BINS,
    examples: int = EXAMPLES,
    steps: Sequence[float] = STEPS,
) -> Calibration:
    """Score every candidate pair of every document of a cleaned sample.

    ``results`` come from cleaning with ``config`` (the boilerplate stage
    decides which paragraphs reach the duplicate stage).
    """
    documents = [_duplicate_stage_input(result, config) for result in results]
    pairs = tuple(pair for document in documents for pair in _score(document, config))
    above = sorted((p for p in pairs if p.score >= config.threshold), key=lambda p: p.score)
    below = sorted((p for p in pairs if 0 < p.score < config.threshold), key=lambda p: -p.score)
    return Calibration(
        threshold=config.threshold,
        containment_threshold=config.containment_threshold,
        shingle_size=config.shingle_size,
        min_words=config.min_words,
        documents=len(documents),
        pairs=pairs,
        histogram=_histogram(pairs, bins),
        what_if=_what_if(documents, config, steps),
        above=tuple(above[:examples]),
        below=tuple(below[:examples]),
    )
