"""Near-duplicate paragraphs within one document.

Candidates come from comparing every pair (a news article has few paragraphs)
or, for long documents, from MinHash LSH banding and prefix filtering
(``candidates``). Every candidate is
verified with the exact score before anything is removed: the share of the
shorter paragraph's word shingles that the other contains. That one score
covers exact repeats, reworded repeats and fragments (a truncated standfirst,
a pull quote), which Jaccard alone misses. A pair whose differences change a
fact (another number, a negation, another name) is never a duplicate.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, combinations, pairwise

from dedupe_news.candidates import candidate_rows
from dedupe_news.config import Config, KeepPolicy
from dedupe_news.fact_guards import (
    FactGuards,
    fact_guards,
    figures_disagree,
    fragment_adds_facts,
)
from dedupe_news.features import ParagraphFeatures
from dedupe_news.model import BlockKind

# A copy shorter than this share of the other is a fragment of it.
FRAGMENT_RATIO = 0.8
LEAD_FRAGMENT_RATIO = 0.6
# A short line without sentence punctuation is a label: a product name, a
# caption, a heading kept as a paragraph. Labels repeat legitimately.
LABEL_MAX_WORDS = 10
# A question asked twice in an interview is not redundant.
QUESTION_MAX_WORDS = 15
# Two questions up to this long are an interviewer's, asked twice; a longer
# paragraph that ends in a question ("... Wait, what?") can be a copy.
INTERVIEW_QUESTION_MAX_WORDS = 30
# A numbered line up to this long without sentence punctuation is a heading
# ("1. Start small"); a longer one is a step of a method or recipe. A longer
# heading is a standfirst marked up as one.
HEADING_MAX_WORDS = 15
TEMPLATE_MIN_OCCURRENCES = 3
# A refrain is shorter than a lead a site copies twice (after the ad slot
# and at the end), which must still go.
REFRAIN_MAX_WORDS = 9
TEMPLATE_PAIR_MAX_WORDS = 15
# The farthest a record's field sits from its template paragraph (a product's
# name, features, title and price before each "Available from Amazon").
SLOT_MAX_DISTANCE = 4
# Pages with more recurring paragraphs than this are not searched for templates.
MAX_TEMPLATE_GROUPS = 200
# Above lsh_min_paragraphs, the kept look-alikes verified per paragraph (the
# most similar by MinHash first). It bounds pages of hundreds of near-identical
# paragraphs that differ in a fact (result tables, listings), which would
# otherwise cost quadratic time; ordinary articles never reach it.
MAX_VERIFIED = 32
# Times a page is judged again when its first paragraph did not survive.
LEAD_ROUNDS = 6

# Kinds that never lead a page and, but for summary items, are never removed.
EXEMPT_KINDS = frozenset({BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.TABLE_ROW})
# A list item that is a sentence this long may be a summary box's copy of the
# text ("Key points"), and is judged against the paragraphs; two list items
# are never judged against each other (ingredients, pros and cons, steps).
SUMMARY_ITEM_MIN_WORDS = 8
# An item under a summary box's label ("Key points") restates the text by
# design, often in other word pairs: this share of its words is enough.
SUMMARY_BOX_MIN_WORDS_SHARED = 0.6


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
    # The page marks it as its summary: the first paragraph is the page's
    # description or opens with a label ("Summary: …"), and only then loses to
    # a rewording of it that follows (``_standfirst_before_lead``); a list
    # item is under a summary box's label, and may restate a paragraph in
    # other words (``summary_item_restating``).
    summary: bool = False
    # The paragraph under a summary box's heading ("Our Verdict", "Key
    # findings"): it loses to the prose it restates, wherever that stands.
    boxed: bool = False
    # The first block of the run of labelled entries it belongs to
    # (``entry_runs``), or None: a list written as paragraphs.
    entry_run: int | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A verified duplicate pair."""

    kind: str
    similarity: float
    jaccard: float


