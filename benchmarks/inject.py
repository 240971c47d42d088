"""Seeded injection of duplicate paragraphs into a clean article, as news sites do.

Every function is pure: it takes the article's paragraphs and a ``random.Random``
and returns a new :class:`Injection` (or ``None`` when the article offers nothing
to copy). Indices in an :class:`Injection` refer to its own ``paragraphs``.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

LEAD_MIN_WORDS = 8
REWORD_SOURCE_MIN_WORDS = 15
PULL_QUOTE_MIN_WORDS = 6
EDIT_RATES: tuple[float, ...] = (0.05, 0.10, 0.15, 0.20, 0.30)
AFTER_LEAD_MAX_RATE = 0.20
ELLIPSIS = "…"

KIND_EXACT_AFTER_AD = "exact_after_ad"
KIND_EXACT_END = "exact_end"
KIND_REWORDED = "reworded"
KIND_REWORDED_AFTER_LEAD = "reworded_after_lead"
KIND_STANDFIRST = "standfirst"
KIND_PULL_QUOTE = "pull_quote"

# Words after which a full stop does not end a sentence (initials and N.Y.-like
# initialisms are recognised by shape).
_ABBREVIATION_LIST = (
    "mr mrs ms dr prof st jr sr sen rep gov gen col lt sgt capt rev inc co corp ltd no vs etc "
    "jan feb mar apr aug sept sep oct nov dec"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+|[。！？](?![」』”’）])\s*")
# Chinese and Japanese run without spaces: their "words" are pairs of
# characters (the tool counts two as a word), cut from each run of them.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_UNIT = re.compile(f"([{_CJK}]{{1,2}}|[^\\s{_CJK}]+)(\\s*)")
# Text is unspaced when this share of its letters and digits is Chinese or Japanese.
UNSPACED_MIN_SHARE = 0.3
_INITIALISM = re.compile(r"(?:\w\.)+\w")  # N.Y., U.S.A. (final dot stripped)
STANDFIRST_SENTENCE_MIN_WORDS = 5
STANDFIRST_FORMS: tuple[str, ...] = ("sentence", "words")


@dataclass(frozen=True, slots=True)
class Injection:
    """One article with one injected copy.

    ``injected`` is the index of the copy, ``original`` the index of the
    paragraph it copies (both in ``paragraphs``). ``rate`` is the share of words
    edited (``reworded`` only); ``form`` tells how the copy was made.
    """

    kind: str
    paragraphs: tuple[str, ...]
    injected: int
    original: int
    form: str
    rate: float | None = None


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by a blank line, stripped, empty ones dropped."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def is_unspaced(text: str) -> bool:
    """Whether ``text`` is mostly Chinese or Japanese, written without spaces."""
    cjk = len(_CJK_CHAR.findall(text))
    return cjk > 0 and cjk >= UNSPACED_MIN_SHARE * sum(c.isalnum() for c in text)


def words(text: str) -> list[str]:
    """Whitespace-separated tokens; in unspaced text, pairs of characters and other runs."""
    return [unit for unit, _ in _UNIT.findall(text)] if is_unspaced(text) else text.split()


def word_count(text: str) -> int:
    """Words (see ``words``) with at least one letter or digit."""
    return sum(1 for token in words(text) if any(c.isalnum() for c in token))


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph.

    No split before a lower-case letter, nor after an abbreviation, an initial
    or an initialism (N.Y.).
    """
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start() + 1]
        last_word = head.split()[-1].rstrip(".").lower() if head.split() else ""
        if match.end() < len(text) and text[match.end()].islower():
            continue  # '?" she said' goes on
        if text[match.start()] == "." and (
            last_word in _ABBREVIATIONS
            or (len(last_word) == 1 and last_word.isalpha())
            or _INITIALISM.fullmatch(last_word)
        ):
            continue
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def article_rng(seed: int, article_id: str, kind: str) -> random.Random:
    """A generator that depends only on the seed, the article and the kind."""
    digest = hashlib.sha256(f"{seed}\x00{article_id}\x00{kind}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def find_lead(paragraphs: Sequence[str], min_words: int = LEAD_MIN_WORDS) -> int | None:
    """Index of the first paragraph with at least ``min_words`` words."""
    for index, paragraph in enumerate(paragraphs):
        if word_count(paragraph) >= min_words:
            return index
    return None


def vocabulary(paragraphs: Sequence[str]) -> list[str]:
    """The article's distinct words (see ``words``), sorted so that draws are reproducible."""
    return sorted({word for paragraph in paragraphs for word in words(paragraph)})


def _insert(paragraphs: Sequence[str], position: int, text: str) -> tuple[str, ...]:
    return (*paragraphs[:position], text, *paragraphs[position:])


def inject_exact_after_ad(paragraphs: Sequence[str], rng: random.Random) -> Injection | None:
    """Exact copy of the lead in an ad slot: after paragraph 2 or 3 (never before the lead)."""
    lead = find_lead(paragraphs)
    if lead is None:
        return None
    position = min(max(rng.choice((2, 3)), lead + 1), len(paragraphs))
    return Injection(
        kind=KIND_EXACT_AFTER_AD,
        paragraphs=_insert(paragraphs, position, paragraphs[lead]),
        injected=position,
        original=lead,
        form=f"after {position}",
    )


def inject_exact_end(paragraphs: Sequence[str], rng: random.Random) -> Injection | None:
    """Exact copy of the lead appended at the end."""
    del rng  # nothing is random, the signature is shared with the other kinds
    lead = find_lead(paragraphs)
    if lead is None:
        return None
    return Injection(
        kind=KIND_EXACT_END,
        paragraphs=(*paragraphs, paragraphs[lead]),
        injected=len(paragraphs),
        original=lead,
        form="end",
    )


def edit_words(text: str, rate: float, vocab: Sequence[str], rng: random.Random) -> str:
    """Edit ``max(1, round(rate * words))`` distinct words of ``text``.

    Each edit is, at random, a replacement by a word of ``vocab``, the insertion
    of a ``vocab`` word after it, or its drop.
    """
    if is_unspaced(text):
        return _edit_unspaced(text, rate, vocab, rng)
    words = text.split()
    if not words:
        return text
    edits = min(len(words), max(1, round(rate * len(words))))
    chosen = set(rng.sample(range(len(words)), edits))
    out: list[str] = []
    for index, word in enumerate(words):
        if index not in chosen:
            out.append(word)
            continue
        operation = rng.choice(("replace", "insert", "drop"))
        if operation == "replace":
            out.append(_draw_other(word, vocab, rng))
        elif operation == "insert":
            out.extend((word, rng.choice(vocab) if vocab else word))
        # drop: nothing appended
    if not out:  # every word dropped: keep one replacement so the copy is not empty
        out.append(_draw_other(words[0], vocab, rng))
    return " ".join(out)


def _edit_unspaced(text: str, rate: float, vocab: Sequence[str], rng: random.Random) -> str:
    """``edit_words`` for Chinese or Japanese: the words are ``words``, spacing kept."""
    units = _UNIT.findall(text)
    edits = min(len(units), max(1, round(rate * len(units))))
    chosen = set(rng.sample(range(len(units)), edits))
    out: list[str] = []
    for index, (word, space) in enumerate(units):
        if index not in chosen:
            out.append(word + space)
            continue
        operation = rng.choice(("replace", "insert", "drop"))
        if operation == "replace":
            out.append(_draw_other(word, vocab, rng) + space)
        elif operation == "insert":
            out.append(word + (rng.choice(vocab) if vocab else word) + space)
    if not out:
        out.append(_draw_other(units[0][0], vocab, rng))
    return "".join(out).strip()


def _draw_other(word: str, vocab: Sequence[str], rng: random.Random) -> str:
    for _ in range(10):
        candidate = rng.choice(vocab) if vocab else word
        if candidate != word:
            return candidate
    return word + "s"


def inject_reworded(paragraphs: Sequence[str], rng: random.Random) -> Injection | None:
    """Edited copy of the lead (half the time) or of a body paragraph of >= 15 words.

    Inserted at the end or after a random later paragraph.
    """
    lead = find_lead(paragraphs)
    others = [
        i
        for i, p in enumerate(paragraphs)
        if i != lead and word_count(p) >= REWORD_SOURCE_MIN_WORDS
    ]
    if lead is None and not others:
        return None
    if lead is not None and (not others or rng.random() < 0.5):
        source, form = lead, "lead"
    else:
        source, form = rng.choice(others), "body"
    rate = rng.choice(EDIT_RATES)
    copy = edit_words(paragraphs[source], rate, vocabulary(paragraphs), rng)
    later = range(source + 2, len(paragraphs) + 1)  # after a later paragraph
    position = len(paragraphs) if rng.random() < 0.5 or not later else rng.choice(later)
    position = max(position, source + 1)
    return Injection(
        kind=KIND_REWORDED,
        paragraphs=_insert(paragraphs, position, copy),
        injected=position,
        original=source,
        form=form,
        rate=rate,
    )


def truncate_lead(lead: str, rng: random.Random) -> tuple[str, str]:
    """A standfirst made from the lead: its first sentence, or 40-70% of its words + "…".

    The first sentence is used only when the lead has several and it has at
    least ``STANDFIRST_SENTENCE_MIN_WORDS`` words (a dateline is no standfirst).

    Returns the text and the form (``sentence`` or ``words``).
    """
    sentences = split_sentences(lead)
    if (
        len(sentences) > 1
        and word_count(sentences[0]) >= STANDFIRST_SENTENCE_MIN_WORDS
        and rng.random() < 0.5
    ):
        return sentences[0], "sentence"
    if is_unspaced(lead):
        units = _UNIT.findall(lead)
        keep = min(max(round(rng.uniform(0.4, 0.7) * len(units)), 1), len(units) - 1)
        return "".join(u + s for u, s in units[:keep]).rstrip(",;:，、； ") + ELLIPSIS, "words"
    words = lead.split()
    keep = round(rng.uniform(0.4, 0.7) * len(words))
    keep = min(max(keep, 1), len(words) - 1)
    return " ".join(words[:keep]).rstrip(",;:") + ELLIPSIS, "words"


def inject_standfirst(paragraphs: Sequence[str], rng: random.Random) -> Injection | None:
    """Truncated copy of the lead inserted just before it."""
    lead = find_lead(paragraphs)
    if lead is None:
        return None
    copy, form = truncate_lead(paragraphs[lead], rng)
    return Injection(
        kind=KIND_STANDFIRST,
        paragraphs=_insert(paragraphs, lead, copy),
        injected=lead,
        original=lead + 1,
        form=form,
    )


def inject_pull_quote(paragraphs: Sequence[str], rng: random.Random) -> Injection | None:
    """One sentence (>= 6 words) of a random paragraph, 1-3 paragraphs away from it.

    Paragraphs with several sentences are preferred, so that the quote is a
    part of its paragraph rather than all of it.
    """
    candidates: list[tuple[int, list[str]]] = []
    whole: list[tuple[int, list[str]]] = []
    for index, paragraph in enumerate(paragraphs):
        sentences = split_sentences(paragraph)
        long_ones = [s for s in sentences if word_count(s) >= PULL_QUOTE_MIN_WORDS]
        if long_ones:
            (candidates if len(sentences) > 1 else whole).append((index, long_ones))
    pool = candidates or whole
    if not pool:
        return None
    source, sentences = rng.choice(pool)
    quote = rng.choice(sentences)
    # (position of the copy, position of the original afterwards)
    placements = [(source + d, source) for d in (1, 2, 3) if source + d <= len(paragraphs)]
    placements += [(source - d + 1, source + 1) for d in (1, 2, 3) if source - d + 1 >= 0]
    position, original = rng.choice(placements)
    return Injection(
        kind=KIND_PULL_QUOTE,
        paragraphs=_insert(paragraphs, position, quote),
        injected=position,
        original=original,
        form="before" if position < original else "after",
    )


def inject_reworded_after_lead(paragraphs: Sequence[str], rng: random.Random) -> Injection | None:
    """Edited copy of the lead right after it, up to 20% of its words: the ad slot
    between the lead and the next paragraph, whose marker the text path drops.

    The text alone cannot tell it from a standfirst before the lead; the
    original, first, is the one to keep.
    """
    lead = find_lead(paragraphs)
    if lead is None or word_count(paragraphs[lead]) < REWORD_SOURCE_MIN_WORDS:
        return None
    rate = rng.choice(tuple(r for r in EDIT_RATES if r <= AFTER_LEAD_MAX_RATE))
    copy = edit_words(paragraphs[lead], rate, vocabulary(paragraphs), rng)
    return Injection(
        kind=KIND_REWORDED_AFTER_LEAD,
        paragraphs=_insert(paragraphs, lead + 1, copy),
        injected=lead + 1,
        original=lead,
        form="after lead",
        rate=rate,
    )


Injector = Callable[[Sequence[str], random.Random], Injection | None]

INJECTORS: dict[str, Injector] = {
    KIND_EXACT_AFTER_AD: inject_exact_after_ad,
    KIND_EXACT_END: inject_exact_end,
    KIND_REWORDED: inject_reworded,
    KIND_REWORDED_AFTER_LEAD: inject_reworded_after_lead,
    KIND_STANDFIRST: inject_standfirst,
    KIND_PULL_QUOTE: inject_pull_quote,
}


def inject_all(paragraphs: Sequence[str], seed: int, article_id: str) -> list[Injection]:
    """One variant per kind (kinds that find nothing to copy are left out)."""
    variants: list[Injection] = []
    for kind, injector in INJECTORS.items():
        injection = injector(paragraphs, article_rng(seed, article_id, kind))
        if injection is not None:
            variants.append(injection)
    return variants
