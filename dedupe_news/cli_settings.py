"""The configuration file on the command line: ``--config``, file defaults, provenance.

The file's values become click's ``default_map`` of the running command, so
click converts and range-checks them like typed flags, a flag given on the
command line wins, and ``ctx.get_parameter_source`` tells where each value
came from. The values are checked here first, so that a bad one is reported
with its file, line and key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from dedupe_news.boilerplate import available_languages
from dedupe_news.settings import (
    FileOption,
    SettingsError,
    SettingsFile,
    display_path,
    find_settings_file,
    load_settings,
    option_name,
)
from dedupe_news.site_rules import SiteRules, is_host, normalize_host

USAGE_ERROR = 2
META_KEY = "dedupe_news.settings"
# Options that name inputs or outputs of one run, or that are not settings.
NOT_SETTABLE = frozenset(
    {"help", "version", "config_file", "output", "html", "paragraph", "as_json", "paths", "path"}
)
_KIND_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}


@dataclass(frozen=True, slots=True)
class Provenance:
    """One effective setting and where it came from."""

    option: str
    value: Any
    source: str


def _load_config_option(
    ctx: typer.Context,
    param: typer.CallbackParam,
    value: Optional[Path],  # noqa: UP045
) -> Optional[Path]:  # noqa: UP045
    """Eager callback of ``--config``: runs before the other options are read."""
    if ctx.resilient_parsing:
        return value
    try:
        loaded = _settings_file(value)
        if loaded is not None:
            defaults = file_defaults(loaded, settable_options(ctx), ctx)
            ctx.default_map = {**(ctx.default_map or {}), **defaults}
    except SettingsError as error:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"dedupe-news: error: {error}", markup=False
        )
        raise typer.Exit(USAGE_ERROR) from None
    ctx.meta[META_KEY] = loaded
    return value


def _settings_file(explicit: Path | None) -> SettingsFile | None:
    if explicit is not None:
        if not explicit.is_file():
            raise SettingsError(str(explicit), "no such configuration file")
        return load_settings(explicit)
    found = find_settings_file(Path.cwd())
    return None if found is None else load_settings(found, display_path(found))


ConfigFile = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option(
        "--config",
        help=(
            "Settings file (TOML). Default: the nearest dedupe-news.toml, or pyproject.toml "
            "with [tool.dedupe-news], in this directory or a parent."
        ),
        is_eager=True,
        callback=_load_config_option,
        show_default=False,
    ),
]
SiteOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--site",
        help="Apply the [sites] rules of this host (for text without a URL), e.g. example.com.",
        show_default=False,
    ),
]


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def _option_key(param: Any) -> str | None:
    if param.param_type_name != "option" or param.name in NOT_SETTABLE:
        return None
    long = [o for o in param.opts if o.startswith("--")]
    return long[0][2:] if long else None


def settable_options(ctx: typer.Context) -> dict[str, Any]:
    """Every option the file may set (by long name), from every command of the program.

    The running command's own parameter comes first, so that its type checks the value.
    """
    found: dict[str, Any] = {}
    for command in (ctx.command, *_commands(ctx.find_root().command)):
        for param in getattr(command, "params", []):
            if (key := _option_key(param)) is not None:
                found.setdefault(key, param)
    return found


def file_defaults(
    loaded: SettingsFile, options: Mapping[str, Any], ctx: typer.Context
) -> dict[str, Any]:
    """The file's values for the running command, keyed by parameter name; checked."""
    own = {param.name for param in ctx.command.params}
    defaults: dict[str, Any] = {}
    for option in loaded.options:
        key = option_name(option.key)
        if key not in options:
            known = ", ".join(sorted(options))
            raise SettingsError(
                loaded.path, f"unknown setting; known: {known}", option.line, option.key
            )
        param = options[key]
        _check_value(loaded, option, param, ctx)
        if param.name in own:
            defaults[param.name] = option.value
    return defaults


def _check_value(loaded: SettingsFile, option: FileOption, param: Any, ctx: typer.Context) -> None:
    """Convert the value as the command line would; the TOML type must match the option's."""

    def fail(reason: str) -> SettingsError:
        return SettingsError(loaded.path, reason, option.line, option.key)

    value = option.value
    try:
        converted = param.process_value(ctx, value)
    except typer.BadParameter as error:
        raise fail(error.message.removeprefix("Value error, ").rstrip(".")) from None
    kind = _value_kind(converted)
    if _value_kind(value) != kind and not (kind is float and _value_kind(value) is int):
        raise fail(f"must be {_KIND_NAMES[kind]}, got {value!r}")
    languages = available_languages()
    if param.name == "language" and value not in languages:
        raise fail(f"no rules for language {value!r}; choose from {', '.join(languages)}")
    if param.name == "site" and not is_host(normalize_host(str(value))):
        raise fail(f"{value!r} is not a host name like example.com")


def _value_kind(value: Any) -> type:
    for kind in (bool, int, float):
        if isinstance(value, kind):
            return kind
    return str


def file_sites(ctx: typer.Context | None) -> tuple[SiteRules, ...]:
    """The site rules of the file the running command loaded."""
    loaded = None if ctx is None else ctx.meta.get(META_KEY)
    return loaded.sites if isinstance(loaded, SettingsFile) else ()


def provenance(ctx: typer.Context) -> tuple[Provenance, ...]:
    """Every setting of the running command, its value and its source."""
    loaded = ctx.meta.get(META_KEY)
    rows = []
    for param in ctx.command.params:
        key = _option_key(param)
        if key is None:
            continue
        source = ctx.get_parameter_source(param.name)
        kind = "default" if source is None else source.name
        if kind == "COMMANDLINE":
            where = "command line"
        elif kind == "DEFAULT_MAP" and isinstance(loaded, SettingsFile):
            where = loaded.location(key)
        elif kind == "ENVIRONMENT":
            where = "environment"
        else:
            where = "default"
        rows.append(Provenance(key, ctx.params.get(param.name), where))
    return tuple(rows)