EXACT_MATCH = Match(MatchKind.EXACT, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class DuplicateVerdict:
    """Why the paragraph at ``index`` repeats ``duplicate_of``."""

    index: int
    duplicate_of: int
    match: Match


@dataclass(frozen=True, slots=True)
class Exemptions:
    """The checks that let a paragraph repeat legitimately."""

    listed_kind: bool  # heading, list item, table row
    too_short: bool  # fewer than min_words
    is_lead: bool  # the lead and its copies are never labels or questions
    label: bool
    question: bool
    # A numbered line that is not a sentence: the text form of a listicle's
    # heading ("1. Start small"), which its section and a recap restate.
    numbered_heading: bool = False
    # Lines of a song or chant: a refrain is sung again, not copied.
    verse: bool = False

    @property
    def exempt(self) -> bool:
        if self.listed_kind or self.too_short or self.numbered_heading:
            return True
        return not self.is_lead and (self.label or self.question or self.verse)


def exemptions(candidate: Candidate, config: Config, lead_keys: frozenset[str]) -> Exemptions:
    features = candidate.features
    return Exemptions(
        listed_kind=candidate.kind in EXEMPT_KINDS
        and not is_summary_item(candidate)
        and not is_standfirst_heading(candidate),
        too_short=features.word_count < config.min_words,
        is_lead=features.exact_key in lead_keys,
        # A summary box's item is headline-style by design, not a label.
        label=not features.is_sentence
        and features.word_count < LABEL_MAX_WORDS
        and not is_summary_item(candidate),
        question=features.is_question and features.word_count <= QUESTION_MAX_WORDS,
        numbered_heading=features.is_numbered
        and not features.is_sentence
        and features.word_count <= HEADING_MAX_WORDS,
        verse=features.is_verse,
    )


def is_summary_item(candidate: Candidate) -> bool:
    """A list item written as a sentence of some length, or under a summary box's label.

    Such items are what summary boxes hold; a box's label says so even of
    headline-style items ("Shares jump 6.2% in early Stockholm trading").
    """
    features = candidate.features
    return candidate.kind is BlockKind.LIST_ITEM and (
        candidate.summary
        or (features.is_sentence and features.word_count >= SUMMARY_ITEM_MIN_WORDS)
    )


def is_standfirst_heading(candidate: Candidate) -> bool:
    """A heading longer than any headline: a standfirst some pages mark up as one.

    Judged like a paragraph, so a cut-down lead in an ``<h2>`` is a copy; as
    plain text it is a paragraph anyway.
    """
    return candidate.kind is BlockKind.HEADING and candidate.features.word_count > HEADING_MAX_WORDS


def is_exempt(candidate: Candidate, config: Config, lead_keys: frozenset[str]) -> bool:
    """Paragraphs that may legitimately repeat: labels, list items, questions.

    The lead is the paragraph news sites repeat, so it and its copies are
    never exempt as labels or questions.
    """
    return exemptions(candidate, config, lead_keys).exempt


class Outcome:
    """Why a verified pair is, or is not, a duplicate."""

    EXACT = "exact repeat"
    NO_WORDS = "no words to compare"
    BELOW_THRESHOLD = "below threshold"
    BELOW_CONTAINMENT = "fragment below containment threshold"
    FRAGMENT_ADDS_FACTS = "fragment adds numbers, names or a negation"
    FACTS_DIFFER = "facts differ"
    FIGURES_DISAGREE = "each states figures the other lacks"
    CONTAINED = "contained"
    NEAR = "near-duplicate"
    SAME_SLOT = "same slot of a repeating template"
    BOTH_LIST_ITEMS = "two list items"
    BOTH_QUESTIONS = "two questions"
    OTHER_ENTRIES = "two entries of one list, each under its own label"
    STANDFIRST = "standfirst rewording the paragraph after it"
    SUMMARY_ITEM = "summary item restating the paragraph"
    SUMMARY_BOX_ITEM = "summary box item restating the paragraph in other words"
    # A fragment kept apart by containment alone, which a standfirst may still be.
    FRAGMENT_KEPT = frozenset({BELOW_CONTAINMENT, FRAGMENT_ADDS_FACTS})
    # What ``never_paired`` answers: structure, not the score, keeps the pair apart.
    APART = frozenset({SAME_SLOT, BOTH_LIST_ITEMS, BOTH_QUESTIONS, OTHER_ENTRIES})


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every step of verifying one pair; ``match`` is the decision."""

    similarity: float
    jaccard: float
    fragment: bool
    threshold: float
    outcome: str
    guards: FactGuards | None = None
    match: Match | None = None


def assess(
    a: ParagraphFeatures, b: ParagraphFeatures, config: Config, *, lead: bool = False
) -> Assessment:
    """Verify a candidate pair, keeping the scores and the guard that decided.

    ``lead``: one of the pair is the page's lead (see ``fact_guards``).
    """
    if a.exact_key == b.exact_key:
        return Assessment(1.0, 1.0, False, config.threshold, Outcome.EXACT, None, EXACT_MATCH)
    if not a.shingles or not b.shingles:
        return Assessment(0.0, 0.0, False, config.threshold, Outcome.NO_WORDS)
    shared = len(a.shingles & b.shingles)
    similarity = shared / min(len(a.shingles), len(b.shingles))
    jaccard = shared / (len(a.shingles) + len(b.shingles) - shared)
    short, long = sorted((a, b), key=lambda f: f.word_count)
    fragment = is_fragment(a, b)
    if similarity < config.threshold:
        return Assessment(similarity, jaccard, fragment, config.threshold, Outcome.BELOW_THRESHOLD)
    if fragment:
        # A fragment must be nearly all inside the fuller paragraph: a pull
        # quote or a cut standfirst is, a sentence that merely restates is not.
        limit = config.containment_threshold
        if similarity >= limit and not fragment_adds_facts(short, long):
            match = Match(MatchKind.CONTAINED, similarity, jaccard)
            return Assessment(similarity, jaccard, True, limit, Outcome.CONTAINED, None, match)
        # ... except the lead, which sites restate shorter (no wire dateline,
        # the attribution moved): down to LEAD_FRAGMENT_RATIO of its length
        # such a restatement is judged as a rewording.
        if not lead or is_fragment(a, b, lead=True):
            outcome = (
                Outcome.BELOW_CONTAINMENT if similarity < limit else Outcome.FRAGMENT_ADDS_FACTS
            )
            return Assessment(similarity, jaccard, True, limit, outcome)
    guards = fact_guards(a, b, lead=lead)
    if guards.differ:
        return Assessment(
            similarity, jaccard, False, config.threshold, Outcome.FACTS_DIFFER, guards
        )
    if figures_disagree(a, b, similarity, replaced=guards.numbers_swapped):
        return Assessment(
            similarity, jaccard, False, config.threshold, Outcome.FIGURES_DISAGREE, guards
        )
    match = Match(MatchKind.NEAR, similarity, jaccard)
    return Assessment(similarity, jaccard, False, config.threshold, Outcome.NEAR, guards, match)


def overlap(a: ParagraphFeatures, b: ParagraphFeatures) -> float:
    """The score: the share of the shorter paragraph's shingles found in the other."""
    if a.exact_key == b.exact_key:
        return 1.0
    if not a.shingles or not b.shingles:
        return 0.0
    return len(a.shingles & b.shingles) / min(len(a.shingles), len(b.shingles))


def share_nothing(a: ParagraphFeatures, b: ParagraphFeatures) -> bool:
    """Two different paragraphs without a shingle in common: their ``overlap`` is 0.

    ``compare`` rejects them (the threshold is above 0); most pairs of a page
    are such, and this rejects them without counting the shared shingles.
    """
    return a.exact_key != b.exact_key and a.shingles.isdisjoint(b.shingles)


def is_fragment(a: ParagraphFeatures, b: ParagraphFeatures, *, lead: bool = False) -> bool:
    """Whether the shorter paragraph is under FRAGMENT_RATIO of the other's length.

    ``lead``: one of them is the page's lead, which sites restate shorter
    (without the wire dateline, the attribution moved): a copy of it is a
    fragment only under LEAD_FRAGMENT_RATIO of its length.
    """
    short, long = sorted((a, b), key=lambda f: f.word_count)
    return short.word_count < (LEAD_FRAGMENT_RATIO if lead else FRAGMENT_RATIO) * long.word_count


def compare(
    a: ParagraphFeatures, b: ParagraphFeatures, config: Config, *, lead: bool = False
) -> Match | None:
    """Verify a candidate pair; None when it is not a duplicate."""
    # Most pairs of a document share little: reject them without building an Assessment.
    if a.exact_key != b.exact_key and overlap(a, b) < config.threshold:
        return None
    return assess(a, b, config, lead=lead).match


def later_wins(earlier: ParagraphFeatures, later: ParagraphFeatures, policy: KeepPolicy) -> bool:
    """Whether the later copy of a pair is the one to keep."""
    if policy is KeepPolicy.FIRST:
        return False
    if policy is KeepPolicy.LONGEST:
        return later.word_count > earlier.word_count
    if earlier.word_count < FRAGMENT_RATIO * later.word_count:
        return True
    # A copy with a sentence more keeps every word pair of the earlier one:
    # keeping the earlier would lose that sentence ("She was appointed OBE").
    # A speaker's label put before it ("DANA WHITFIELD: …") is no such sentence.
    return (
        _unlabelled_words(later) > _unlabelled_words(earlier) and earlier.shingles <= later.shingles
    )


def _unlabelled_words(features: ParagraphFeatures) -> int:
    """The paragraph's words after the label it opens with, if any."""
    return features.word_count - len(features.entry_label.split())


# Block index -> (template paragraph, signed distance to it) places.
TemplateSlots = dict[int, frozenset[tuple[str, int]]]


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
    # A paragraph seen only twice joins a template only if it is short (a
    # label, a question): a lead repeated once among a vox pop's recurring
    # question is a copy, not part of the template.
    repeated = [
        (k, p)
        for k, p in positions.items()
        if len(p) >= TEMPLATE_MIN_OCCURRENCES
        or (len(p) == 2 and candidates[p[0]].features.word_count <= TEMPLATE_PAIR_MAX_WORDS)
    ][:MAX_TEMPLATE_GROUPS]
    template: set[str] = set()
    for (key_a, at_a), (key_b, at_b) in combinations(repeated, 2):
        recurring = max(len(at_a), len(at_b)) >= TEMPLATE_MIN_OCCURRENCES
        if recurring and _interleaved(at_a, at_b) and _interleaved(at_b, at_a):
            template.update((key_a, key_b))
    return template


def refrain_keys(candidates: Sequence[Candidate]) -> set[str]:
    """Short sentences standing alone three times or more, never twice in a row.

    A refrain the writer repeats through the text ("Open at seven. Close at
    six."); a site's copy stands alone once, and a glitch repeats a line in
    a row. Questions are exempt anyway.
    """
    positions: dict[str, list[int]] = {}
    for position, candidate in enumerate(candidates):
        features = candidate.features
        if (
            features.is_sentence
            and not features.is_question
            and features.word_count <= REFRAIN_MAX_WORDS
        ):
            positions.setdefault(features.exact_key, []).append(position)
    return {
        key
        for key, at in positions.items()
        if len(at) >= TEMPLATE_MIN_OCCURRENCES and all(b - a > 1 for a, b in pairwise(at))
    }


def template_slots(
    candidates: Sequence[Candidate], config: Config, template: set[str] | None = None
) -> TemplateSlots:
    """Each paragraph's places in a repeating template, by block index.

    A place is a template paragraph and the distance to it, before or after,
    for each template paragraph a few paragraphs away with only paragraphs
    that are never removed between: a product list's features sit three
    paragraphs (title, price) before each "Available from Amazon", a meal
    plan's dish right after each "Eat every 2-3 hours". What fills the same
    place in two repeats is one item per repeat, however alike two of them
    are, so such a pair is never a duplicate. Only fixed paragraphs may lie
    between, so removing duplicates never moves a place (idempotence).
    """
    if template is None:
        template = template_keys(candidates)
    anchors = [p for p, c in enumerate(candidates) if c.features.exact_key in template]
    if not anchors:
        return {}
    removable = [
        c.features.exact_key not in template and not is_exempt(c, config, frozenset())
        for c in candidates
    ]
    removable_before = list(accumulate(removable, initial=0))
    places: dict[int, frozenset[tuple[str, int]]] = {}
    for position, candidate in enumerate(candidates):
        if candidate.features.exact_key in template:
            continue
        near = anchors[
            bisect_left(anchors, position - SLOT_MAX_DISTANCE) : bisect_right(
                anchors, position + SLOT_MAX_DISTANCE
            )
        ]
        found = frozenset(
            (candidates[anchor].features.exact_key, position - anchor)
            for anchor in near
            if removable_before[max(position, anchor)]
            == removable_before[min(position, anchor) + 1]
        )
        if found:
            places[candidate.index] = found
    return places


# Paragraphs in a row, each opening with a label and a colon, that make a list.
ENTRY_RUN_MIN = 3


def entry_runs(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates, each marked with the run of labelled entries it is in.

    "Genova: chiuse tutte le scuole …", "Rapallo: chiuse tutte le scuole …",
    "Sarzana: …" in a row are a list written as paragraphs: like two items
    of one list, two of its entries under other labels are never copies,
    however alike the rest of their words.
    """
    marked = list(candidates)
    start = 0
    while start < len(marked):
        end = start
        while end < len(marked) and marked[end].features.entry_label:
            end += 1
        if end - start >= ENTRY_RUN_MIN:
            run = marked[start].index
            for position in range(start, end):
                marked[position] = replace(marked[position], entry_run=run)
        start = end + 1
    return marked


def never_paired(
    a: Candidate, b: Candidate, slots: TemplateSlots, *, lead: bool = False
) -> str | None:
    """Why two paragraphs are never duplicates of each other, whatever their score.

    ``lead``: one of them is the page's lead, whose copies are never excused
    as questions (a site repeats its lead whatever its punctuation).
    """
    if same_slot(slots, a.index, b.index):
        return Outcome.SAME_SLOT
    if a.kind is BlockKind.LIST_ITEM and b.kind is BlockKind.LIST_ITEM:
        return Outcome.BOTH_LIST_ITEMS
    if (
        not lead
        and a.entry_run is not None
        and a.entry_run == b.entry_run
        and a.features.entry_label != b.features.entry_label
    ):
        return Outcome.OTHER_ENTRIES
    # An interviewer who asks a question again asks it again.
    if not lead and _interview_question(a.features) and _interview_question(b.features):
        return Outcome.BOTH_QUESTIONS
    return None


def _interview_question(features: ParagraphFeatures) -> bool:
    return features.is_question and features.word_count <= INTERVIEW_QUESTION_MAX_WORDS


def pair_match(
    a: Candidate,
    b: Candidate,
    config: Config,
    slots: TemplateSlots,
    lead_keys: frozenset[str],
) -> Match | None:
    """A pair as cleaning judges it: apart by the page's structure, else verified."""
    lead = is_lead_pair(a, b, lead_keys)
    if never_paired(a, b, slots, lead=lead) is not None:
        return None
    match = compare(a.features, b.features, config, lead=lead)
    if match is None and (a.kind is BlockKind.LIST_ITEM) != (b.kind is BlockKind.LIST_ITEM):
        assessment = assess(a.features, b.features, config, lead=lead)
        restated = summary_item_restating(a, b, assessment, config)
        return None if restated is None else restated.match
    return match


def pair_assessment(
    a: Candidate,
    b: Candidate,
    config: Config,
    slots: TemplateSlots,
    lead_keys: frozenset[str],
) -> Assessment:
    """Every step of ``pair_match``: a match the page's structure overrules says why."""
    lead = is_lead_pair(a, b, lead_keys)
    assessment = assess(a.features, b.features, config, lead=lead)
    assessment = summary_item_restating(a, b, assessment, config) or assessment
    apart = never_paired(a, b, slots, lead=lead)
    if assessment.match is None or apart is None:
        return assessment
    return replace(assessment, outcome=apart, match=None)


def summary_item_restating(
    a: Candidate, b: Candidate, assessment: Assessment, config: Config
) -> Assessment | None:
    """A summary box's item restating a paragraph of the text in other words.

    A "Key points" item (``is_summary_item``) needs only what ``sums_up``
    asks, not the containment a fragment needs. None when the pair is not
    such an item and its paragraph.
    """
    if (a.kind is BlockKind.LIST_ITEM) == (b.kind is BlockKind.LIST_ITEM):
        return None
    item, prose = (a, b) if a.kind is BlockKind.LIST_ITEM else (b, a)
    if item.features.word_count >= prose.features.word_count:
        return None
    if sums_up(item.features, prose.features, assessment, config):
        match = Match(MatchKind.CONTAINED, assessment.similarity, assessment.jaccard)
        return replace(
            assessment, outcome=Outcome.SUMMARY_ITEM, threshold=config.threshold, match=match
        )
    if not item.summary or not states_nothing_new(item.features, prose.features):
        return None
    shared = words_shared(item.features, prose.features)
    if shared < SUMMARY_BOX_MIN_WORDS_SHARED:
        return None
    return replace(
        assessment,
        similarity=shared,
        outcome=Outcome.SUMMARY_BOX_ITEM,
        threshold=SUMMARY_BOX_MIN_WORDS_SHARED,
        match=Match(MatchKind.CONTAINED, shared, assessment.jaccard),
    )


def words_shared(item: ParagraphFeatures, text: ParagraphFeatures) -> float:
    """The share of ``item``'s distinct words that ``text`` uses too."""
    words = set(item.tokens)
    return len(words & set(text.tokens)) / len(words) if words else 0.0


def keeps_later(earlier: Candidate, later: Candidate, policy: KeepPolicy) -> bool:
    """Whether the later of a matching pair is kept.

    A summary item, a summary box's paragraph or a standfirst marked up as a
    heading always loses to prose.
    """
    if (earlier.kind is BlockKind.LIST_ITEM) != (later.kind is BlockKind.LIST_ITEM):
        return earlier.kind is BlockKind.LIST_ITEM
    if earlier.boxed != later.boxed:
        return earlier.boxed
    if is_standfirst_heading(earlier) != is_standfirst_heading(later):
        return is_standfirst_heading(earlier)
    return later_wins(earlier.features, later.features, policy)


def same_slot(slots: TemplateSlots, a: int, b: int) -> bool:
    """Whether blocks ``a`` and ``b`` hold the same place in a repeating template."""
    return not slots.get(a, frozenset()).isdisjoint(slots.get(b, frozenset()))


def _interleaved(outer: list[int], inner: list[int]) -> bool:
    """Whether some occurrence of ``inner`` lies between two of ``outer``."""
    return any(outer[0] < position < outer[-1] for position in inner)


def eligible_candidates(
    candidates: Sequence[Candidate],
    config: Config,
    lead_keys: frozenset[str] | None = None,
    fixed: set[str] | None = None,
) -> list[Candidate]:
    """The paragraphs that may be removed as duplicates: not exempt, a template or a refrain.

    ``fixed``: the page's ``fixed_keys``, when the caller has them.
    """
    if fixed is None:
        fixed = fixed_keys(candidates)
    leads = lead_keys_of(candidates, config) if lead_keys is None else lead_keys
    return [
        c
        for c in candidates
        if not is_exempt(c, config, leads) and c.features.exact_key not in fixed
    ]


def fixed_keys(candidates: Sequence[Candidate]) -> set[str]:
    """Paragraphs that repeat by design and are never removed: templates and refrains."""
    return template_keys(candidates) | refrain_keys(candidates)


def find_duplicates(candidates: Sequence[Candidate], config: Config) -> list[DuplicateVerdict]:
    """Decide, in document order, which paragraphs repeat a kept one."""
    return _judge(candidates, config)[0]


def lead_keys_of(candidates: Sequence[Candidate], config: Config) -> frozenset[str]:
    """The paragraphs judged as the page's lead (never exempt as labels or questions)."""
    return _judge(candidates, config)[1]


def _judge(
    candidates: Sequence[Candidate], config: Config
) -> tuple[list[DuplicateVerdict], frozenset[str]]:
    """The verdicts, and the lead keys they were judged with.

    The lead is the first paragraph that survives. When the first one is
    removed (a cut standfirst of a later full lead), the next survivor also
    counts as a lead and the page is judged again, until the first survivor
    was judged as a lead: otherwise cleaning the output, where it comes
    first, would judge it differently (found by fuzzing).
    """
    lead_keys: frozenset[str] = frozenset()
    template = template_keys(candidates)
    structure = (template | refrain_keys(candidates), template_slots(candidates, config, template))
    survivor = _first_lead(candidates, set())
    verdicts: list[DuplicateVerdict] = []
    for _ in range(LEAD_ROUNDS):
        if survivor is None or survivor in lead_keys:
            break
        lead_keys |= {survivor}
        verdicts = _find_with_lead(candidates, config, lead_keys, structure)
        survivor = _first_lead(candidates, {v.index for v in verdicts})
    if not lead_keys:  # no paragraph of a kind that can lead
        verdicts = _find_with_lead(candidates, config, lead_keys, structure)
    return verdicts, lead_keys


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
    lead_keys: frozenset[str],
    structure: tuple[set[str], TemplateSlots],
) -> list[DuplicateVerdict]:
    """A paragraph is kept only if it wins against every kept paragraph it
    matches; the kept set therefore holds no verified pair, which is what makes
    cleaning idempotent. ``structure``: the page's ``fixed_keys`` and template slots.
    """
    fixed, slots = structure
    eligible = eligible_candidates(candidates, config, lead_keys, fixed)
    rows = candidate_rows(eligible, config)
    limit = MAX_VERIFIED if len(eligible) > config.lsh_min_paragraphs else None
    kept: set[int] = set()
    removed: dict[int, DuplicateVerdict] = {}
    for j, (candidate, row) in enumerate(zip(eligible, rows, strict=True)):
        verified = [i for i in row if i in kept][:limit]
        matches = [
            (i, match)
            for i in sorted(verified)
            if not share_nothing(eligible[i].features, candidate.features)
            and (match := pair_match(eligible[i], candidate, config, slots, lead_keys)) is not None
        ]
        if len(kept) == 1 and not matches:
            # The first two survivors (so that cleaning again judges the same pair).
            (first,) = kept
            standfirst = standfirst_match(eligible[first], candidate, config, slots)
            matches = [(first, standfirst)] if standfirst is not None else []
        winners = [
            (i, m)
            for i, m in matches
            if not keeps_later(eligible[i], candidate, config.keep)
            and not _standfirst_before_lead(eligible[i], (i, j), m, config.keep)
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


def _standfirst_before_lead(
    first: Candidate, positions: tuple[int, int], match: Match, policy: KeepPolicy
) -> bool:
    """Whether the page's first two paragraphs are its declared summary and its lead.

    The summary (a standfirst) then loses to the body's own lead, which is
    what an editor keeps (and what ground truths annotate as the text). A
    first paragraph the page does not mark as its summary is the lead, and a
    rewording right after it is a copy (a lead repeated after an ad slot):
    the text alone cannot tell a standfirst from a lead of the same length.
    """
    return (
        policy is KeepPolicy.COMPLETE
        and positions == (0, 1)
        and match.kind is MatchKind.NEAR
        and first.summary
    )


def standfirst_match(
    first: Candidate, second: Candidate, config: Config, slots: TemplateSlots
) -> Match | None:
    """The page's first paragraph as a short standfirst rewording the second.

    A standfirst ("Vorspann", "chapô") sums up the body's first paragraph in
    fewer, partly other words: as a fragment of it, it keeps less of its
    word pairs than a cut copy or a pull quote must (``containment_threshold``),
    but as the page's opening it needs only ``threshold``, and no number or
    negation of its own. Names are not asked for: a summary names things in
    other words ("Fernwärmepreis" for "Preis für Fernwärme"), and in German
    every noun looks like one.
    """
    if config.keep is not KeepPolicy.COMPLETE:
        return None
    a, b = first.features, second.features
    if a.word_count >= LEAD_FRAGMENT_RATIO * b.word_count:
        return None
    if never_paired(first, second, slots, lead=True) is not None:
        return None
    assessment = assess(a, b, config, lead=True)
    if not sums_up(a, b, assessment, config):
        return None
    return Match(MatchKind.CONTAINED, assessment.similarity, assessment.jaccard)


def sums_up(
    summary: ParagraphFeatures, text: ParagraphFeatures, assessment: Assessment, config: Config
) -> bool:
    """Whether ``summary`` sums ``text`` up in partly other words.

    Kept apart only by containment, it shares at least ``threshold`` of its
    word pairs, and states no number or negation of its own. Names are not
    asked for: a summary names things in other words ("Fernwärmepreis" for
    "Preis für Fernwärme"), and in German every noun looks like one. What a
    standfirst (``standfirst_match``) and a summary box's item
    (``summary_item_restating``) both ask.
    """
    return (
        assessment.outcome in Outcome.FRAGMENT_KEPT
        and assessment.similarity >= config.threshold
        and states_nothing_new(summary, text)
    )


def states_nothing_new(summary: ParagraphFeatures, text: ParagraphFeatures) -> bool:
    """Whether ``summary`` holds no number or negation that ``text`` lacks."""
    return not summary.numbers - text.numbers and summary.negations <= text.negations


def is_lead_pair(a: Candidate, b: Candidate, lead_keys: frozenset[str]) -> bool:
    """Whether either paragraph of a pair is (a copy of) the page's lead."""
    return a.features.exact_key in lead_keys or b.features.exact_key in lead_keys


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
