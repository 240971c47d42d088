"""Tokens, shingles and the fact tokens that tell two similar paragraphs apart.

Computed once per paragraph and shared by every later stage, so no paragraph
is tokenised twice.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import xxhash

# Chinese and Japanese are written without spaces: each of their characters
# is a token of its own (shingles are then character bigrams), where a word
# run would make a whole clause one token and hide every reworded copy.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
WORD_PATTERN = re.compile(rf"[^\W{CJK_RANGES}]+|(?=\w)[{CJK_RANGES}]")
_CJK_CHAR = re.compile(rf"[{CJK_RANGES}]")
_PLAIN_WORD = re.compile(r"\w+")
# Two characters say about as much as a word of a spaced language.
CJK_CHARS_PER_WORD = 2
# Tokens holding a digit, found in the space-joined tokens in one pass.
_NUMBER_TOKEN = re.compile(r"\S*\d\S*")
_LIST_NUMBER = re.compile(r"\s*\(?\d{1,3}[.)]\s+\w")
# "Quote of the week: …", "Key quote: …": a short label before the text.
_LEADING_LABEL = re.compile(r"\s*([^\W\d][\w'’ -]{0,40}?)\s*:\s+\S")
LEADING_LABEL_MAX_WORDS = 5
# Line breaks a quoted verse shows as " / " ("Scendi piano, fiume lento, / portami …").
VERSE_MIN_SLASHES = 2
# A line of verse is short; a longer paragraph ending in a comma is cut off.
VERSE_LINE_MAX_WORDS = 15
# A chant or slogan quoted on its own line ("“Casas para morar, não para
# especular!”"): a quoted exclamation this short. Unquoted, it is a sentence
# of the text, which a pull quote may copy.
CHANT_MAX_WORDS = 10
_CHANT = re.compile(r"[\"'“‘«„»]\s*\S.*[!¡]\s*[\"'”’»«“]$")
# The label's colon comes within this many characters (the pattern's bound).
LEADING_LABEL_MAX_CHARS = 48
# Negation markers of the bundled languages ("n't" tokenises to "t"); a
# paragraph that says "not" where its look-alike does not states a different fact.
NEGATION_WORDS = frozenset(
    """not no never nor none nobody nothing cannot without t
    nicht kein keine keinen keinem keiner nie niemals ohne
    nunca jamás ni ningún ninguna sin
    ne pas jamais aucun aucune sans
    non mai nessuno nessuna senza
    não nenhum nenhuma sem nada
    niet geen nooit zonder niemand niets""".split()
)
# Spelled-out numbers and ordinals of the bundled languages: "the eighth
# game" is not "the fourth game". Left out are words that are also common
# words elsewhere: "one", "first", "second" ("at first", "second-highest"),
# "cent" and "premier" (en), "due", "sei", "prima"
# and "secondo" (it "due", "be", "before", "according to"), "once" (es).
NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion trillion dozen
    third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    twentieth hundredth
    zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig hundert
    tausend millionen milliarden erste ersten erster zweite zweiten dritte dritten
    vierte vierten fünfte fünften sechste siebte achte neunte zehnte
    dos tres cuatro cinco seis siete ocho nueve diez doce quince veinte treinta cuarenta
    cincuenta cien cientos mil millones primero primera primer segundo segunda tercero
    tercera tercer cuarto cuarta quinto quinta sexto sexta séptimo octavo noveno décimo
    deux trois quatre cinq sept huit neuf dix onze douze quinze vingt trente quarante
    cinquante mille millions milliards première deuxième troisième
    quatrième cinquième sixième septième huitième neuvième dixième
    tre quattro cinque sette nove dieci undici dodici venti trenta cento mila milioni
    miliardi primo terzo terza quarta quinta sesto sesta settimo ottavo nono decimo
    dois duas três sete oito dez vinte trinta cem mil milhões primeiro primeira
    terceiro terceira sétimo oitavo nono décimo
    twee drie vijf zes zeven negen tien twaalf twintig dertig honderd duizend miljoen
    miljard eerste tweede derde vierde vijfde zesde zevende achtste negende tiende""".split()
)
# Months and seasons name a time as a figure does ("delivery in spring 2026" is
# not "in fall 2026"). Left out are words that are also common words: "may",
# "march" (en), "mai" (de, fr), "mars" (fr), "fall" (en).
TIME_WORDS = frozenset(
    """january february april june july august september october november december
    spring summer autumn winter
    januar februar märz juni juli oktober dezember frühling frühjahr sommer herbst
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
    diciembre primavera verano otoño invierno
    janvier février avril juin juillet août septembre octobre novembre décembre
    printemps été automne hiver
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre estate
    autunno inverno
    janeiro fevereiro março maio junho julho setembro outubro novembro dezembro verão
    outono
    januari februari maart augustus lente zomer herfst""".split()
)
_MASK32 = 0xFFFFFFFF
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
# Capitalised words that name nobody, in the bundled languages.
_FUNCTION_WORDS = frozenset(
    """a an the this that these those it its he she they we i you his her their our my
    your in on at for with as after before when while if but and or so then there here
    what who why how where which also however still yet now today yesterday
    der die das ein eine es er sie wir ich und aber auch im am zum zur nach vor wenn als
    el la los las un una es en por para con pero y que lo su sus este esta al del
    le les un une des il elle ils elles nous je et mais dans pour avec sur ce cette au aux
    il lo gli di da per con che non nel nella questo questa
    o os as um uma de do da em no na para com mas ele ela eles elas este esta
    de het een en van op met voor dat die maar ook er hij zij ik dit deze
    """.split()
)
_SENTENCE_ENDS = (
    *(".", "!", "?", "…", "。", "？", "！"),
    # A quoted sentence ends in its quotation mark: ".”", "!»", "?«", "。」".
    *(end + mark for end in ".!?…" for mark in '"”’»«'),
    *(end + mark for end in "。！？" for mark in "」』”"),
)


