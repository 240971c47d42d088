"""Near-duplicate paragraphs within one document.

Candidates come from comparing every pair (a news article has few paragraphs)
or, for long documents, from a datasketch MinHash LSH index. Every candidate is
verified with the exact score before anything is removed: the share of the
shorter paragraph's word shingles that the other contains. That one score
covers exact repeats, reworded repeats and fragments (a truncated standfirst,
a pull quote), which Jaccard alone misses. A pair whose differences change a
fact (another number, a negation, another name) is never a duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from datasketch import MinHashLSH

from dedupe_news.config import Config, KeepPolicy
from dedupe_news.features import NEGATION_WORDS, ParagraphFeatures
from dedupe_news.fingerprint import Signatures, fingerprinter_for
from dedupe_news.model import BlockKind

# A copy shorter than this share of the other is a fragment of it.
FRAGMENT_RATIO = 0.8
# Words besides numbers, names and negations in which two paragraphs may
# differ and still be the same sentence about a different fact.
MINIMAL_EDIT_WORDS = 3
SHORT_PARAGRAPH_WORDS = 25
# A short line without sentence punctuation is a label: a product name, a
# caption, a heading kept as a paragraph. Labels repeat legitimately.
LABEL_MAX_WORDS = 10
# A question asked twice in an interview is not redundant.
QUESTION_MAX_WORDS = 15
TEMPLATE_MIN_OCCURRENCES = 3
# Pages with more recurring paragraphs than this are not searched for templates.
MAX_TEMPLATE_GROUPS = 200
# Jaccard threshold of the LSH candidate search; verification decides.
LSH_THRESHOLD = 0.2
# Above lsh_min_paragraphs, the kept look-alikes verified per paragraph (the
# most similar by MinHash first), and the look-alikes a paragraph may have and
# still be indexed. They bound pages of hundreds of near-identical paragraphs
# that differ in a fact (result tables, listings), which would otherwise cost
# quadratic time; ordinary articles never reach them.
MAX_VERIFIED = 32
MAX_INDEXED = 128
# Times a page is judged again when its first paragraph did not survive.
LEAD_ROUNDS = 6

EXEMPT_KINDS = frozenset({BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.TABLE_ROW})


class MatchKind:
    EXACT = "exact"
    NEAR = "near-duplicate"
    CONTAINED = "contained"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A paragraph offered to the duplicate stage."""

    index: int
    kind: BlockKind
    features: ParagraphFeatures


@dataclass(frozen=True, slots=True)
class Match:
    """A verified duplicate pair."""

    kind: str
    similarity: float
    jaccard: float


@dataclass(frozen=True, slots=True)
class DuplicateVerdict:
    """Why the paragraph at ``index`` repeats ``duplicate_of``."""

    index: int
    duplicate_of: int
    match: Match


def is_exempt(candidate: Candidate, config: Config, lead_keys: frozenset[str]) -> bool:
    """Paragraphs that may legitimately repeat: labels, list items, questions.

    The lead is the paragraph news sites repeat, so it and its copies are
    never exempt as labels or questions.
    """
    features = candidate.features
    if candidate.kind in EXEMPT_KINDS or features.word_count < config.min_words:
        return True
    if features.exact_key in lead_keys:
        return False
    if not features.is_sentence and features.word_count < LABEL_MAX_WORDS:
        return True
    return features.is_question and features.word_count <= QUESTION_MAX_WORDS


def facts_differ(a: ParagraphFeatures, b: ParagraphFeatures) -> bool:
    """True when two paragraphs of similar length state different facts.

    "Scored in the 12th minute" is not "scored in the 67th minute", "X picked
    up a yellow card" is not "Y picked up a yellow card", "approved" is not
    "did not approve". In a short paragraph a swapped number always counts,
    and a swapped name or a negation counts when it is nearly all that
    differs. In a long paragraph only a swapped number counts, and only when
    it is nearly all that differs; amid a wider rewording it is part of it.
    """
    numbers_swapped = bool(a.numbers - b.numbers) and bool(b.numbers - a.numbers)
    short = max(a.word_count, b.word_count) <= SHORT_PARAGRAPH_WORDS
    if short and numbers_swapped:
        return True
    names_swapped = short and bool(a.names - b.names) and bool(b.names - a.names)
    negation_flipped = short and (a.negations > 0) != (b.negations > 0)
    if not (numbers_swapped or names_swapped or negation_flipped):
        return False
    facts = a.names | b.names | a.numbers | b.numbers | NEGATION_WORDS
    other_changes = (set(a.tokens) ^ set(b.tokens)) - facts
    return len(other_changes) <= MINIMAL_EDIT_WORDS


