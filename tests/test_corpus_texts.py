"""The compact texts of a corpus batch decide exactly what the full features would."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from dedupe_news import corpus_texts
from dedupe_news.config import Config
from dedupe_news.corpus_index import IndexSettings, band_keys
from dedupe_news.corpus_texts import CorpusTexts, TextsBuilder, candidate_pairs, may_match
from dedupe_news.features import paragraph_features
from dedupe_news.fingerprint import fingerprinter_for
from dedupe_news.near_dup import overlap
from tests.corpus_docs import paragraph

CONFIG = Config()
SETTINGS = IndexSettings(CONFIG.num_perm, CONFIG.shingle_size)


def _edited(text: str, rng: random.Random, changes: int) -> str:
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = "zed"
    return " ".join(words)


def _texts(seed: int) -> list[str]:
    """Paragraphs, copies of them with a few words changed, a fragment, a case variant."""
    rng = random.Random(seed)
    originals = [paragraph(rng, rng.randint(3, 30)) for _ in range(12)]
    edited = [_edited(t, rng, rng.randint(1, 8)) for t in originals for _ in range(2)]
    return [*originals, *edited, originals[0][:40], originals[1].upper(), "", "1 2"]


def _build(texts: list[str]) -> tuple[CorpusTexts, list[int]]:
    features = [paragraph_features(t, CONFIG.shingle_size) for t in texts]
    rows = fingerprinter_for(CONFIG.num_perm).signatures([f.shingles for f in features])
    builder = TextsBuilder(len(texts), CONFIG.num_perm)
    ids = [builder.add(t, f, row) for t, f, row in zip(texts, features, rows, strict=True)]
    return builder.build(), ids


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.9])
def test_may_match_rejects_only_what_the_overlap_rejects(seed: int, threshold: float) -> None:
    texts, _ = _build(_texts(seed))
    features = [paragraph_features(t, CONFIG.shingle_size) for t in texts.texts]
    pairs = np.array(list(combinations(range(len(texts)), 2)), dtype=np.int64)
    found = texts.may_match_pairs(pairs[:, 0], pairs[:, 1], threshold).tolist()
    for (a, b), worth in zip(pairs.tolist(), found, strict=True):
        first, second = features[a].shingles, features[b].shingles
        expected = not first or not second or overlap(features[a], features[b]) >= threshold
        assert worth == expected
        assert may_match(first, second, threshold) == expected
        assert texts.shingle_set(a) == first


def test_one_text_per_exact_key_in_order_of_first_appearance() -> None:
    texts = ["Rain fell on Monday.", "Sun on Tuesday.", "RAIN fell, on Monday!"]
    built, ids = _build(texts)
    assert ids == [0, 1, 0]
    assert built.texts == ("Rain fell on Monday.", "Sun on Tuesday.")
    assert built.word_counts == (4, 3)
    assert built.signatures.shape == (2, CONFIG.num_perm)


def test_a_digest_clash_never_merges_two_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key hashed alike: the exact keys still tell the texts apart."""
    monkeypatch.setattr(corpus_texts, "_digest", lambda key: b"same")
    texts = ["Rain fell on Monday.", "Sun on Tuesday.", "rain fell on monday", "Snow.", "snow"]
    built, ids = _build(texts)
    assert ids == [0, 1, 0, 2, 2]
    assert len(built) == 3


@pytest.mark.parametrize("seed", range(3))
def test_candidate_pairs_are_rows_with_an_equal_band_key(seed: int) -> None:
    texts, _ = _build(_texts(seed))
    keys = band_keys(texts.signatures, SETTINGS)
    owners: dict[int, set[int]] = {}
    for row, row_keys in enumerate(keys.tolist()):
        for key in row_keys:
            owners.setdefault(key, set()).add(row)
    expected = sorted({pair for rows in owners.values() for pair in combinations(sorted(rows), 2)})
    found = candidate_pairs(texts.signatures, SETTINGS)
    assert found.tolist() == [list(pair) for pair in expected]
    assert expected  # the edited copies share bands with their originals
