"""The README's example outputs are what the commands print today."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dedupe_news.cli as cli

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1", "COLUMNS": "120"}
# Shown in full in the README, each right after its command line.
COMMANDS = [
    "dedupe-news explain tests/fixtures/seed/000_f3ea3e044085c9d1.txt --paragraph 17 --width 100",
    "dedupe-news explain tests/fixtures/seed/000_f3ea3e044085c9d1.txt -p 16"
    " --config examples/tuning.toml --site meridianworld.example --width 100",
]


def _shown_after(readme: str, command: str) -> str:
    start = readme.index(f"`{command}`")
    block = readme.index("```text\n", start) + len("```text\n")
    return readme[block : readme.index("\n```\n", block)]


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_shows_what_the_command_prints(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    arguments = shlex.split(command)[1:]
    result = CliRunner(env=ENV).invoke(cli.app, arguments)
    assert result.exit_code == 0, result.output
    printed = "\n".join(line.rstrip() for line in result.stdout.rstrip("\n").splitlines())
    assert _shown_after(README.read_text(encoding="utf-8"), command) == printed
