"""A small stopword vote for the languages whose rules are bundled."""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"\w+")
_STOPWORDS = {
    "en": "the and of to in is that for it was on with as are by at be this have from".split(),
    "de": "der die und das ist nicht mit den von zu ein eine auf sich dem des auch für im".split(),
    "es": "el la de que y en los las por con una para del se es al lo como más pero".split(),
    "fr": "le la les de des et est un une du dans que qui pour pas sur au avec ce il".split(),
}
_VOTES = {word: language for language, words in _STOPWORDS.items() for word in words}
# Below this share of stopwords the text is in none of the bundled languages.
MIN_SHARE = 0.12
SAMPLE_CHARS = 5000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the most likely bundled language, or None."""
    words = _WORD.findall(text[:SAMPLE_CHARS].casefold())
    if not words:
        return None
    votes = Counter(_VOTES[w] for w in words if w in _VOTES)
    if not votes:
        return None
    language, count = votes.most_common(1)[0]
    return language if count / len(words) >= MIN_SHARE else None
