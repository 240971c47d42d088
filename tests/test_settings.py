"""The configuration file: discovery, precedence over defaults, flags win, errors with lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import dedupe_news.cli as cli
from dedupe_news.settings import SettingsError, key_lines, load_settings
from tests.conftest import SEED

ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1", "COLUMNS": "120"}


def invoke(*args: str | Path) -> Result:
    return CliRunner(env=ENV).invoke(cli.app, [str(a) for a in args])


def shown(*args: str | Path) -> dict[str, Any]:
    result = invoke("config", "show", "--json", *args)
    assert result.exit_code == 0, result.output
    settings: dict[str, Any] = json.loads(result.stdout)["settings"]
    return settings


def removed(*args: str | Path) -> list[tuple[int, str]]:
    result = invoke("clean", SEED, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [(r["index"], r["rule"]) for r in json.loads(result.stdout)["removed"]]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_a_file_everything_is_default(workdir: Path) -> None:
    settings = shown()
    assert {s["from"] for s in settings.values()} == {"default"}
    assert settings["threshold"]["value"] == 0.5


def test_file_in_working_directory_sets_options(workdir: Path) -> None:
    (workdir / "dedupe-news.toml").write_text(
        "# tuned for wire copy\nthreshold = 0.6\nmin-words = 4\nkeep = 'first'\n"
        "no-duplicates = true\n"
    )
    settings = shown()
    assert settings["threshold"] == {"value": 0.6, "from": "dedupe-news.toml:2"}
    assert settings["min-words"] == {"value": 4, "from": "dedupe-news.toml:3"}
    assert settings["keep"] == {"value": "first", "from": "dedupe-news.toml:4"}
    assert settings["containment-threshold"]["from"] == "default"
    # The file changes what clean does exactly as the flag would.
    in_file = removed()
    (workdir / "dedupe-news.toml").unlink()
    assert in_file == removed("--no-duplicates", "--threshold", "0.6", "--min-words", "4")


def test_underscored_keys_are_accepted(workdir: Path) -> None:
    (workdir / "dedupe-news.toml").write_text("min_words = 3\n")
    assert shown()["min-words"] == {"value": 3, "from": "dedupe-news.toml:1"}


def test_command_line_overrides_the_file(workdir: Path) -> None:
    (workdir / "dedupe-news.toml").write_text("threshold = 0.9\nno-boilerplate = true\n")
    settings = shown("--threshold", "0.6")
    assert settings["threshold"] == {"value": 0.6, "from": "command line"}
    assert settings["no-boilerplate"] == {"value": True, "from": "dedupe-news.toml:2"}
    with_file = removed("--threshold", "0.6")
    (workdir / "dedupe-news.toml").unlink()
    assert with_file == removed("--threshold", "0.6", "--no-boilerplate")


def test_a_flag_given_with_its_default_value_still_wins(workdir: Path) -> None:
    (workdir / "dedupe-news.toml").write_text("favor-precision = false\n")
    assert shown("--favor-precision")["favor-precision"] == {"value": True, "from": "command line"}


def test_format_and_width_are_settable(workdir: Path) -> None:
    (workdir / "dedupe-news.toml").write_text('format = "json"\n')
    result = invoke("clean", SEED)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == str(SEED)


def test_explicit_config_option(workdir: Path) -> None:
    (workdir / "dedupe-news.toml").write_text("threshold = 0.9\n")
    other = workdir / "elsewhere" / "news.toml"
    other.parent.mkdir()
    other.write_text("\n\nthreshold = 0.7\n")
    settings = shown("--config", other)
    assert settings["threshold"] == {"value": 0.7, "from": f"{other}:3"}


def test_dedupe_news_toml_upward_and_nearest_wins(workdir: Path) -> None:
    (workdir / "dedupe-news.toml").write_text("min-words = 3\n")
    deep = workdir / "a" / "b"
    deep.mkdir(parents=True)
    os.chdir(deep)
    assert shown()["min-words"]["from"] == os.path.join("..", "..", "dedupe-news.toml") + ":1"
    (deep / "pyproject.toml").write_text("[tool.dedupe-news]\nmin-words = 9\n")
    assert shown()["min-words"] == {"value": 9, "from": "pyproject.toml:2"}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "dedupe_news", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_pyproject_found_upward_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "newsroom"\n\n[tool.dedupe-news]\nthreshold = 0.65\n\n'
        '[tool.dedupe-news.sites."example.com"]\nboilerplate = ["Read more: .*"]\n'
    )
    deep = tmp_path / "feeds" / "today"
    deep.mkdir(parents=True)
    # A pyproject.toml without our table is passed over.
    (tmp_path / "feeds" / "pyproject.toml").write_text('[project]\nname = "feeds"\n')
    completed = _run("config", "show", "--json", cwd=deep)
    assert completed.returncode == 0, completed.stderr
    record = json.loads(completed.stdout)
    source = os.path.join("..", "..", "pyproject.toml")
    assert record["settings"]["threshold"] == {"value": 0.65, "from": f"{source}:5"}
    assert record["sites"] == [
        {"host": "example.com", "boilerplate": ["Read more: .*"], "keep": []}
    ]


BAD_FILES = [
    pytest.param("threshold = 0.6\nmin-wrds = 4\n", 2, "min-wrds", "unknown setting", id="key"),
    pytest.param("\nthreshold = 2.0\n", 2, "threshold", "1", id="range"),
    pytest.param('threshold = "high"\n', 1, "threshold", "number", id="type"),
    pytest.param('no-boilerplate = "yes"\n', 1, "no-boilerplate", "true or false", id="bool"),
    pytest.param('keep = "last"\n', 1, "keep", "last", id="choice"),
    pytest.param('language = "xx"\n', 1, "language", "xx", id="language"),
    pytest.param("threshold = 0.6\nkeep =\n", 2, None, "invalid TOML", id="syntax"),
    pytest.param(
        '[sites."example.com"]\nboilerplate = [\n  "Read more: .*",\n  "Sponsored (by .*",\n]\n',
        4,
        'sites."example.com".boilerplate',
        "not a valid regex",
        id="regex",
    ),
    pytest.param('[sites."not a host"]\nkeep = []\n', 1, 'sites."not a host"', "host", id="host"),
    pytest.param(
        '[sites."example.com"]\nkeep = []\nkeeep = ["x"]\n',
        3,
        'sites."example.com"',
        "keeep",
        id="site-key",
    ),
]


@pytest.mark.parametrize(("text", "line", "key", "reason"), BAD_FILES)
def test_bad_configuration_is_one_line_with_file_line_and_key(
    workdir: Path, text: str, line: int, key: str | None, reason: str
) -> None:
    (workdir / "dedupe-news.toml").write_text(text)
    for command in (("clean", SEED), ("diff", SEED), ("config", "show")):
        result = invoke(*command)
        assert result.exit_code == 2, result.output
        lines = [entry for entry in result.stderr.splitlines() if entry.strip()]
        assert len(lines) == 1, lines
        prefix = f"dedupe-news: error: dedupe-news.toml:{line}: "
        assert lines[0].startswith(prefix + (f"{key}: " if key else "")), lines[0]
        assert reason in lines[0]
        assert "Traceback" not in result.output


def test_error_lines_count_in_the_whole_pyproject(workdir: Path) -> None:
    (workdir / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.dedupe-news]\nshingle-size = 0\n'
    )
    result = invoke("config", "show")
    assert result.exit_code == 2
    assert result.stderr.startswith("dedupe-news: error: pyproject.toml:5: shingle-size: ")


def test_missing_explicit_file_is_a_usage_error(workdir: Path) -> None:
    result = invoke("clean", SEED, "--config", workdir / "none.toml")
    assert result.exit_code == 2
    assert "none.toml: no such configuration file" in result.stderr


def test_key_lines_follow_tables_dotted_and_quoted_keys() -> None:
    text = (
        "a = 1\n"
        "[tool.dedupe-news]\n"
        '"min-words" = 3\n'
        'sites."example.com".keep = ["x"]\n'
        "[tool.'dedupe-news'.sites.\"b.org\"]\n"
        "boilerplate = [\n  'y',\n]\n"
    )
    lines = key_lines(text)
    assert lines[("a",)] == 1
    assert lines[("tool", "dedupe-news", "min-words")] == 3
    assert lines[("tool", "dedupe-news", "sites", "example.com", "keep")] == 4
    assert lines[("tool", "dedupe-news", "sites", "b.org")] == 5
    assert lines[("tool", "dedupe-news", "sites", "b.org", "boilerplate")] == 6


def test_load_settings_compiles_site_patterns(tmp_path: Path) -> None:
    path = tmp_path / "dedupe-news.toml"
    path.write_text(
        '[sites."WWW.Example.com"]\nboilerplate = ["Read more: .*", "Updated {date}"]\n'
        'keep = "Advertisement .*"\n'
    )
    loaded = load_settings(path)
    (site,) = loaded.sites
    assert site.host == "example.com"
    assert [p.rule for p in site.boilerplate] == [
        "site:example.com/boilerplate#1",
        "site:example.com/boilerplate#2",
    ]
    # The bundled macros work in site patterns, and matching ignores case.
    assert site.boilerplate[1].matches("updated March 24th, 2021")
    assert site.keep[0].matches("Advertisement hoardings around the ground were covered.")
    assert not site.keep[0].matches("Read more: Advertisement")


def test_unreadable_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "dedupe-news.toml"
    path.write_bytes(b"threshold = \xff\n")
    with pytest.raises(SettingsError, match=r"dedupe-news\.toml: not UTF-8"):
        load_settings(path)