def _folded(words: list[str]) -> tuple[str, ...]:
    return tuple(word.casefold() for word in words)


def tokenise(text: str) -> tuple[str, ...]:
    """The tokens of a paragraph: case-folded word runs of its NFKC form."""
    return _folded(words_of(text))


def token_hash(token: str) -> int:
    """The 32-bit hash of one token; shingle hashes are built from these."""
    return xxhash.xxh32_intdigest(token.encode("utf-8"))


def combine_hashes(hashes: tuple[int, ...]) -> int:
    """Hash of a shingle from its tokens' hashes (order matters).

    Pure integer arithmetic so that ``fingerprint`` can compute the same value
    for every shingle of a document at once with numpy.
    """
    value = FNV_OFFSET
    for h in hashes:
        value = ((value ^ h) * FNV_PRIME) & _MASK32
        value ^= value >> 15
    return value


@dataclass(frozen=True)
class ParagraphFeatures:
    """What the duplicate stage needs to know about one paragraph.

    The facts (numbers, names, negations) are computed on first use: only
    pairs above the threshold look at them, and most paragraphs are in none.
    """

    words: tuple[str, ...]
    tokens: tuple[str, ...]
    token_hashes: tuple[int, ...]
    shingles: frozenset[int]
    is_question: bool
    is_sentence: bool
    exact_key: str
    # Opens with a list number ("1. ", "2) "): a listicle's item or heading.
    is_numbered: bool = False
    # Words of a short label the paragraph opens with ("Quote of the week:").
    label_words: int = 0
    # Lines of a song or a chant, whose refrain repeats by design: a short
    # line that ends in a comma, or lines set in one paragraph with " / ".
    is_verse: bool = False
    # The label of an entry it opens with, casefolded ("marlow county schools"
    # for "Marlow County Schools: Closed Tuesday."); "" if none.
    entry_label: str = ""

    # Tokens that are single Chinese or Japanese characters.
    cjk_tokens: int = 0

    @property
    def word_count(self) -> int:
        """Tokens, counting ``CJK_CHARS_PER_WORD`` characters of Chinese or Japanese as one."""
        return len(self.tokens) - self.cjk_tokens + self.cjk_tokens // CJK_CHARS_PER_WORD

    @cached_property
    def numbers(self) -> frozenset[str]:
        digits = _NUMBER_TOKEN.findall(self.exact_key)
        return frozenset(digits).union(
            NUMBER_WORDS.intersection(self.tokens), TIME_WORDS.intersection(self.tokens)
        )

    @cached_property
    def names(self) -> frozenset[str]:
        # A capitalised word is a name unless it is a function word, so
        # "Lindqvist picked up ..." names Lindqvist and "The ..." nobody.
        return frozenset(
            t
            for w, t in zip(self.words, self.tokens, strict=True)
            if w[0].isupper() and t not in _FUNCTION_WORDS
        )

    @cached_property
    def negations(self) -> int:
        return len([t for t in self.tokens if t in NEGATION_WORDS])


