"""Per-site rules a user adds in the configuration file.

A site gets extra boilerplate patterns (lines only it prints) and keep
patterns (its real paragraphs that look like boilerplate or repeat). Patterns
have the semantics of the bundled rules: case-insensitive, matching the whole
paragraph. A document's host comes from its URL (or ``--site``); an entry for
``example.com`` also applies to ``www.example.com`` and ``news.example.com``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from dedupe_news.boilerplate import normalize_line
from dedupe_news.model import Metadata

_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


@dataclass(frozen=True, slots=True)
class SitePattern:
    """One pattern of a site, named like ``site:example.com/boilerplate#1``."""

    rule: str
    label: str
    source: str
    pattern: re.Pattern[str]

    def matches(self, text: str) -> bool:
        return self.pattern.fullmatch(normalize_line(text)) is not None


@dataclass(frozen=True, slots=True)
class SiteRules:
    """The extra boilerplate and the never-remove patterns of one host."""

    host: str
    boilerplate: tuple[SitePattern, ...] = ()
    keep: tuple[SitePattern, ...] = ()


def normalize_host(host: str) -> str:
    """Lower case, without a port, a trailing dot or a leading ``www.``."""
    host = host.strip().lower().rstrip(".")
    host = host.split("@")[-1].split(":")[0]
    return host.removeprefix("www.")


def is_host(text: str) -> bool:
    return _HOST.fullmatch(text) is not None


def document_host(metadata: Metadata, override: str | None = None) -> str | None:
    """The host whose rules apply: ``--site``, else the page's URL, else its site name."""
    if override:
        return normalize_host(override)
    if metadata.url:
        host = urlsplit(metadata.url if "//" in metadata.url else f"//{metadata.url}").hostname
        if host:
            return normalize_host(host)
    if metadata.site and is_host(normalize_host(metadata.site)):
        return normalize_host(metadata.site)
    return None


def rules_for_host(sites: Sequence[SiteRules], host: str | None) -> tuple[SiteRules, ...]:
    """Entries for the host and its parent domains, the most specific first."""
    if host is None:
        return ()
    found = [s for s in sites if host == s.host or host.endswith("." + s.host)]
    return tuple(sorted(found, key=lambda s: -len(s.host)))


def first_match(patterns: Sequence[SitePattern], text: str) -> SitePattern | None:
    return next((p for p in patterns if p.matches(text)), None)


@dataclass(frozen=True, slots=True)
class SiteMatcher:
    """The site rules that apply to one document."""

    entries: tuple[SiteRules, ...]

    @property
    def keep_patterns(self) -> tuple[SitePattern, ...]:
        return tuple(p for e in self.entries for p in e.keep)

    @property
    def boilerplate_patterns(self) -> tuple[SitePattern, ...]:
        return tuple(p for e in self.entries for p in e.boilerplate)

    def keep_rule(self, text: str) -> SitePattern | None:
        return first_match(self.keep_patterns, text)

    def boilerplate_rule(self, text: str) -> SitePattern | None:
        return first_match(self.boilerplate_patterns, text)


def site_matcher(
    sites: Sequence[SiteRules], metadata: Metadata, override: str | None = None
) -> SiteMatcher:
    return SiteMatcher(rules_for_host(sites, document_host(metadata, override)))
