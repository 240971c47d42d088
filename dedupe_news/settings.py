"""The configuration file: where it is, what it says, and where each value came from.

Settings live in ``dedupe-news.toml`` (in the working directory or a parent),
in the ``[tool.dedupe-news]`` table of a ``pyproject.toml`` found the same
way, or in a file named with ``--config``. Keys are the long option names of
the commands (``threshold``, ``min-words``, ``no-boilerplate``, ...);
``[sites."host"]`` tables hold per-site rules. Command-line flags override the
file. tomllib reports no line numbers for keys, so they are found in the text.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dedupe_news.boilerplate import RuleError, compile_pattern
from dedupe_news.site_rules import SitePattern, SiteRules, is_host, normalize_host

FILE_NAME = "dedupe-news.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "dedupe-news")
SITES = "sites"
SITE_KEYS = ("boilerplate", "keep")

_KEY = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_KEY_LINE = re.compile(rf"^\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")
_TABLE_LINE = re.compile(rf"^\s*\[\[?\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*\]\]?\s*(?:#.*)?$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


class SettingsError(ValueError):
    """A configuration file that cannot be used; ``str()`` names file, line and key."""

    def __init__(self, path: str, reason: str, line: int | None = None, key: str | None = None):
        self.path, self.reason, self.line, self.key = path, reason, line, key
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {key}: {reason}" if key else f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class FileOption:
    """One option set in the file, as written there."""

    key: str
    value: Any
    line: int | None


@dataclass(frozen=True, slots=True)
class SettingsFile:
    """The options and site rules of one configuration file."""

    path: str
    options: tuple[FileOption, ...] = ()
    sites: tuple[SiteRules, ...] = ()

    def location(self, key: str) -> str:
        """``path:line`` of an option, for provenance."""
        line = next((o.line for o in self.options if option_name(o.key) == key), None)
        return self.path if line is None else f"{self.path}:{line}"


def option_name(key: str) -> str:
    """The option a file key sets: ``min_words`` and ``min-words`` are both ``min-words``."""
    return key.strip().lstrip("-").replace("_", "-")


def find_settings_file(start: Path) -> Path | None:
    """The nearest ``dedupe-news.toml``, or ``pyproject.toml`` with our table, upward."""
    for directory in (start, *start.parents):
        candidate = directory / FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    # A cheap text test first: most pyproject files never mention us.
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "dedupe-news" not in text and "dedupe_news" not in text:
        return False
    try:
        return _table(tomllib.loads(text), TOOL_TABLE) is not None
    except tomllib.TOMLDecodeError:
        return True  # let loading report the syntax error with its line


def _table(data: Mapping[str, Any], path: tuple[str, ...]) -> Mapping[str, Any] | None:
    node: Any = data
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, Mapping) else None


def display_path(path: Path) -> str:
    """A discovered file as the user would type it: relative to the working directory."""
    relative = os.path.relpath(path)
    return relative if len(relative) < len(str(path)) else str(path)


def load_settings(path: Path, shown_as: str | None = None) -> SettingsFile:
    """Parse and check one configuration file (option values are checked by the caller)."""
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SettingsError(name, f"cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SettingsError(name, "not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found else None
        reason = _TOML_POSITION.sub("", message)
        if found:
            reason = f"invalid TOML (column {found.group(2)}): {reason}"
        raise SettingsError(name, reason, line) from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = TOOL_TABLE
        table = _table(data, prefix)
        if table is None:
            raise SettingsError(name, "no [tool.dedupe-news] table")
    else:
        table = data
    lines = key_lines(text)
    options = tuple(
        FileOption(key, value, lines.get((*prefix, key)))
        for key, value in table.items()
        if key != SITES
    )
    sites = _sites(table.get(SITES, {}), _Source(name, text, lines), prefix)
    return SettingsFile(name, options, sites)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line (1-based) where each key path is set or each table opens."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_LINE.match(line)
        if header:
            table = _key_path(header.group(1))
            found.setdefault(table, number)
            continue
        assignment = _KEY_LINE.match(line)
        if assignment:
            path = (*table, *_key_path(assignment.group(1)))
            for depth in range(len(table) + 1, len(path) + 1):
                found.setdefault(path[:depth], number)
    return found


def _key_path(dotted: str) -> tuple[str, ...]:
    # tomllib itself splits a dotted key with its quoting rules.
    try:
        node: Any = tomllib.loads(f"{dotted} = 0")
    except tomllib.TOMLDecodeError:
        return ()
    path: list[str] = []
    while isinstance(node, dict) and len(node) == 1:
        key = next(iter(node))
        path.append(key)
        node = node[key]
    return tuple(path)


@dataclass(frozen=True, slots=True)
class _Source:
    """A file being read: its name for messages, its text and its key lines."""

    name: str
    text: str
    lines: Mapping[tuple[str, ...], int]

    def line_of(self, where: tuple[str, ...]) -> int | None:
        """The line of a key path, else of its nearest parent that has one."""
        paths = (where[:n] for n in range(len(where), 0, -1))
        return next((self.lines[path] for path in paths if path in self.lines), None)

    def error(self, reason: str, where: tuple[str, ...], key: str) -> SettingsError:
        return SettingsError(self.name, reason, self.line_of(where), key)


def _sites(value: Any, source: _Source, prefix: tuple[str, ...]) -> tuple[SiteRules, ...]:
    where = (*prefix, SITES)
    if not isinstance(value, Mapping):
        raise source.error('must be a table of [sites."host"] tables', where, SITES)
    sites = []
    for host, entry in value.items():
        key = f'{SITES}."{host}"'
        normalized = normalize_host(host)
        if not is_host(normalized):
            raise source.error(f"{host!r} is not a host name like example.com", (*where, host), key)
        if not isinstance(entry, Mapping):
            raise source.error("must be a table with boilerplate and keep", (*where, host), key)
        unknown = sorted(set(entry) - set(SITE_KEYS))
        if unknown:
            reason = f"unknown key {unknown[0]!r}; use boilerplate or keep"
            raise source.error(reason, (*where, host, unknown[0]), key)
        boilerplate, keep = (
            _patterns(entry.get(kind, []), normalized, kind, source, (*where, host))
            for kind in SITE_KEYS
        )
        sites.append(SiteRules(normalized, boilerplate, keep))
    return tuple(sites)


def _patterns(
    value: Any, host: str, kind: str, source: _Source, where: tuple[str, ...]
) -> tuple[SitePattern, ...]:
    key = f'{SITES}."{where[-1]}".{kind}'
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise source.error("must be a list of regular expressions", (*where, kind), key)
    compiled = []
    for number, written in enumerate(value, start=1):
        try:
            pattern = compile_pattern(written)
        except (re.error, RuleError) as error:
            line = _pattern_line(source.text, written, source.line_of((*where, kind)))
            reason = f"pattern {written!r} is not a valid regex: {error}"
            raise SettingsError(source.name, reason, line, key) from None
        rule = f"site:{host}/{kind}#{number}"
        compiled.append(SitePattern(rule, f"{host} site {kind} rule #{number}", written, pattern))
    return tuple(compiled)


def _pattern_line(text: str, source: str, after: int | None) -> int | None:
    """The line of a pattern inside a (possibly multi-line) array, else the key's line."""
    lines = text.splitlines()
    start = (after or 1) - 1
    spellings = (source, json.dumps(source)[1:-1])
    for number in range(start, len(lines)):
        if any(s and s in lines[number] for s in spellings):
            return number + 1
    return after