def fragment_adds_facts(fragment: ParagraphFeatures, whole: ParagraphFeatures) -> bool:
    """True when a short paragraph says something its longer look-alike does not."""
    return (
        bool(fragment.numbers - whole.numbers)
        or bool(fragment.names - whole.names)
        or fragment.negations > whole.negations
    )


def compare(a: ParagraphFeatures, b: ParagraphFeatures, config: Config) -> Match | None:
    """Verify a candidate pair; None when it is not a duplicate."""
    if a.exact_key == b.exact_key:
        return Match(MatchKind.EXACT, 1.0, 1.0)
    if not a.shingles or not b.shingles:
        return None
    shared = len(a.shingles & b.shingles)
    similarity = shared / min(len(a.shingles), len(b.shingles))
    if similarity < config.threshold:
        return None
    short, long = sorted((a, b), key=lambda f: f.word_count)
    if short.word_count < FRAGMENT_RATIO * long.word_count:
        # A fragment must be nearly all inside the fuller paragraph: a pull
        # quote or a cut standfirst is, a sentence that merely restates is not.
        if similarity < config.containment_threshold or fragment_adds_facts(short, long):
            return None
        kind = MatchKind.CONTAINED
    elif facts_differ(a, b):
        return None
    else:
        kind = MatchKind.NEAR
    jaccard = shared / (len(a.shingles) + len(b.shingles) - shared)
    return Match(kind, similarity, jaccard)


def later_wins(earlier: ParagraphFeatures, later: ParagraphFeatures, policy: KeepPolicy) -> bool:
    """Whether the later copy of a pair is the one to keep."""
    if policy is KeepPolicy.FIRST:
        return False
    if policy is KeepPolicy.LONGEST:
        return later.word_count > earlier.word_count
    return earlier.word_count < FRAGMENT_RATIO * later.word_count


def _candidate_pairs(candidates: Sequence[Candidate], config: Config) -> dict[int, list[int]]:
    """For each position, the earlier positions worth verifying against it."""
    count = len(candidates)
    earlier: dict[int, list[int]] = {j: [] for j in range(count)}
    if count <= config.lsh_min_paragraphs:
        for i, j in combinations(range(count), 2):
            earlier[j].append(i)
        return earlier
    fingerprinter = fingerprinter_for(config.num_perm)
    signatures = fingerprinter.signatures([c.features.shingles for c in candidates])
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=config.num_perm)
    by_key: dict[str, int] = {}
    for j, candidate in enumerate(candidates):
        minhash = fingerprinter.minhash(signatures[j])
        found = {int(i) for i in lsh.query(minhash)}
        first_copy = by_key.setdefault(candidate.features.exact_key, j)
        if first_copy != j:
            # An exact copy matches through its first occurrence; indexing every
            # copy would make a page of 5,000 equal paragraphs quadratic.
            found.discard(first_copy)
            earlier[j] = [first_copy, *_most_similar_first(found, signatures, j)]
            continue
        earlier[j] = _most_similar_first(found, signatures, j)
        if len(found) < MAX_INDEXED:
            # Buckets stay small, so a query never costs more than bands x MAX_INDEXED.
            lsh.insert(j, minhash)
    return earlier


def _most_similar_first(found: set[int], signatures: Signatures, j: int) -> list[int]:
    """Candidates ordered by estimated Jaccard (agreeing signature values), best first."""
    if not found:
        return []
    positions = np.fromiter(sorted(found), dtype=np.int64, count=len(found))
    agreeing = (signatures[positions] == signatures[j]).sum(axis=1)
    return [int(i) for i in positions[np.argsort(-agreeing, kind="stable")]]


