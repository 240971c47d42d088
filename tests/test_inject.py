"""Unit tests of the seeded duplicate injection used by benchmarks/duplicates.py."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

try:
    from benchmarks import inject
except ModuleNotFoundError:  # repository root not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks import inject

LEAD = "The city council voted on Tuesday to close the old bridge. Repairs will take a year."
ARTICLE = [
    "By Jane Doe",
    LEAD,
    "Residents who cross the bridge every day said they were worried about longer commutes "
    "and about the shops on the far side.",
    "The mayor said the decision was hard. \u201cWe had no choice,\u201d she told reporters "
    "outside the town hall on Tuesday evening.",
    "Work starts in March.",
    "A public meeting on detours will be held next week at the library on Main Street.",
]


def without(injection: inject.Injection) -> list[str]:
    paragraphs = list(injection.paragraphs)
    del paragraphs[injection.injected]
    return paragraphs


def rng(n: int = 0) -> random.Random:
    return random.Random(n)


def test_split_paragraphs_keeps_inner_newlines() -> None:
    text = "\n\n  First line\nsecond line  \n\n\n\n Second \n\n"
    assert inject.split_paragraphs(text) == ["First line\nsecond line", "Second"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One two. Three four!", ["One two.", "Three four!"]),
        (
            "Mr. Smith went to N.Y. on Monday. He left.",
            ["Mr. Smith went to N.Y. on Monday.", "He left."],
        ),
        (
            "\u201cStop.\u201d She did. J. Doe agreed",
            ["\u201cStop.\u201d", "She did.", "J. Doe agreed"],
        ),
        ("No final stop", ["No final stop"]),
        ("\u201cWhy?\u201d she asked. Then left.", ["\u201cWhy?\u201d she asked.", "Then left."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert inject.split_sentences(text) == expected


def test_word_count_ignores_punctuation_tokens() -> None:
    assert inject.word_count("\u201d she wrote \u2014 in 2019 .") == 4


def test_find_lead_skips_short_paragraphs() -> None:
    assert inject.find_lead(ARTICLE) == 1
    assert inject.find_lead(["short", "also short"]) is None


def test_article_rng_depends_on_seed_article_and_kind_only() -> None:
    draw = inject.article_rng(0, "abc", "reworded").random()
    assert inject.article_rng(0, "abc", "reworded").random() == draw
    assert inject.article_rng(1, "abc", "reworded").random() != draw
    assert inject.article_rng(0, "abd", "reworded").random() != draw
    assert inject.article_rng(0, "abc", "standfirst").random() != draw


def test_inject_all_is_reproducible_and_makes_one_variant_per_kind() -> None:
    first = inject.inject_all(ARTICLE, 3, "x")
    assert first == inject.inject_all(ARTICLE, 3, "x")
    assert [v.kind for v in first] == list(inject.INJECTORS)


def test_exact_after_ad() -> None:
    for seed in range(20):
        injection = inject.inject_exact_after_ad(ARTICLE, rng(seed))
        assert injection is not None
        assert injection.injected in (2, 3)
        assert injection.original == 1
        assert injection.paragraphs[injection.injected] == LEAD
        assert without(injection) == ARTICLE


def test_exact_after_ad_never_before_a_late_lead() -> None:
    article = ["a", "b", "c", "d", LEAD, "e"]
    injection = inject.inject_exact_after_ad(article, rng())
    assert injection is not None
    assert injection.original == 4
    assert injection.injected == 5


def test_exact_end() -> None:
    injection = inject.inject_exact_end(ARTICLE, rng())
    assert injection is not None
    assert injection.injected == len(ARTICLE)
    assert injection.paragraphs[-1] == LEAD
    assert injection.original == 1


def test_no_lead_means_no_injection() -> None:
    short = ["one two", "three four", "five six"]
    for injector in inject.INJECTORS.values():
        assert injector(short, rng()) is None


def test_edit_words_changes_the_requested_number_of_words() -> None:
    text = " ".join(f"w{i}" for i in range(40))
    vocab = [f"v{i}" for i in range(10)]
    edited = inject.edit_words(text, 0.10, vocab, rng(1))
    before, after = text.split(), edited.split()
    unchanged = [w for w in after if w in before]
    # 4 edits: each drops, replaces or adds a word next to the original one.
    assert len(before) - len(unchanged) <= 4
    assert len(after) - len(unchanged) <= 4
    assert edited != text
    assert set(after) - set(before) <= set(vocab)


def test_edit_words_edits_at_least_one_word() -> None:
    assert inject.edit_words("alpha beta gamma", 0.05, ["delta"], rng()) != "alpha beta gamma"


def test_reworded() -> None:
    rates: set[float] = set()
    forms: set[str] = set()
    for seed in range(60):
        injection = inject.inject_reworded(ARTICLE, rng(seed))
        assert injection is not None
        assert injection.rate in inject.EDIT_RATES
        rates.add(injection.rate)
        forms.add(injection.form)
        assert injection.injected > injection.original
        source = injection.paragraphs[injection.original]
        assert inject.word_count(source) >= 8
        assert injection.form == "lead" or inject.word_count(source) >= 15
        assert injection.paragraphs[injection.injected] != source
        assert without(injection) == ARTICLE
        vocab = set(inject.vocabulary(ARTICLE))
        assert set(injection.paragraphs[injection.injected].split()) <= vocab
    assert rates == set(inject.EDIT_RATES)
    assert forms == {"lead", "body"}


def test_reworded_after_lead() -> None:
    rates: set[float] = set()
    for seed in range(40):
        injection = inject.inject_reworded_after_lead(ARTICLE, rng(seed))
        assert injection is not None
        lead = inject.find_lead(ARTICLE)
        assert (injection.original, injection.injected) == (
            lead,
            lead + 1 if lead is not None else 0,
        )
        assert injection.rate is not None and injection.rate <= inject.AFTER_LEAD_MAX_RATE
        rates.add(injection.rate)
        assert injection.paragraphs[injection.injected] != injection.paragraphs[injection.original]
        assert without(injection) == ARTICLE
    assert rates == {r for r in inject.EDIT_RATES if r <= inject.AFTER_LEAD_MAX_RATE}
    # A lead too short to reword is left alone.
    assert inject.inject_reworded_after_lead(["Short lead here now.", "Body."], rng(0)) is None


def test_standfirst() -> None:
    forms: set[str] = set()
    for seed in range(30):
        injection = inject.inject_standfirst(ARTICLE, rng(seed))
        assert injection is not None
        assert (injection.injected, injection.original) == (1, 2)
        copy = injection.paragraphs[injection.injected]
        forms.add(injection.form)
        if injection.form == "sentence":
            assert copy == "The city council voted on Tuesday to close the old bridge."
        else:
            assert copy.endswith(inject.ELLIPSIS)
            words = copy.removesuffix(inject.ELLIPSIS).split()
            assert LEAD.split()[: len(words)][:-1] == words[:-1]
            assert 0.35 <= len(words) / len(LEAD.split()) <= 0.75
        assert without(injection) == ARTICLE
    assert forms == {"sentence", "words"}


def test_standfirst_skips_a_dateline_sentence() -> None:
    lead = "BUFFALO, N.Y. \u2014 Hours before the game, the coach said he trusted the winger."
    for seed in range(20):
        copy, form = inject.truncate_lead(lead, rng(seed))
        assert form == "words"
        assert copy.endswith(inject.ELLIPSIS)


def test_pull_quote() -> None:
    distances: set[int] = set()
    for seed in range(60):
        injection = inject.inject_pull_quote(ARTICLE, rng(seed))
        assert injection is not None
        quote = injection.paragraphs[injection.injected]
        source = injection.paragraphs[injection.original]
        assert quote in source
        assert quote != source  # multi-sentence paragraphs are preferred
        assert inject.word_count(quote) >= inject.PULL_QUOTE_MIN_WORDS
        distance = abs(injection.injected - injection.original)
        assert 1 <= distance <= 3
        distances.add(distance)
        assert injection.form == ("before" if injection.injected < injection.original else "after")
        assert without(injection) == ARTICLE
    assert distances == {1, 2, 3}


words = st.text(alphabet="abcdefgh", min_size=1, max_size=6)
paragraphs = st.lists(words, min_size=1, max_size=30).map(
    lambda ws: " ".join(ws).capitalize() + "."
)


@settings(max_examples=150, deadline=None)
@given(article=st.lists(paragraphs, min_size=3, max_size=12), seed=st.integers(0, 10**6))
def test_every_injection_only_inserts_one_paragraph(article: list[str], seed: int) -> None:
    for injection in inject.inject_all(article, seed, "hypothesis"):
        assert len(injection.paragraphs) == len(article) + 1
        assert without(injection) == article
        assert injection.injected != injection.original
        assert 0 <= injection.original < len(injection.paragraphs)
        # the original index points at the copied paragraph after the insertion
        expected = injection.original - (injection.original > injection.injected)
        assert injection.paragraphs[injection.original] == article[expected]


ZH_LEAD = (
    "北京时间11月24日，国家统计局发布数据显示，10月份全国规模以上工业增加值同比增长5.6%，"
    "比上月加快0.2个百分点。制造业投资保持较快增长。"
)


def test_chinese_words_are_pairs_of_characters_and_sentences_end_at_the_full_stop() -> None:
    assert inject.is_unspaced(ZH_LEAD) and not inject.is_unspaced(LEAD)
    assert inject.words("国家统计局发布") == ["国家", "统计", "局发", "布"]
    assert inject.word_count("北京时间11月") == 4  # 北京, 时间, 11, 月
    assert inject.split_sentences(ZH_LEAD)[1] == "制造业投资保持较快增长。"
    assert inject.split_sentences("「はい。」と彼は言った。次の文。") == [
        "「はい。」と彼は言った。",
        "次の文。",
    ]


def test_a_chinese_copy_is_edited_by_the_rate_and_a_chinese_standfirst_is_a_prefix() -> None:
    units = inject.words(ZH_LEAD)
    edited = inject.edit_words(ZH_LEAD, 0.2, inject.vocabulary([ZH_LEAD]), rng(4))
    assert edited != ZH_LEAD and " " not in edited
    # Each edit touches one pair of characters: at most a fifth of them differ, in order.
    kept = sum(1 for unit in units if unit in edited)
    assert kept >= len(units) - round(0.2 * len(units)) - 2
    for seed in range(20):
        standfirst, _form = inject.truncate_lead(ZH_LEAD, rng(seed))
        body = standfirst.removesuffix(inject.ELLIPSIS)
        assert body and ZH_LEAD.startswith(body) and len(body) < len(ZH_LEAD)