def shingle_hashes(token_hashes: tuple[int, ...], size: int) -> frozenset[int]:
    """Hashes of the word ``size``-grams; a shorter text is one shingle."""
    if not token_hashes:
        return frozenset()
    if len(token_hashes) <= size:
        return frozenset((combine_hashes(token_hashes),))
    return frozenset(
        combine_hashes(token_hashes[i : i + size]) for i in range(len(token_hashes) - size + 1)
    )


def shingle_hash_arrays(
    hashes: npt.NDArray[np.uint32], offsets: npt.NDArray[np.int64], size: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """``shingle_hashes`` of many paragraphs at once, with repeats.

    The token hashes of paragraph ``i`` are ``hashes[offsets[i] : offsets[i + 1]]``;
    its shingle hashes are likewise delimited by the returned offsets.
    """
    counts = np.diff(offsets)
    shingles = np.where(counts > size, counts - size + 1, np.minimum(counts, 1))
    shingle_offsets = np.concatenate(([0], np.cumsum(shingles))).astype(np.int64)
    owner = np.repeat(np.arange(len(counts)), shingles)
    first = offsets[:-1][owner] + np.arange(len(owner)) - shingle_offsets[:-1][owner]
    width = np.minimum(counts[owner], size)
    padded = np.concatenate((hashes.astype(np.uint32), np.zeros(size, dtype=np.uint32)))
    values = np.full(len(owner), FNV_OFFSET, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for step in range(size):
            mixed = (values ^ padded[first + step]) * np.uint32(FNV_PRIME)
            mixed ^= mixed >> np.uint32(15)
            values = np.where(step < width, mixed, values)
    return values, shingle_offsets


def paragraph_features(text: str, shingle_size: int) -> ParagraphFeatures:
    """Tokenise once; everything else is derived from the tokens.

    Compatibility forms and case are folded so typography never hides a copy;
    the original case of each word only decides whether it is a name.
    """
    words = words_of(text)
    tokens = _folded(words)
    hashes = tuple(token_hash(t) for t in tokens)
    return features_from_tokens(text, words, tokens, hashes, shingle_hashes(hashes, shingle_size))


def words_of(text: str) -> list[str]:
    """The word runs of a paragraph's NFKC form, case kept (``WORD_PATTERN``)."""
    normal = unicodedata.normalize("NFKC", without_entities(text))
    # Without Chinese or Japanese, plain \w+ finds the same words, faster.
    if not normal.isascii() and _CJK_CHAR.search(normal) is not None:
        return WORD_PATTERN.findall(normal)
    return _PLAIN_WORD.findall(normal)


def without_entities(text: str) -> str:
    """``text`` with HTML character references decoded.

    Scraped text keeps them now and then ("&quot;It&#39;s …"): a copy that
    differs only in them is the same paragraph, and its "quot" and "39" are
    not words it adds.
    """
    return html.unescape(text) if "&" in text else text


def features_from_tokens(
    text: str,
    words: list[str],
    tokens: tuple[str, ...],
    hashes: tuple[int, ...],
    shingles: frozenset[int],
) -> ParagraphFeatures:
    """Everything else, from a paragraph's words, tokens and their hashes."""
    stripped = without_entities(text).rstrip()
    return ParagraphFeatures(
        words=tuple(words),
        tokens=tokens,
        token_hashes=hashes,
        shingles=shingles,
        # Japanese asks with "か" before its full stop ("…何ですか。").
        is_question=stripped.endswith(("?", "？", "か。")) or stripped.startswith("¿"),
        is_sentence=stripped.endswith(_SENTENCE_ENDS),
        exact_key=" ".join(tokens),
        is_numbered=_LIST_NUMBER.match(text) is not None,
        label_words=leading_label_words(text),
        is_verse=(stripped.endswith(",") and len(words) <= VERSE_LINE_MAX_WORDS)
        or stripped.count(" / ") >= VERSE_MIN_SLASHES
        or (
            len(words) <= CHANT_MAX_WORDS
            and "!" in stripped[-4:]
            and _CHANT.fullmatch(stripped) is not None
        ),
        entry_label=entry_label(text),
        cjk_tokens=cjk_token_count(text, words),
    )


def spaced_word_count(text: str) -> int:
    """Words between spaces; in Chinese or Japanese, ``CJK_CHARS_PER_WORD`` characters each."""
    if text.isascii() or _CJK_CHAR.search(text) is None:
        return len(text.split())
    cjk = len(_CJK_CHAR.findall(text))
    return len(_CJK_CHAR.sub(" ", text).split()) + cjk // CJK_CHARS_PER_WORD


def word_weight(tokens: Iterable[str]) -> int:
    """Words in some tokens; ``CJK_CHARS_PER_WORD`` Chinese or Japanese characters make one."""
    cjk = other = 0
    for token in tokens:
        if len(token) == 1 and token >= "\u3040" and _CJK_CHAR.match(token) is not None:
            cjk += 1
        else:
            other += 1
    return other + -(-cjk // CJK_CHARS_PER_WORD)


def cjk_token_count(text: str, words: list[str]) -> int:
    """How many of a paragraph's words are single Chinese or Japanese characters."""
    if text.isascii() or _CJK_CHAR.search(text) is None:
        return 0
    return sum(1 for word in words if len(word) == 1 and _CJK_CHAR.match(word) is not None)


# "Summary: …", "In brief: …", "Zusammenfassung: …": a summary's label, in the
# languages of the bundled rules; not "Update:", "Exclusive:", which open leads.
_SUMMARY_WORDS = (
    r"(?i:summary|overview|recap|highlights|tl;dr|in brief|in short|key points|key takeaways"
    r"|at a glance|the big picture|zusammenfassung|überblick|das wichtigste in kürze|in kürze"
    r"|kurz gesagt|résumé|en bref|l['’]essentiel|en résumé|resumen|en resumen"
    r"|lo más importante|resumo|em resumo|riassunto|sintesi|in breve|in sintesi|samenvatting"
    r"|in het kort|kort samengevat|key findings|key facts|main points|what you need to know"
    r"|bottom line|the bottom line|our verdict|the verdict|verdict|in a nutshell)"
)
_SUMMARY_LABEL = re.compile(rf"\s*{_SUMMARY_WORDS}\s?:\s+\S")
# The same label alone over a list: a summary box ("Key points", "HIGHLIGHTS").
_SUMMARY_HEADING = re.compile(rf"\s*{_SUMMARY_WORDS}\s*:?\s*")


# "Marlow County Schools: …", "Frozen meals: …": a list entry's label.
_ENTRY_LABEL = re.compile(r"\s*([^\W\d_][^:.!?]{0,46}?)\s*:\s+\S")
ENTRY_LABEL_MAX_WORDS = 10


def entry_label(text: str) -> str:
    """The label of at most ten words and a colon that opens ``text``, casefolded; "" if none."""
    found = _ENTRY_LABEL.match(text) if ":" in text[:LEADING_LABEL_MAX_CHARS] else None
    if found is None:
        return ""
    words = WORD_PATTERN.findall(found.group(1))
    if len(words) > ENTRY_LABEL_MAX_WORDS:
        return ""
    return " ".join(words).casefold()


def is_summary_heading(text: str) -> bool:
    """Whether ``text`` is a summary box's label alone ("Key points", "In het kort")."""
    return _SUMMARY_HEADING.fullmatch(text) is not None


def opens_with_label(text: str) -> bool:
    """Whether ``text`` opens with a summary's label ("Summary:", "In brief:").

    Not a dateline ("NEW DELHI:") nor a sentence with a colon in it.
    """
    return _SUMMARY_LABEL.match(text) is not None


def leading_label_words(text: str) -> int:
    """The words of a short label ending in a colon that opens ``text``; 0 if none.

    A label is two to five words, all but the first in lower case: a speaker
    ("Jane Smith: …") is a name, not a label.
    """
    found = _LEADING_LABEL.match(text) if ":" in text[:LEADING_LABEL_MAX_CHARS] else None
    if found is None:
        return 0
    words = WORD_PATTERN.findall(found.group(1))
    if not 2 <= len(words) <= LEADING_LABEL_MAX_WORDS or not all(w.islower() for w in words[1:]):
        return 0
    return len(words)