def template_keys(candidates: Sequence[Candidate]) -> set[str]:
    """Paragraphs that repeat as part of the page's structure.

    Two different paragraphs that each recur, one at least three times, with
    their occurrences interleaved (Q1 A Q2 A Q1 A Q2 A, or a meal plan's
    "Meal 1" ... "Meal 2" per day), are a template: the questions of an
    interview series, the labels of a list. Copies a site inserted (a lead
    after the ad slot, a paragraph repeated at the end) are not.
    """
    positions: dict[str, list[int]] = {}
    for position, candidate in enumerate(candidates):
        positions.setdefault(candidate.features.exact_key, []).append(position)
    repeated = [(k, p) for k, p in positions.items() if len(p) > 1][:MAX_TEMPLATE_GROUPS]
    template: set[str] = set()
    for (key_a, at_a), (key_b, at_b) in combinations(repeated, 2):
        recurring = max(len(at_a), len(at_b)) >= TEMPLATE_MIN_OCCURRENCES
        if recurring and _interleaved(at_a, at_b) and _interleaved(at_b, at_a):
            template.update((key_a, key_b))
    return template


def _interleaved(outer: list[int], inner: list[int]) -> bool:
    """Whether some occurrence of ``inner`` lies between two of ``outer``."""
    return any(outer[0] < position < outer[-1] for position in inner)


def find_duplicates(candidates: Sequence[Candidate], config: Config) -> list[DuplicateVerdict]:
    """Decide, in document order, which paragraphs repeat a kept one.

    The lead is the first paragraph that survives. When the first one is
    removed (a cut standfirst of a later full lead), the next survivor also
    counts as a lead and the page is judged again, until the first survivor
    was judged as a lead: otherwise cleaning the output, where it comes
    first, would judge it differently (found by fuzzing).
    """
    template = template_keys(candidates)
    lead_keys: frozenset[str] = frozenset()
    survivor = _first_lead(candidates, set())
    verdicts: list[DuplicateVerdict] = []
    for _ in range(LEAD_ROUNDS):
        if survivor is None or survivor in lead_keys:
            break
        lead_keys |= {survivor}
        verdicts = _find_with_lead(candidates, config, template, lead_keys)
        survivor = _first_lead(candidates, {v.index for v in verdicts})
    if not lead_keys:  # no paragraph of a kind that can lead
        verdicts = _find_with_lead(candidates, config, template, lead_keys)
    return verdicts


def _first_lead(candidates: Sequence[Candidate], removed: set[int]) -> str | None:
    return next(
        (
            c.features.exact_key
            for c in candidates
            if c.kind not in EXEMPT_KINDS and c.index not in removed
        ),
        None,
    )


def _find_with_lead(
    candidates: Sequence[Candidate],
    config: Config,
    template: set[str],
    lead_keys: frozenset[str],
) -> list[DuplicateVerdict]:
    """A paragraph is kept only if it wins against every kept paragraph it
    matches; the kept set therefore holds no verified pair, which is what makes
    cleaning idempotent.
    """
    eligible = [
        c
        for c in candidates
        if not is_exempt(c, config, lead_keys) and c.features.exact_key not in template
    ]
    pairs = _candidate_pairs(eligible, config)
    limit = MAX_VERIFIED if len(eligible) > config.lsh_min_paragraphs else None
    kept: set[int] = set()
    removed: dict[int, DuplicateVerdict] = {}
    for j, candidate in enumerate(eligible):
        verified = [i for i in pairs[j] if i in kept][:limit]
        matches = [
            (i, match)
            for i in sorted(verified)
            if (match := compare(eligible[i].features, candidate.features, config)) is not None
        ]
        winners = [
            (i, m)
            for i, m in matches
            if not later_wins(eligible[i].features, candidate.features, config.keep)
        ]
        if winners:
            i, match = max(winners, key=lambda item: (item[1].similarity, -item[0]))
            removed[j] = DuplicateVerdict(candidate.index, eligible[i].index, match)
            continue
        for i, match in matches:
            kept.discard(i)
            removed[i] = DuplicateVerdict(eligible[i].index, candidate.index, match)
        kept.add(j)
    return _resolve_chains(removed, eligible)


def _resolve_chains(
    removed: dict[int, DuplicateVerdict], eligible: Sequence[Candidate]
) -> list[DuplicateVerdict]:
    """Point every removal at a paragraph that was finally kept."""
    position = {c.index: pos for pos, c in enumerate(eligible)}
    resolved = []
    for verdict in removed.values():
        target = verdict.duplicate_of
        seen = {verdict.index}
        while position[target] in removed and target not in seen:
            seen.add(target)
            target = removed[position[target]].duplicate_of
        resolved.append(DuplicateVerdict(verdict.index, target, verdict.match))
    return sorted(resolved, key=lambda v: v.index)
