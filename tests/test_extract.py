"""Extraction: reading trafilatura's body, the headline, the precision fallback."""

from __future__ import annotations

from dedupe_news import Config
from dedupe_news.extract import _default_prose, _repeats_title, extract_html
from dedupe_news.model import Block, BlockKind

PROSE = [
    "Shares of the retailer fell 5% in early trading after it cut its sales forecast for the year.",
    "The company said comparable sales would grow 3.5% in 2024, down from its earlier guidance.",
    "Analysts said the market was misreading results that were broadly in line with estimates.",
]


def test_loose_text_after_headings_and_line_breaks_are_read() -> None:
    page = (
        "<html><head><title>Weekend deals</title></head><body><article>"
        "<h1>Weekend deals</h1><div class='deals'>"
        f"<h2>Orbis 14 for $649</h2>{PROSE[0]}"
        f"<h2>Calder headphones for $179</h2>{PROSE[1]}"
        f"<p>{PROSE[2]}</p><p>Open on Saturday:<br>Harbour Mall<br>Station Arcade</p>"
        "</div></article></body></html>"
    )
    texts = [b.text for b in extract_html(page, Config()).blocks]
    assert PROSE[0] in texts and PROSE[1] in texts
    assert "Open on Saturday: Harbour Mall Station Arcade" in texts


def test_a_heading_repeating_the_title_with_the_site_name_is_the_headline() -> None:
    title = "NASA adds five companies to lunar lander program - SpaceNews.com"
    assert _repeats_title("NASA adds five companies to lunar lander program", title)
    assert not _repeats_title("Key moments", "Key moments of the night the council voted")
    assert not _repeats_title("Deals on laptops", "Mourinho agrees deal to replace Pochettino")


def test_the_default_extraction_replaces_precision_only_when_it_holds_the_article() -> None:
    notice = [Block("This copy is for your personal, non-commercial use only.")]
    default = [Block("Order Reprints"), *notice, *(Block(p) for p in PROSE)]
    chosen = _default_prose(default, notice)
    assert chosen is not None
    assert [b.text for b in chosen] == [notice[0].text, *PROSE]
    furniture = [*notice, Block("Print Article"), Block("Most popular", BlockKind.HEADING)]
    assert _default_prose(furniture, notice) is None
    assert _default_prose([*(Block(p) for p in PROSE)], [Block(p) for p in PROSE]) is None


def test_a_time_inside_a_sentence_is_read_and_a_date_stamp_is_not() -> None:
    entries = [
        ("16.55 uur", "Het NL-Alert voor Oosterwijk is ingetrokken, meldt de veiligheidsregio."),
        ("15.05 uur", "Het NL-Alert is uitgebreid naar Oosterwijk, meldt de veiligheidsregio."),
    ]
    page = (
        "<html><head><title>Brand</title></head><body><article><h1>Brand</h1>"
        "<p>Gepubliceerd <time datetime='2025-04-14'>14 april 2025</time></p>"
        + "".join(f"<p><time>{at}</time> – {text}</p>" for at, text in entries)
        + "".join(f"<p>{p}</p>" for p in PROSE)
        + "</article></body></html>"
    )
    texts = [b.text for b in extract_html(page, Config()).blocks]
    # A live blog's entries keep their times, which tell them apart.
    assert [f"{at} – {text}" for at, text in entries] == [t for t in texts if "NL-Alert" in t]
    assert not any("14 april 2025" in t for t in texts)
