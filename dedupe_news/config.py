"""Settings for one cleaning run. Immutable, validated on construction."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from dedupe_news.site_rules import SiteRules, is_host, normalize_host


class KeepPolicy(StrEnum):
    """Which copy of a duplicate group survives.

    ``complete``: the earlier copy, unless it is a fragment of a later, fuller
    one (a truncated standfirst before the lead, a pull quote before its
    paragraph) or the page's first paragraph, marked as its summary,
    rewording the second (a standfirst before the body's lead); this is what
    an editor picks. ``first``: always the earlier copy. ``longest``: always
    the longer copy.
    """

    COMPLETE = "complete"
    FIRST = "first"
    LONGEST = "longest"


class ConfigError(ValueError):
    """A setting is out of range or unknown."""


@dataclass(frozen=True, slots=True)
class Config:
    """Every knob of the pipeline, with defaults chosen by measurement."""

    # Near-duplicates: a pair is a duplicate when the share of the shorter
    # paragraph's word shingles found in the other reaches this threshold.
    threshold: float = 0.5
    # A paragraph much shorter than its look-alike (a pull quote, a cut
    # standfirst) must have this share of its shingles inside the other.
    containment_threshold: float = 0.75
    shingle_size: int = 2
    # Paragraphs with fewer words are never removed as duplicates: labels,
    # list items and interview questions legitimately repeat.
    min_words: int = 6
    keep: KeepPolicy = KeepPolicy.COMPLETE
    num_perm: int = 128
    # Above this many paragraphs, candidates come from MinHash LSH instead of
    # comparing every pair.
    lsh_min_paragraphs: int = 64
    # Language of the boilerplate rules: None means detect (extractor metadata,
    # then the text), falling back to every bundled language.
    language: str | None = None
    remove_boilerplate: bool = True
    remove_duplicates: bool = True
    # Extraction (HTML input only). favor_precision measured +0.003 F1 on the
    # AEB benchmark (see README, Quality); comments are not article text.
    include_comments: bool = False
    include_tables: bool = True
    favor_precision: bool = True
    favor_recall: bool = False
    # Recover article paragraphs the extractor left behind in the article's
    # own containers, and check a precision extraction that kept implausibly
    # little against the default one (see README, Quality).
    recover_text: bool = True
    # Limits that protect a batch run from one hostile page. 10 MB of HTML
    # cleans within about 500 MB of memory; news pages are under 2 MB.
    max_input_bytes: int = 10 * 1024 * 1024
    max_paragraphs: int = 20_000
    # Per-site boilerplate and keep patterns (``[sites."host"]`` of the
    # configuration file), and the host whose rules apply to plain text.
    sites: tuple[SiteRules, ...] = ()
    site: str | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"threshold must be in (0, 1], got {self.threshold}")
        if not 0.0 < self.containment_threshold <= 1.0:
            raise ConfigError(
                f"containment_threshold must be in (0, 1], got {self.containment_threshold}"
            )
        if not 1 <= self.shingle_size <= 8:
            raise ConfigError(f"shingle_size must be between 1 and 8, got {self.shingle_size}")
        if self.min_words < 1:
            raise ConfigError(f"min_words must be at least 1, got {self.min_words}")
        if not 16 <= self.num_perm <= 1024:
            raise ConfigError(f"num_perm must be between 16 and 1024, got {self.num_perm}")
        if self.max_input_bytes < 1 or self.max_paragraphs < 1:
            raise ConfigError("max_input_bytes and max_paragraphs must be at least 1")
        if self.favor_precision and self.favor_recall:
            raise ConfigError("favor_precision and favor_recall exclude each other")
        if self.site is not None and not is_host(normalize_host(self.site)):
            raise ConfigError(f"site must be a host name like example.com, got {self.site!r}")
        if not isinstance(self.keep, KeepPolicy):
            try:
                object.__setattr__(self, "keep", KeepPolicy(self.keep))
            except ValueError:
                choices = ", ".join(p.value for p in KeepPolicy)
                raise ConfigError(f"keep must be one of {choices}, got {self.keep!r}") from None

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Config:
        """Build from a mapping such as a TOML table; unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
        return cls(**values)
