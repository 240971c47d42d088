"""What a pair of look-alike paragraphs disagrees on besides wording.

Two paragraphs can share most of their words and still be two facts: two
goals told on one template, two deals, "approved" and "did not approve". The
duplicate stage asks these guards before it removes anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from dedupe_news.features import NEGATION_WORDS, ParagraphFeatures, word_weight

# Words besides numbers, names and negations in which two paragraphs may
# differ and still be the same sentence about a different fact.
MINIMAL_EDIT_WORDS = 3
SHORT_PARAGRAPH_WORDS = 25
# Below this score, two paragraphs that disagree on their figures are
# different items, however long they are. With a fifth of its words changed
# a reworded copy keeps about 0.8² ≈ 64% of its word pairs.
FIGURES_SURE_SIMILARITY = 0.6
# ... and below this one when a figure of one stands where the other has
# another (a template's slot: "the sixth minute" / "the 27th minute"); a
# rewording rarely puts a new number exactly where it dropped one.
FIGURES_REPLACED_SURE_SIMILARITY = 0.7
# Two lines this short that differ in one word at one place are two items
# of a template ("pre-workout"/"post-workout" meal ideas), not a rewording.
SWAP_MAX_WORDS = 12
# Lines this short whose only difference is one run of words replacing another,
# between this many shared words at each end, are items of one template.
FRAME_MAX_WORDS = 15
FRAME_MIN_WORDS = 2
# The run that differs fills a slot: this many words at least on each side,
# more on one (a rewording's edits rarely fall next to each other).
SLOT_MIN_WORDS = 2
# Paragraphs whose first words hold other numbers ("Day 2, …"/"Day 3, …",
# "Step 4") are items of a series, however alike the rest.
SERIES_NUMBER_WORDS = 3
# Entry labels this long at least name the entry ("Pike Valley Schools:").
ENTRY_LABEL_MIN_WORDS = 2
# Longer labels are more often a sentence's words before a colon.
ENTRY_LABEL_GUARD_MAX_WORDS = 5


@dataclass(frozen=True, slots=True)
class FactGuards:
    """What differs between two look-alike paragraphs besides wording."""

    short: bool
    # Each states a number the other lacks, in the same place of the sentence
    # ("in the 12th minute" / "in the 67th minute"). A rewording that drops a
    # number here and has another there is rewording, not another figure.
    numbers_swapped: bool
    names_swapped: bool
    negation_flipped: bool
    # Short lines of equal length that differ in exactly one word, in place.
    word_swapped: bool
    # Items of a series: another number among the first words ("Day 2"/"Day 3").
    series_numbered: bool
    # Entries of a list under other labels ("Marlow County Schools: Closed
    # Tuesday …" / "Pike Valley Schools: Closed Tuesday …"), not the lead.
    other_entries: bool
    # Short paragraphs about wholly different people ("Ronaldo Pires was
    # sentenced to four years" / "Márcio Leal was sentenced to four years").
    other_people: bool
    # Words other than numbers, names and negations in which the two differ.
    other_changes: int

    @property
    def differ(self) -> bool:
        """True when two paragraphs of similar length state different facts.

        "Scored in the 12th minute" is not "scored in the 67th minute", "X
        picked up a yellow card" is not "Y picked up a yellow card",
        "approved" is not "did not approve". In a short paragraph a swapped
        number always counts, and a swapped name or a negation counts when it
        is nearly all that differs. In a long paragraph only a swapped number
        counts, and only when it is nearly all that differs; amid a wider
        rewording it is part of it.
        """
        if self.word_swapped or self.series_numbered or self.other_people or self.other_entries:
            return True
        if self.short and self.numbers_swapped:
            return True
        if not (self.numbers_swapped or self.names_swapped or self.negation_flipped):
            return False
        return self.other_changes <= MINIMAL_EDIT_WORDS


def fact_guards(a: ParagraphFeatures, b: ParagraphFeatures, *, lead: bool = False) -> FactGuards:
    """``lead``: one of the pair is the page's lead, whose copies a swapped word does not excuse."""
    short = max(a.word_count, b.word_count) <= SHORT_PARAGRAPH_WORDS
    facts = a.names | b.names | a.numbers | b.numbers | NEGATION_WORDS
    aligned = Alignment(a.tokens, b.tokens)
    return FactGuards(
        short=short,
        numbers_swapped=replaced_in_place(aligned, a.numbers - b.numbers, b.numbers - a.numbers),
        names_swapped=short and replaced_in_place(aligned, a.names - b.names, b.names - a.names),
        negation_flipped=short and (a.negations > 0) != (b.negations > 0),
        word_swapped=not lead and one_word_swapped(a.tokens, b.tokens),
        series_numbered=numbered_in_series(a.tokens, b.tokens),
        other_entries=not lead and other_labels(a.entry_label, b.entry_label),
        other_people=short
        and not lead
        and bool(a.names)
        and bool(b.names)
        and a.names.isdisjoint(b.names),
        other_changes=word_weight((set(a.tokens) ^ set(b.tokens)) - facts),
    )


