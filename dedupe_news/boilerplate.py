"""Boilerplate lines: ad markers, captions, datelines, bylines, teasers, prompts.

Rules are data (``rules/<language>.toml``). Every pattern must match the whole
paragraph, so "Advertisement hoardings around the ground were ..." is a
sentence, not an ad marker. Each language's rules compile into one pattern.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dedupe_news.dates import iso_day

COMMON = "common"
# A line that is nothing but a date, read by dateparser in the page's
# language: datelines of languages without bundled rules ("segunda-feira, 22
# de janeiro de 2018 às 0:13") and in forms the patterns lack.
DATE_LINE_RULE = f"{COMMON}/date-line"
DATE_LINE_LABEL = "dateline"
DATE_LINE_MAX_WORDS = 12
# Stamps a page prints on one line, joined by a separator: "Veröffentlicht:
# 12.03.2025, 17:48 Uhr · Aktualisiert: …", "14/09/2025 06h00 · Atualizado há
# 2 horas". Each piece must be boilerplate by a rule of its own, and the
# line must hold a figure.
JOINED_RULE = f"{COMMON}/joined-stamps"
JOINED_LABEL = "boilerplate pieces joined on one line"
JOINED_MAX_WORDS = 30
_JOINER = re.compile(r"\s+[·|•–—]\s+")
_DIGIT = re.compile(r"\d")
# Pictographs that open a prompt ("📲 Síguenos en WhatsApp …") say nothing,
# nor does a footnote's asterisk ("*Con información de Colprensa").
_LEADING_PICTOGRAPHS = re.compile(
    "^(?:[*\u2190-\u21ff\u2300-\u23ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff"
    "\ufe0f\U0001f000-\U0001faff]\\s*)+"
)


def _opens_with_mark(word: str) -> bool:
    return word[0] == "*" or ord(word[0]) >= 0x2190


_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_TOKEN = re.compile(r"\w+")
# A date line is mostly figures; a heading that merely names a year is not.
DATE_LINE_MIN_FIGURES = 1 / 3
# Lines longer than this are matched against the rules allowing their length only.
SUBSET_MIN_WORDS = 18

_NAME = (
    r"(?-i:[A-ZÀ-ÞĀ-Ž][\w'’.-]+"
    r"(?:\s+(?:[A-ZÀ-ÞĀ-Ž][\w'’.-]+|de|van|von|der|den|da|del|la|le|bin|al|y|e)){0,3})"
)
_TIME = (
    r"(?:\s*(?:,|at|um|a las|à|às|alle(?: ore)?|ore|om|-|–|\|)?"
    r"\s*\d{1,2}(?:[:.]|\s?h\s?)\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:uhr|uur|h|hrs|ist|gmt|utc|est|edt|et|cst|cdt|ct|mst|mdt|mt|pst|pdt|pt|akst|hst|aest|aedt|acst|awst|nzst|nzdt|cet|cest|bst|jst|kst))?)?"
)


def _date_pattern(month: str, weekday: str) -> str:
    return (
        rf"(?:{weekday},?\s+)?(?:{month}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+|of\s+)?{month}\.?,?\s+(?:de\s+|del\s+)?\d{{4}}"
        r"|\d{4}-\d{2}-\d{2}(?:t[\d:.]+z?)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})"
    )


class RuleError(ValueError):
    """A rules file is malformed."""


def normalize_line(text: str) -> str:
    """A paragraph as rules see it: whitespace runs collapsed to one space."""
    return " ".join(text.split())


def rule_line(text: str) -> str:
    """A paragraph as rules see it: ``normalize_line``, without leading pictographs."""
    line = normalize_line(text)
    return _LEADING_PICTOGRAPHS.sub("", line) if line and _opens_with_mark(line) else line


def word_count(line: str) -> int:
    return len(line.split(" "))


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A user's pattern with the semantics of the bundled rules.

    Case-insensitive, matched against the whole normalised paragraph, with the
    macros {date}, {time}, {name}, {month} and {weekday} of every bundled
    language. Raises ``RuleError`` or ``re.error`` when it does not compile.
    """
    return re.compile(_expand(pattern, _macros(available_languages())), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rule:
    """One named boilerplate rule of one language."""

    language: str
    name: str
    label: str
    max_words: int
    patterns: tuple[re.Pattern[str], ...]
    # Phrases one of which a line must hold (casefolded) for the rule to be
    # tried: a rule that finds its phrase anywhere in a long line ("… Jouer
    # comporte des risques.") would otherwise scan every line for it.
    requires: tuple[str, ...] = ()

    @property
    def qualified_name(self) -> str:
        return f"{self.language}/{self.name}"

    def fullmatch(self, line: str) -> re.Match[str] | None:
        """The first pattern's match of a normalised line (see ``normalize_line``)."""
        return next((m for p in self.patterns if (m := p.fullmatch(line)) is not None), None)


@dataclass(frozen=True, slots=True)
class BoilerplateMatch:
    """A paragraph recognised as boilerplate, and any metadata it carried."""

    rule: str
    label: str
    date: str | None = None
    author: str | None = None


def _load_table(language: str) -> dict[str, Any]:
    source = resources.files("dedupe_news.rules").joinpath(f"{language}.toml")
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"no boilerplate rules for language {language!r}") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"rules/{language}.toml: {error}") from None


