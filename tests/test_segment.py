"""Plain text to paragraphs."""

from __future__ import annotations

from dedupe_news import clean_text
from dedupe_news.model import BlockKind
from dedupe_news.segment import split_text
from tests.conftest import SEED


def test_seed_lines_sharing_a_block_stay_apart_and_nbsp_lines_are_blank() -> None:
    blocks = split_text(SEED.read_text(encoding="utf-8"))
    texts = [b.text for b in blocks]
    assert "| Image:self" in texts and "Advertisement" in texts
    assert texts.index("Advertisement") == texts.index("| Image:self") + 1
    assert all(t.strip() for t in texts)
    assert len(texts) == 20


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "The port authority said on Monday that the strike would begin at dawn\n"
        "on Thursday unless the two sides reached an agreement on pay before\n"
        "then.\n\n"
        "Union leaders said talks had stalled.\n"
    )
    blocks = split_text(text)
    assert [b.text for b in blocks] == [
        "The port authority said on Monday that the strike would begin at dawn on Thursday "
        "unless the two sides reached an agreement on pay before then.",
        "Union leaders said talks had stalled.",
    ]


def test_one_paragraph_per_line_is_not_joined() -> None:
    text = (
        "A short first paragraph that ends here.\n"
        "A much longer second paragraph which says something else entirely, and goes on.\n"
    )
    assert len(split_text(text)) == 2


def test_a_page_pasted_one_paragraph_per_line_keeps_its_longest_line_apart() -> None:
    # The longest line reaches the "width" by definition; what follows it is
    # not a wrapped continuation unless the block's lines fill that width.
    lines = [
        "Hosepipe ban for 1.2 million customers",
        "Published 3 hours ago",
        "A hosepipe ban will come into force next Friday for 1.2 million homes, the company said.",
        "Campaigners said customers were being asked to make sacrifices while the company failed "
        "to act, and that leaks still cost millions of litres a day across the region.",
        "Advertisement",
        "The Environment Agency said five areas had moved into drought status.",
    ]
    assert [b.text for b in split_text("\n".join(lines))] == lines


def test_bullets_are_list_items_and_never_joined() -> None:
    text = (
        "Ingredients for the cake, all weighed out before you start:\n"
        "- 150g caster sugar\n- 120g butter\n"
    )
    blocks = split_text(text)
    assert [b.kind for b in blocks][-2:] == [BlockKind.LIST_ITEM, BlockKind.LIST_ITEM]


def test_empty_and_whitespace_only_text() -> None:
    assert split_text("") == ()
    assert split_text(" \n\u00a0\n\t\n") == ()


def test_a_short_line_after_the_first_paragraph_is_a_subheading_not_the_title() -> None:
    text = (
        "Our lemon drizzle loaf is the bake readers ask for most, and it takes an hour.\n\n"
        "Ingredients\n\n"
        "Beat the butter and sugar until pale, then add the eggs one at a time.\n"
    )
    result = clean_text(text)
    assert result.metadata.title is None
    assert result.paragraphs[1] == "Ingredients"


def test_a_headline_under_a_dateline_is_the_title() -> None:
    text = (
        "Updated March 24th, 2021 at 13:14 IST\n\n"
        "Harbour pier to reopen in spring\n\n"
        "The pier will reopen in April after a year of repairs, the council said.\n"
    )
    assert clean_text(text).metadata.title == "Harbour pier to reopen in spring"


def test_a_chinese_or_japanese_lead_is_a_paragraph_and_its_headline_a_heading() -> None:
    text = (
        "统计局：10月工业增加值同比增长5.6%\n\n"
        "国家统计局发布数据显示，10月份全国规模以上工业增加值同比增长5.6%，比上月加快0.2个百分点。\n\n"
        "東京都は4日、新たな防災計画を発表した。"
    )
    kinds = [b.kind for b in split_text(text)]
    assert kinds == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
