"""The language vote reads the start of a document's text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.language import SAMPLE_CHARS, detect_language, sample_of

words = st.sampled_from(["the", "and", "der", "und", "el", "que", "le", "et", "x", "2024"])
texts = st.lists(st.lists(words, max_size=900).map(" ".join), max_size=12)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_sample_is_the_start_of_the_joined_text(paragraphs: list[str]) -> None:
    joined = " ".join(paragraphs)
    sample = sample_of(paragraphs)
    assert joined.startswith(sample)
    assert sample[:SAMPLE_CHARS] == joined[:SAMPLE_CHARS]
    assert detect_language(sample) == detect_language(joined)


def test_detects_the_majority_language() -> None:
    assert detect_language("The cat and the dog sat on the mat in the house.") == "en"
    assert detect_language("Der Hund und die Katze sind nicht im Haus.") == "de"
    assert detect_language("12 34 56") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("東京都は4日、新たな防災計画を発表した。都内の避難所を増やす。", "ja"),
        ("国家统计局发布数据显示，10月份全国规模以上工业增加值同比增长。", "zh"),
        ("雲川市登革熱疫情持續延燒，市衛生局今日公布本週新增本土病例。", "zh"),
        ("한빛시는 다음 달부터 심야버스 2개 노선을 운행한다고 밝혔다.", "ko"),
        ("افتتحت بلدية النخيلة، صباح الأحد، محطة جديدة لتحلية مياه البحر.", "ar"),
        ("The council met on Tuesday. 東京 was mentioned once in the report on the trip.", "en"),
    ],
)
def test_chinese_japanese_and_korean_are_told_by_their_script(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_ukrainian_and_swedish_have_words_of_their_own() -> None:
    uk = "У громаді відкрили міст. Це було важливо, і мешканці раді, що рух відновлено."
    ru = "Облдума приняла бюджет на год, и это было важно для региона, что депутаты его одобрили."
    sv = "Simhallen stänger i ett år för renovering och kommunen har inte hittat en lösning."
    assert (detect_language(uk), detect_language(ru), detect_language(sv)) == ("uk", "ru", "sv")
