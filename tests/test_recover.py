"""Recovery of article paragraphs from the page layout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from dedupe_news.model import Block, BlockKind
from dedupe_news.recover import page_layout, recover_paragraphs

FIRST = "The council voted on Tuesday to close the old swimming baths at the end of the year."
SECOND = "Campaigners said they would take the decision to the High Court before the summer."
THIRD = "The council says repairs to the roof alone would cost more than a new building."
SIDEBAR = "A man has been arrested after a fire at a warehouse on the industrial estate."
CUT = "The leisure trust, which runs the baths, said it had not been consulted on the plan."


def _page(body: str) -> html.HtmlElement:
    return html.fromstring(f"<html><body>{body}</body></html>")


def test_a_second_chunk_of_the_body_comes_back_and_the_sidebar_does_not() -> None:
    tree = _page(
        '<div class="chunks"><section><div class="story-body">'
        f"<p>{FIRST}</p><p>{SECOND}</p></div></section>"
        '<aside class="promo"><p>Sign up to our morning newsletter for the day ahead.</p></aside>'
        f'<section><div class="story-body"><p>{THIRD}</p></div></section></div>'
        f'<div class="rail"><div class="card"><p>{SIDEBAR}</p></div></div>'
    )
    blocks = recover_paragraphs([Block(FIRST), Block(SECOND)], page_layout(tree))
    assert [b.text for b in blocks] == [FIRST, SECOND, THIRD]


def test_recovered_paragraphs_keep_their_place_in_the_page() -> None:
    tree = _page(f'<div class="body"><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></div>')
    blocks = recover_paragraphs([Block(FIRST), Block(THIRD)], page_layout(tree))
    assert [b.text for b in blocks] == [FIRST, SECOND, THIRD]


def test_a_paragraph_with_its_link_text_cut_is_completed_in_place() -> None:
    tree = _page(
        f'<div class="body"><p>{FIRST}</p>'
        '<p>The leisure trust, which runs <a href="/baths">the baths</a>, said it had not '
        "been consulted on the plan.</p></div>"
    )
    cut = "The leisure trust, which runs, said it had not been consulted on the plan."
    blocks = recover_paragraphs([Block(FIRST), Block(cut)], page_layout(tree))
    assert [b.text for b in blocks] == [FIRST, CUT]


def test_a_repeat_the_extractor_dropped_comes_back_to_be_recorded() -> None:
    # trafilatura drops a paragraph repeating the one before it; brought back,
    # the duplicate stage removes it with a record of what it copies.
    tree = _page(f'<div class="body"><p>{FIRST}</p><p>{FIRST}</p><p>{SECOND}</p></div>')
    blocks = recover_paragraphs([Block(FIRST), Block(SECOND)], page_layout(tree))
    assert [b.text for b in blocks] == [FIRST, FIRST, SECOND]
    # A question is not: a repeated question may be asked again on purpose.
    question = "Why did the council not consult the leisure trust before the vote?"
    tree = _page(f'<div class="body"><p>{question}</p><p>{question}</p><p>{SECOND}</p></div>')
    blocks = recover_paragraphs([Block(question), Block(SECOND)], page_layout(tree))
    assert [b.text for b in blocks] == [question, SECOND]


def test_links_labels_and_headings_are_not_recovered() -> None:
    tree = _page(
        f'<div class="body"><p>{FIRST}</p>'
        '<p><a href="/a">Read more about the baths and the history of the building</a>.</p>'
        "<p>Share this article</p></div>"
    )
    blocks = (Block("Swimming baths to close", BlockKind.HEADING), Block(FIRST))
    assert recover_paragraphs(blocks, page_layout(tree)) == blocks


def test_without_a_matched_paragraph_nothing_changes() -> None:
    tree = _page(f'<div class="body"><p>{FIRST}</p></div>')
    blocks = (Block(SECOND),)
    assert recover_paragraphs(blocks, page_layout(tree)) == blocks


@given(st.lists(st.booleans(), min_size=5, max_size=5))
def test_recovery_keeps_every_extracted_block_in_order(extracted: list[bool]) -> None:
    page = [FIRST, SECOND, THIRD, CUT, SIDEBAR]
    tree = _page(
        '<div class="body">'
        + "".join(f"<p>{p}</p>" for p in page[:4])
        + f'</div><div class="card"><p>{page[4]}</p></div>'
    )
    blocks = [Block(p) for p, keep in zip(page, extracted, strict=True) if keep]
    result = [b.text for b in recover_paragraphs(blocks, page_layout(tree))]
    remaining = iter(result)
    assert all(b.text in remaining for b in blocks)
    if any(extracted[:4]) and not extracted[4]:
        assert result == page[:4]