class Alignment:
    """The spans where one token sequence replaces the other, aligned on first use.

    Both the number and the name guard of a pair read it; most pairs need neither.
    """

    def __init__(self, a: Sequence[str], b: Sequence[str]) -> None:
        self._a, self._b = a, b
        self._replaced: list[tuple[Sequence[str], Sequence[str]]] | None = None

    @property
    def replaced(self) -> list[tuple[Sequence[str], Sequence[str]]]:
        if self._replaced is None:
            matcher = SequenceMatcher(None, self._a, self._b, autojunk=False)
            self._replaced = [
                (self._a[i1:i2], self._b[j1:j2])
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                if tag == "replace"
            ]
        return self._replaced


def replaced_in_place(aligned: Alignment, only_a: frozenset[str], only_b: frozenset[str]) -> bool:
    """Whether a word of ``only_a`` was replaced by a word of ``only_b``, in place.

    A fact swapped is one word standing where the other had another ("the
    sixth minute"/"the 27th minute", "Okafor picked up"/"Lindqvist picked
    up"); a rewording that drops a word here and adds another there is not.
    """
    if not only_a or not only_b:
        return False
    return any(
        not only_a.isdisjoint(span_a) and not only_b.isdisjoint(span_b)
        for span_a, span_b in aligned.replaced
    )


def other_labels(a: str, b: str) -> bool:
    """Whether two entry labels of two words or more name other things.

    Neither may hold the other's words: "Grammar School" for "Hartley Grammar
    School" is the same entry with a word dropped.
    """
    words_a, words_b = set(a.split()), set(b.split())
    # A one-word label ("Faster:", "Q:") is as often a rewording's slip.
    if not all(
        ENTRY_LABEL_MIN_WORDS <= len(words) <= ENTRY_LABEL_GUARD_MAX_WORDS
        for words in (words_a, words_b)
    ):
        return False
    return not (words_a <= words_b or words_b <= words_a)


def one_word_swapped(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two short token sequences differ at exactly one place.

    One word of two lines of one length ("pre-workout"/"post-workout"), or one
    run of words replacing another between a shared opening and a shared
    ending of ``FRAME_MIN_WORDS`` words each: two items of one template ("Open
    any inspection assigned to you in the last 30 days" / "Open any form
    template your team has published in the last 30 days").
    """
    if len(a) == len(b) <= SWAP_MAX_WORDS and sum(x != y for x, y in zip(a, b, strict=True)) == 1:
        return True
    if max(len(a), len(b)) > FRAME_MAX_WORDS:
        return False
    changes = [
        op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    if len(changes) != 1:
        return False
    tag, i1, i2, j1, j2 = changes[0]
    return (
        tag == "replace"
        and min(i2 - i1, j2 - j1) >= SLOT_MIN_WORDS
        and max(i2 - i1, j2 - j1) > SLOT_MIN_WORDS
        and i1 >= FRAME_MIN_WORDS
        and len(a) - i2 >= FRAME_MIN_WORDS
    )


def numbered_in_series(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two paragraphs open with other numbers at one place: items of a series."""
    return any(
        x != y and any(c.isdigit() for c in x) and any(c.isdigit() for c in y)
        for x, y in zip(a[:SERIES_NUMBER_WORDS], b[:SERIES_NUMBER_WORDS], strict=False)
    )


def figures_disagree(
    a: ParagraphFeatures, b: ParagraphFeatures, similarity: float, *, replaced: bool
) -> bool:
    """True when each paragraph states figures the other lacks and little wording is shared.

    A site's reworded repeat keeps the figures of the paragraph it repeats;
    two blurbs written on one template (two deals, two match results) share
    much wording but not their figures, and are different items. A close
    copy with one figure changed is left to ``FactGuards.differ``. ``replaced``:
    ``FactGuards.numbers_swapped``: a figure swapped in place.
    """
    if not (a.numbers - b.numbers and b.numbers - a.numbers):
        return False
    if similarity < FIGURES_SURE_SIMILARITY:
        return True
    return replaced and similarity < FIGURES_REPLACED_SURE_SIMILARITY


def fragment_adds_facts(fragment: ParagraphFeatures, whole: ParagraphFeatures) -> bool:
    """True when a short paragraph says something its longer look-alike does not.

    The words of a label it opens with ("Quote of the week: …") name nobody,
    nor does its first word, capitalised as a sentence's is, when the other
    has it in lower case (a pull quote cut from mid-sentence).
    """
    label = frozenset(fragment.tokens[: fragment.label_words])
    opening = fragment.tokens[:1]
    if opening and opening[0] in whole.tokens:
        label |= {opening[0]}
    return (
        bool(fragment.numbers - whole.numbers)
        or bool(fragment.names - whole.names - label)
        or fragment.negations > whole.negations
    )
