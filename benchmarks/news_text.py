"""Seeded, news-like paragraphs for the corpus benchmark.

A word-bigram Markov chain learnt from real news text (the English
paragraphs of the AEB ground truth) writes new sentences: every word pair it
emits occurs in real news with its real frequency, so two independently
written paragraphs share the common phrases ("of the", "said on") as real
articles do, but hardly any of their
other word pairs. Nothing is copied: each sentence is a fresh random walk,
and a walk that would follow its source word for word (through words with
one possible successor) is thrown away.
"""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

_ENDS = (".", "!", "?", ".”", '."', "?”", "!”")
MIN_SENTENCE_WORDS = 8
MAX_SENTENCE_WORDS = 45
# A walk through words with a single successor copies its source verbatim;
# more such steps in a row than this and the sentence is written again.
MAX_FORCED_STEPS = 2


def _mostly_ascii(text: str) -> bool:
    """English-like text; the few pages in other languages are too small to vary."""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() for c in letters) >= 0.95 * len(letters)


# Words of a phrase that distinct paragraphs never share.
PHRASE_WORDS = 5


class NewsWriter:
    """Writes paragraphs by random walks over the word pairs of a text collection."""

    def __init__(self, texts: list[str]) -> None:
        following: dict[str, list[str]] = defaultdict(list)
        starts: list[str] = []
        for text in texts:
            for paragraph in text.split("\n"):
                words = paragraph.split()
                if len(words) < MIN_SENTENCE_WORDS or not _mostly_ascii(paragraph):
                    continue
                if words[0][:1].isupper():
                    starts.append(words[0])
                for word, after in pairwise(words):
                    following[word].append(after)
                    if word.endswith(_ENDS) and after[:1].isupper():
                        starts.append(after)
        self._following = {word: tuple(after) for word, after in following.items()}
        self._forced = {word for word, after in following.items() if len(set(after)) == 1}
        self._starts = tuple(starts)
        # Sentences already written: a distinct paragraph must not share a whole
        # sentence with another, or it is a partial copy, not a distinct one.
        self._written: set[str] = set()
        self._phrases: set[int] = set()

    @classmethod
    def from_folder(cls, folder: Path) -> NewsWriter:
        files = sorted(folder.glob("*.txt"))
        return cls([f.read_text(encoding="utf-8") for f in files])

    def sentence(self, rng: random.Random) -> str:
        while True:
            words = [rng.choice(self._starts)]
            forced = 0
            while not words[-1].endswith(_ENDS) and len(words) < MAX_SENTENCE_WORDS:
                options = self._following.get(words[-1])
                forced = forced + 1 if words[-1] in self._forced else 0
                if not options or forced > MAX_FORCED_STEPS:
                    break
                words.append(rng.choice(options))
            if (
                forced <= MAX_FORCED_STEPS
                and MIN_SENTENCE_WORDS <= len(words) < MAX_SENTENCE_WORDS
                and words[-1].endswith(_ENDS)
            ):
                sentence = " ".join(words)
                if sentence not in self._written:
                    self._written.add(sentence)
                    return sentence

    def paragraph(self, rng: random.Random) -> str:
        """Two or three sentences, starting with a capital (not a list number)."""
        return " ".join(self.sentence(rng) for _ in range(rng.randint(2, 3)))

    def distinct_paragraph(self, rng: random.Random) -> str:
        """A paragraph sharing no five-word phrase with any earlier distinct one.

        A word-pair walk reproduces phrases of its source; two paragraphs that
        share one are partial copies, not the distinct paragraphs whose false
        removals the benchmark counts.
        """
        while True:
            text = self.paragraph(rng)
            words = text.split()
            starts = range(max(1, len(words) - PHRASE_WORDS + 1))
            phrases = {hash(tuple(words[i : i + PHRASE_WORDS])) for i in starts}
            if not phrases & self._phrases:
                self._phrases |= phrases
                return text

    def headline(self, rng: random.Random) -> str:
        return " ".join(self.sentence(rng).split()[:8]).rstrip(".,;:")


def light_edit(text: str, rng: random.Random) -> str:
    """What a syndication desk does: swap one to three words, maybe add an attribution.

    Numbers and names stay: changing them would make another fact.
    """
    words = text.split()
    editable = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and len(w) > 3]
    replacements = ["new", "local", "major", "recent", "planned", "latest", "city", "area"]
    for i in rng.sample(editable, min(len(editable), rng.randint(1, 3))):
        words[i] = rng.choice(replacements)
    edited = " ".join(words)
    if rng.random() < 0.5:
        edited = edited.rstrip(".") + ", officials said."
    return edited
