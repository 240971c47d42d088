"""Datelines give ISO days, like the dates the extractor finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe_news import clean_file
from dedupe_news.dates import iso_day

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
