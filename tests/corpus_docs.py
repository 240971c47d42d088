"""Small documents for the corpus tests: seeded paragraphs that share no phrases."""

from __future__ import annotations

import random

from dedupe_news.model import Metadata
from dedupe_news.pipeline import clean_blocks
from dedupe_news.result import Result

_SYLLABLES = "ka lo mi ren tu sa vel dor pi an es ter gu lin mo ra fe quo bis nal".split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def paragraph(rng: random.Random, words: int = 24) -> str:
    """A sentence of made-up words: two of them share a word pair only by rare chance."""
    text = " ".join(word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def document(
    paragraphs: list[str], *, url: str, date: str | None = None, title: str = "Story"
) -> Result:
    return clean_blocks(paragraphs, metadata=Metadata(title=title, url=url, date=date), source=url)
