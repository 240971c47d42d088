"""Dates stated by datelines, as ISO 8601 days like the extractor's dates."""

from __future__ import annotations

import dateparser  # type: ignore[import-untyped]

from dedupe_news.language import LISTED_LANGUAGES

# Absolute dates only: "yesterday" would depend on when the page is cleaned.
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
}


def iso_day(text: str, language: str | None) -> str | None:
    """The day a dateline states ("March 24th, 2021 at 13:14 IST" -> "2021-03-24"), or None.

    Read in ``language``, or when it is None in each language the language
    vote knows: letting dateparser guess among all of its own costs up to a
    quarter of a second a line.
    """
    languages = [language] if language else list(LISTED_LANGUAGES)
    try:
        parsed = dateparser.parse(text, languages=languages, settings=_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd text: no date, then
        return None
    return None if parsed is None else str(parsed.date().isoformat())
