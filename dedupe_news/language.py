"""A small stopword vote: the bundled rule languages and a few more; Chinese, Japanese,
Korean and Arabic by their script."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"\w+")
_STOPWORDS = {
    "en": "the and of to in is that for it was on with as are by at be this have from".split(),
    "de": "der die und das ist nicht mit den von zu ein eine auf sich dem des auch für im".split(),
    "es": "el la de que y en los las por con una para del se es al lo como más pero".split(),
    "fr": "le la les de des et est un une du dans que qui pour pas sur au avec ce il".split(),
    # Languages without bundled rules: their dates are still read, and
    # records name them. Words another list has are left out of these.
    "pt": "não uma dos das em na ao pelo pela são foi mas também isso ele ela".split(),
    "it": (
        "di che sono della gli alla anche più questo nel dei ha è delle degli nella nelle"
        " dalla dal sul sulla alle stato stata hanno essere questa ancora tra"
    ).split(),
    "nl": "het een van dat niet voor zijn ook bij naar wordt werd deze hij".split(),
    "ru": "и в не на что с по как это из у за от для его но".split(),
    "pl": "się jest że jak dla czy ale przez tylko jego już oraz".split(),
    "id": "yang dan ini itu dengan untuk dari dalam tidak akan pada juga".split(),
    "tr": "ve bir bu için ile olarak daha çok gibi olan".split(),
    "uk": "і та що це як але від його вона він було щоб також які після через вже".split(),
    "sv": "och att som är på för med av till har inte ett sig hon han vi också".split(),
}
# Every language the vote can name, in a fixed order.
LISTED_LANGUAGES = tuple(_STOPWORDS)
_VOTES = {word: language for language, words in _STOPWORDS.items() for word in words}
# Below this share of stopwords the text is in none of the listed languages.
MIN_SHARE = 0.12
SAMPLE_CHARS = 5000


# Languages told by their script, not their words: Korean by Hangul, Japanese
# by kana among its Chinese characters, Chinese by those characters alone,
# Arabic by its letters.
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
_OWN_SCRIPTS = re.compile(f"{_HANGUL.pattern}|{_KANA.pattern}|{_HAN.pattern}|{_ARABIC.pattern}")
# Of the letters, at least this share in the script; kana, this share for Japanese.
SCRIPT_MIN_SHARE = 0.3
KANA_MIN_SHARE = 0.05


def _language_by_script(sample: str) -> str | None:
    if sample.isascii() or _OWN_SCRIPTS.search(sample) is None:
        return None
    letters = len(_LETTER.findall(sample))
    hangul, kana, han, arabic = (len(p.findall(sample)) for p in (_HANGUL, _KANA, _HAN, _ARABIC))
    if not letters:
        return None
    if arabic >= SCRIPT_MIN_SHARE * letters:
        return "ar"
    if hangul >= SCRIPT_MIN_SHARE * letters:
        return "ko"
    if kana >= KANA_MIN_SHARE * letters and kana + han >= SCRIPT_MIN_SHARE * letters:
        return "ja"
    if han >= SCRIPT_MIN_SHARE * letters:
        return "zh"
    return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the most likely listed language, or None."""
    by_script = _language_by_script(text[:SAMPLE_CHARS])
    if by_script is not None:
        return by_script
    words = _WORD.findall(text[:SAMPLE_CHARS].casefold())
    if not words:
        return None
    votes = Counter(filter(None, map(_VOTES.get, words)))
    if not votes:
        return None
    language, count = votes.most_common(1)[0]
    return language if count / len(words) >= MIN_SHARE else None


def sample_of(texts: Iterable[str]) -> str:
    """The texts joined by spaces, as far as ``detect_language`` reads them."""
    parts: list[str] = []
    length = -1  # no space before the first text
    for text in texts:
        parts.append(text)
        length += 1 + len(text)
        if length >= SAMPLE_CHARS:
            break
    return " ".join(parts)
