"""The article-extraction-benchmark metric (scrapinghub/article-extraction-benchmark).

Pure functions, reimplemented to give the same figures as the benchmark's
``evaluate.py``:

- tokens are runs of ``\\w+`` (case kept);
- units are word 4-gram shingles counted as a multiset; a text with fewer than
  four tokens is one shingle made of all its tokens (none if it has no token);
- per page, tp / fp / fn are divided by their sum so that long pages do not
  weigh more than short ones;
- corpus precision is the mean page precision over pages with a non-empty
  prediction, corpus recall the mean page recall over pages with a non-empty
  ground truth (an empty prediction counts for recall only, with recall 0);
  F1 is the harmonic mean of the two means;
- uncertainty comes from bootstrap resampling of pages. The benchmark prints
  ``1.96 * std`` as its "±"; :class:`Spread` carries the std and that interval.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

SHINGLE_SIZE = 4
N_BOOTSTRAP = 1000
BOOTSTRAP_SEED = 0
_Z95 = 1.96
_TOKEN_RE = re.compile(r"\w+")

Shingle = tuple[str, ...]


class PageCounts(NamedTuple):
    """tp, fp and fn of one page, normalised so that they sum to 1 (or are all 0)."""

    tp: float
    fp: float
    fn: float


class Scores(NamedTuple):
    precision: float
    recall: float
    f1: float


class Spread(NamedTuple):
    """Bootstrap spread of :class:`Scores`: std, and the benchmark's ``1.96 * std``."""

    precision_std: float
    recall_std: float
    f1_std: float
    precision_ci95: float
    recall_ci95: float
    f1_ci95: float


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """Multiset of the word ``size``-grams of ``text``."""
    tokens = tokenize(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_counts(truth: str, prediction: str, size: int = SHINGLE_SIZE) -> PageCounts:
    """Normalised tp / fp / fn of one prediction against its ground truth."""
    true_shingles = shingles(truth, size)
    pred_shingles = shingles(prediction, size)
    tp = sum((true_shingles & pred_shingles).values())
    fp = sum(pred_shingles.values()) - tp
    fn = sum(true_shingles.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


def page_precision(counts: PageCounts) -> float:
    tp, fp, fn = counts
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(counts: PageCounts) -> float:
    tp, fp, fn = counts
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def harmonic_mean(precision: float, recall: float) -> float:
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def page_scores(counts: PageCounts) -> Scores:
    """Precision, recall and F1 of one page (an empty prediction has precision 0)."""
    precision = page_precision(counts)
    recall = page_recall(counts)
    return Scores(precision, recall, harmonic_mean(precision, recall))


def corpus_scores(pages: Sequence[PageCounts]) -> Scores:
    """Mean page precision and recall, and their harmonic mean.

    A mean over no page (no prediction at all, or no page) is 0.
    """
    precisions = [page_precision(c) for c in pages if c.tp + c.fp > 0]
    recalls = [page_recall(c) for c in pages if c.tp + c.fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    return Scores(precision, recall, harmonic_mean(precision, recall))


def resample_indices(
    n_pages: int, n_resamples: int = N_BOOTSTRAP, seed: int = BOOTSTRAP_SEED
) -> list[list[int]]:
    """Page indices of each bootstrap resample (drawn with replacement)."""
    rng = random.Random(seed)
    return [[rng.randint(0, n_pages - 1) for _ in range(n_pages)] for _ in range(n_resamples)]


def _spread(samples: Sequence[Scores]) -> Spread:
    if len(samples) < 2:
        return Spread(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    stds = [statistics.stdev(values) for values in zip(*samples, strict=True)]
    return Spread(*stds, *(_Z95 * std for std in stds))


def bootstrap(
    pages: Sequence[PageCounts],
    n_resamples: int = N_BOOTSTRAP,
    seed: int = BOOTSTRAP_SEED,
) -> Spread:
    """Spread of :func:`corpus_scores` over bootstrap resamples of the pages.

    With the same ``seed``, two systems scored on the same pages get the same
    resamples.
    """
    if not pages:
        return _spread([])
    samples = [
        corpus_scores([pages[i] for i in indices])
        for indices in resample_indices(len(pages), n_resamples, seed)
    ]
    return _spread(samples)


def bootstrap_difference(
    pages: Sequence[PageCounts],
    other: Sequence[PageCounts],
    n_resamples: int = N_BOOTSTRAP,
    seed: int = BOOTSTRAP_SEED,
) -> Spread:
    """Spread of ``corpus_scores(pages) - corpus_scores(other)`` (paired by page)."""
    if len(pages) != len(other):
        raise ValueError("both systems must be scored on the same pages")
    if not pages:
        return _spread([])
    samples = []
    for indices in resample_indices(len(pages), n_resamples, seed):
        mine = corpus_scores([pages[i] for i in indices])
        theirs = corpus_scores([other[i] for i in indices])
        samples.append(Scores(*(a - b for a, b in zip(mine, theirs, strict=True))))
    return _spread(samples)