def available_languages() -> tuple[str, ...]:
    names = (p.name for p in resources.files("dedupe_news.rules").iterdir())
    return tuple(sorted(n[:-5] for n in names if n.endswith(".toml") and n != f"{COMMON}.toml"))


def _expand(pattern: str, macros: Mapping[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in macros:
            raise RuleError(f"unknown macro {{{key}}} in pattern {pattern!r}")
        return macros[key]

    return re.sub(r"\{(date|time|name|month|weekday)\}", substitute, pattern)


def _compile_rules(language: str, macros: Mapping[str, str]) -> list[Rule]:
    table = _load_table(language)
    rules = []
    for entry in table.get("rules", []):
        try:
            name, label, patterns = entry["name"], entry["label"], entry["patterns"]
        except KeyError as missing:
            raise RuleError(f"rules/{language}.toml: a rule lacks {missing}") from None
        try:
            compiled = tuple(re.compile(_expand(p, macros), re.IGNORECASE) for p in patterns)
        except re.error as error:
            raise RuleError(f"rules/{language}.toml: rule {name!r}: {error}") from None
        requires = tuple(str(phrase).casefold() for phrase in entry.get("requires", ()))
        rules.append(
            Rule(language, name, label, int(entry.get("max_words", 30)), compiled, requires)
        )
    return rules


# A language without month names (its dates are figures) matches none.
_NOTHING = "(?!)"
_WORD_LIST = re.compile(r"\(\?:([\w-]+(?:\|[\w-]+)*)\)")


def _word_trie(words: Iterable[str]) -> str:
    """An alternation of words factored by common prefixes.

    Python's engine tries an alternation's branches one by one; eight
    languages' month names are some 200 of them, tried at every date a rule
    looks for. Factored ("j(?:an(?:uary)?|u(?:ly|ne|l|n))") a line fails at
    its first letter. Matches the same strings as the plain alternation.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return "(?:" + pattern(trie) + ")"


def _alternation(macros: Iterable[str]) -> str:
    """The languages' word lists as one alternation, prefix-factored when all are plain words."""
    macros = [m for m in macros if m != _NOTHING]
    lists = [_WORD_LIST.fullmatch(m) for m in macros]
    if all(found is not None for found in lists):
        words = dict.fromkeys(w for found in lists if found for w in found.group(1).split("|"))
        return _word_trie(words)
    return "(?:" + "|".join(macros) + ")" if macros else _NOTHING


def _macros(languages: Iterable[str]) -> dict[str, str]:
    months, weekdays = [], []
    for language in languages:
        macros = _load_table(language).get("macros", {})
        months.append(macros.get("month", _NOTHING))
        weekdays.append(macros.get("weekday", _NOTHING))
    month, weekday = _alternation(months), _alternation(weekdays)
    return {
        "month": month,
        "weekday": weekday,
        "date": _date_pattern(month, weekday),
        "time": _TIME,
        "name": _NAME,
    }


class Boilerplate:
    """The compiled rules of some languages, plus the language-independent ones."""

    def __init__(self, languages: Iterable[str], date_language: str | None = None) -> None:
        self.languages = tuple(languages)
        # Whose calendar words date lines are read in; None: each listed language.
        self.date_language = date_language
        rules: list[Rule] = []
        for language in self.languages:
            rules.extend(_compile_rules(language, _macros([language])))
        rules.extend(_compile_rules(COMMON, _macros(self.languages)))
        self.rules = tuple(rules)
        self._max_words = max((r.max_words for r in rules), default=0)
        # One alternation over every rule: a paragraph is scanned once.
        # Rules that require a phrase are tried apart, on lines holding it.
        self._alternatives = tuple(
            f"(?P<r{i}>{'|'.join(self._strip_groups(p.pattern) for p in r.patterns)})"
            for i, r in enumerate(rules)
        )
        self._needed = tuple(r for r in rules if r.requires)
        self._combined = re.compile(
            "|".join(a for a, r in zip(self._alternatives, rules, strict=True) if not r.requires),
            re.IGNORECASE,
        )
        # A longer line is scanned only for the rules that allow its length.
        self._limits = sorted({r.max_words for r in rules})
        self._by_limit: dict[int, re.Pattern[str]] = {}

    @staticmethod
    def _strip_groups(pattern: str) -> str:
        return re.sub(r"\(\?P<\w+>", "(?:", pattern)

    def _alternation_for(self, words: int) -> re.Pattern[str]:
        """The alternation of the rules that allow a line of ``words`` words, in rule order.

        Up to ``SUBSET_MIN_WORDS`` words that is every rule; longer lines, most
        of an article, skip the many rules for short lines (one alternation per
        length limit, compiled on first use). Either way ``match`` settles on
        the first rule that both matches the line and allows its length.
        """
        if words <= SUBSET_MIN_WORDS:
            return self._combined
        limit = self._limits[bisect_left(self._limits, words)]
        alternation = self._by_limit.get(limit)
        if alternation is None:
            alternation = re.compile(
                "|".join(
                    branch
                    for branch, rule in zip(self._alternatives, self.rules, strict=True)
                    if rule.max_words >= limit and not rule.requires
                ),
                re.IGNORECASE,
            )
            self._by_limit[limit] = alternation
        return alternation

    def match(self, text: str) -> BoilerplateMatch | None:
        """The rule that marks this paragraph as boilerplate, if any."""
        parts = text.split()
        if parts and _opens_with_mark(parts[0]):
            parts = rule_line(text).split()
        words = len(parts)  # word_count of the rule_line, split once
        if not parts or words > self._max_words:
            return None
        line = " ".join(parts)  # normalize_line
        found = self._alternation_for(words).fullmatch(line)
        if found is None:
            return self._unmatched(line, words)
        first = int(str(found.lastgroup)[1:])
        for rule in self.rules[first:]:
            if words > rule.max_words or rule.requires:
                continue
            matched = rule.fullmatch(line)
            if matched is not None:
                groups = matched.groupdict()
                return BoilerplateMatch(
                    rule=rule.qualified_name,
                    label=rule.label,
                    date=groups.get("date"),
                    author=groups.get("author"),
                )
        return self._unmatched(line, words)

    def _unmatched(self, line: str, words: int) -> BoilerplateMatch | None:
        """What a line no pattern of the alternation matched may still be."""
        return (
            self._needed_match(line, words)
            or self._date_line(line, words)
            or self._joined(line, words)
        )

    def _needed_match(self, line: str, words: int) -> BoilerplateMatch | None:
        """The first rule requiring a phrase that this line holds, if it matches."""
        if not self._needed:
            return None
        folded = line.casefold()
        for rule in self._needed:
            if (
                words <= rule.max_words
                and any(p in folded for p in rule.requires)
                and rule.fullmatch(line) is not None
            ):
                return BoilerplateMatch(rule=rule.qualified_name, label=rule.label)
        return None

    def joined(self, line: str) -> BoilerplateMatch | None:
        """A line of pieces joined by a separator, each one boilerplate."""
        return self._joined(line, word_count(line))

    def _joined(self, line: str, words: int) -> BoilerplateMatch | None:
        # Stamps hold a figure (a date, a time, a count); prose with dashes is
        # the common line with a separator, and is read no further.
        if words > JOINED_MAX_WORDS or not _DIGIT.search(line) or not _JOINER.search(line):
            return None
        found = []
        for piece in _JOINER.split(line):
            matched = self.match(piece)
            if matched is None:
                return None
            found.append(matched)
        return BoilerplateMatch(
            rule=JOINED_RULE,
            label=JOINED_LABEL,
            date=next((p.date for p in found if p.date), None),
            author=next((p.author for p in found if p.author), None),
        )

    def date_line(self, line: str) -> BoilerplateMatch | None:
        """A short line, mostly figures, that dateparser reads whole as a day of a year."""
        return self._date_line(line, word_count(line))

    def _date_line(self, line: str, words: int) -> BoilerplateMatch | None:
        if words > DATE_LINE_MAX_WORDS or not _YEAR.search(line):
            return None
        tokens = _TOKEN.findall(line)
        figures = sum(any(c.isdigit() for c in token) for token in tokens)
        if figures < DATE_LINE_MIN_FIGURES * len(tokens):
            return None
        if iso_day(line, self.date_language) is None:
            return None
        return BoilerplateMatch(rule=DATE_LINE_RULE, label=DATE_LINE_LABEL, date=line)


# A boilerplate label ending in a colon ("Our mailing address is:", "Tags:",
# "Watch:") announces its value on the next line: a short line there that is
# not a sentence is part of it.
LABEL_VALUE_RULE = f"{COMMON}/label-value"
LABEL_VALUE_LABEL = "value of the boilerplate label above"
LABEL_VALUE_MAX_WORDS = 40
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "»", "。", "！", "？")


def announces_value(label: str) -> bool:
    """Whether a boilerplate line is a label whose value follows on the next line."""
    return normalize_line(label).endswith(":")


def is_label_value(text: str) -> bool:
    """Whether a line can be the value of the label above it: short, not a sentence."""
    line = normalize_line(text)
    return (
        bool(line)
        and word_count(line) <= LABEL_VALUE_MAX_WORDS
        and not line.endswith(_SENTENCE_ENDS)
    )


def _base_language(language: str | None) -> str | None:
    return None if language is None else language.split("-")[0].split("_")[0].lower()


@cache
def rules_for(language: str | None) -> Boilerplate:
    """Rules of one language, or of every bundled language when None or unknown."""
    languages = available_languages()
    base = _base_language(language)
    if base in languages:
        return Boilerplate((base,), date_language=base)
    return Boilerplate(languages, date_language=base)


@cache
def rules_preferring(language: str | None) -> Boilerplate:
    """The rules for a document: its own language's and English's, or every language's.

    A page in a bundled language gets its language's rules, then English's
    (the language page templates are written in when not in the page's:
    "Advertisement", "Share", "SOURCE: …"), then the common ones. Every
    other rule costs each line of the page a try: nine more languages cost
    the clean stage a fifth of its time and found nothing the two did not,
    on the AEB pages and every golden case. A page whose language is
    unknown or has no rules gets every language's. Date lines are read in
    ``language``, bundled or not.
    """
    languages = available_languages()
    base = _base_language(language)
    if base in languages:
        languages = (base,) if base == "en" else (base, "en")
    return Boilerplate(languages, date_language=base)
