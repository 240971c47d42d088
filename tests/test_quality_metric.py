"""The benchmark metric on tiny hand-made texts, with values computed by hand."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.aeb_metric import (
    PageCounts,
    bootstrap,
    bootstrap_difference,
    corpus_scores,
    page_counts,
    page_scores,
    shingles,
    tokenize,
)


def test_tokens_are_word_runs_with_case_kept() -> None:
    assert tokenize("Hello, world! It's 2024.") == ["Hello", "world", "It", "s", "2024"]


def test_shingles_are_a_multiset_of_word_4_grams() -> None:
    assert shingles("a b c d a b c d") == Counter(
        {
            ("a", "b", "c", "d"): 2,
            ("b", "c", "d", "a"): 1,
            ("c", "d", "a", "b"): 1,
            ("d", "a", "b", "c"): 1,
        }
    )


def test_short_text_is_one_shingle_and_empty_text_none() -> None:
    assert shingles("hello world") == Counter({("hello", "world"): 1})
    assert shingles(" ... ") == Counter()


def test_perfect_prediction() -> None:
    counts = page_counts("One two three four five.", "One two  three\n\nfour five")
    assert counts == PageCounts(1.0, 0.0, 0.0)
    assert page_scores(counts) == (1.0, 1.0, 1.0)
    assert corpus_scores([counts, counts]) == (1.0, 1.0, 1.0)


def test_case_matters() -> None:
    assert page_counts("Hello world", "hello world") == PageCounts(0.0, 0.5, 0.5)


def test_extra_words_lower_precision_by_their_shingles() -> None:
    # truth: abcd bcde cdef (3); prediction adds defx efxy: tp 3, fp 2, fn 0 -> /5
    counts = page_counts("a b c d e f", "a b c d e f x y")
    assert counts == pytest.approx((0.6, 0.4, 0.0))
    precision, recall, f1 = page_scores(counts)
    assert precision == pytest.approx(0.6)
    assert recall == 1.0
    assert f1 == pytest.approx(0.75)


def test_missing_words_lower_recall() -> None:
    # truth: abcd bcde cdef defg (4); prediction abcd: tp 1, fp 0, fn 3 -> /4
    counts = page_counts("a b c d e f g", "a b c d")
    assert counts == pytest.approx((0.25, 0.0, 0.75))
    assert page_scores(counts) == pytest.approx((1.0, 0.25, 0.4))


def test_repeated_shingles_are_counted_as_a_multiset() -> None:
    truth = "a b c d a b c d"  # abcd x2, bcda, cdab, dabc: 5 shingles
    # once: tp 1, fn 4
    assert page_counts(truth, "a b c d") == pytest.approx((0.2, 0.0, 0.8))
    # three times: abcd x3, bcda x2, cdab x2, dabc x2 = 9; tp 2+1+1+1 = 5, fp 4, fn 0
    counts = page_counts(truth, "a b c d a b c d a b c d")
    assert counts == pytest.approx((5 / 9, 4 / 9, 0.0))
    assert page_scores(counts).precision == pytest.approx(5 / 9)
    assert page_scores(counts).recall == pytest.approx(1.0)


def test_empty_prediction_counts_for_recall_only() -> None:
    perfect = page_counts("a b c d e", "a b c d e")
    empty = page_counts("a b c d e", "")
    assert empty == PageCounts(0.0, 0.0, 1.0)
    assert page_scores(empty) == (0.0, 0.0, 0.0)
    precision, recall, f1 = corpus_scores([perfect, empty])
    assert precision == 1.0  # only the page with a prediction
    assert recall == 0.5
    assert f1 == pytest.approx(2 / 3)


def test_corpus_scores_are_means_of_page_scores() -> None:
    pages = [page_counts("a b c d e f", "a b c d e f x y"), page_counts("a b c d e f g", "a b c d")]
    precision, recall, f1 = corpus_scores(pages)
    assert precision == pytest.approx((0.6 + 1.0) / 2)
    assert recall == pytest.approx((1.0 + 0.25) / 2)
    assert f1 == pytest.approx(2 * 0.8 * 0.625 / (0.8 + 0.625))


def test_no_prediction_at_all_scores_zero() -> None:
    assert corpus_scores([page_counts("a b c d", "")]) == (0.0, 0.0, 0.0)


def test_bootstrap_is_deterministic_and_zero_on_identical_pages() -> None:
    same = [page_counts("a b c d e", "a b c d e")] * 5
    assert bootstrap(same, n_resamples=50) == (0.0,) * 6
    mixed = [page_counts("a b c d e f", "a b c d e f x y"), page_counts("a b c d e", "")] * 3
    spread = bootstrap(mixed, n_resamples=200, seed=7)
    assert spread == bootstrap(mixed, n_resamples=200, seed=7)
    assert spread.recall_std > 0
    assert spread.f1_ci95 == pytest.approx(1.96 * spread.f1_std)


def test_bootstrap_difference_of_a_system_with_itself_is_zero() -> None:
    mixed = [page_counts("a b c d e f", "a b c d e f x y"), page_counts("a b c d e", "")] * 3
    assert bootstrap_difference(mixed, mixed, n_resamples=100) == (0.0,) * 6
    with pytest.raises(ValueError):
        bootstrap_difference(mixed, mixed[:2])
