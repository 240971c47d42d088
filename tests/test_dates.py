"""Datelines give ISO days, like the dates the extractor finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe_news import Config, clean_document, clean_file
from dedupe_news.boilerplate import DATE_LINE_RULE, rules_preferring
from dedupe_news.dates import iso_day
from dedupe_news.extract import extract_html

SEED = Path(__file__).parent / "fixtures" / "seed" / "000_f3ea3e044085c9d1.txt"


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        ("March 24th, 2021 at 13:14 IST", "en", "2021-03-24"),
        ("24. März 2021, 13:14 Uhr", "de", "2021-03-24"),
        ("le 12 mars 2024 à 10h05", "fr", "2024-03-12"),
        ("13 de agosto de 2024", "es", "2024-08-13"),
    ],
)
def test_a_dateline_gives_its_day(text: str, language: str, day: str) -> None:
    assert iso_day(text, language) == day


@pytest.mark.parametrize("text", ["yesterday evening", "Advertisement", "March 2021", ""])
def test_text_without_a_full_date_gives_none(text: str) -> None:
    assert iso_day(text, "en") is None


def test_the_seed_dateline_fills_the_date() -> None:
    assert clean_file(SEED).metadata.date == "2021-03-24"


@pytest.mark.parametrize(
    ("line", "language", "day"),
    [
        ("segunda-feira, 22 de janeiro de 2018 às 0:13", None, "2018-01-22"),
        ("mercoledì 3 aprile 2024, 14:05", None, "2024-04-03"),
        ("3 апреля 2024 г., 14:05", None, "2024-04-03"),
        ("November 20, 2019 - 11:28 AMT", "en", "2019-11-20"),
        ("zaterdag 7 september 2024 om 09:30", "nl", "2024-09-07"),
    ],
)
def test_a_line_that_is_only_a_date_is_a_dateline_in_any_listed_language(
    line: str, language: str | None, day: str
) -> None:
    found = rules_preferring(language).match(line)
    # A bundled pattern may know the form first (Italian since its rules came).
    assert found is not None and found.label == "dateline"
    assert found.date is not None and iso_day(found.date, language) == day


@pytest.mark.parametrize(
    "line",
    [
        "The 2019 season ended in May.",
        "The best phones of 2024",
        "Arsenal 2-1 Chelsea, 12 March 2019, at the Emirates in front of 60,000",
        "Il campionato 2018 comincia a Interlagos.",
        "7th Amsterdam Light Festival 29 November 2018 | 20 January 2019",
    ],
)
def test_a_line_with_a_year_that_is_not_only_a_date_is_kept(line: str) -> None:
    assert rules_preferring(None).match(line) is None


def test_a_page_declaring_its_language_has_its_dates_read_in_it() -> None:
    # Finnish: no bundled rules and not in the stopword vote, so only the
    # page's declared language says how to read "lauantai 7. syyskuuta".
    html = (
        '<html lang="fi-FI"><head><title>Kunta esittelee uuden suunnitelman</title></head><body>'
        "<article><h1>Kunta esittelee uuden suunnitelman</h1>"
        "<p>lauantai 7. syyskuuta 2024 09:30</p>"
        "<p>Kunta esitteli lauantaina uuden suunnitelman joukkoliikenteelle, jossa on enemmän "
        "busseja iltaisin ja uusia linjoja pohjoisen kasvaville asuinalueille.</p>"
        "<p>Suunnitelman on tarkoitus tulla voimaan tammikuussa, ja se maksaa kunnan mukaan noin "
        "neljäkymmentä miljoonaa euroa vuodessa, mitä oppositio arvosteli kokouksessa.</p>"
        "</article></body></html>"
    )
    document = extract_html(html, Config())
    assert document.declared_language == "fi"
    result = clean_document(document)
    removal = result.verdicts[0].removal
    assert removal is not None and removal.rule == DATE_LINE_RULE
    assert result.metadata.date == "2024-09-07"
    assert result.metadata.language == "fi"
