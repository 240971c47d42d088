"""The command line, end to end: options, formats, inputs, errors and exit codes."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main
from typer.testing import CliRunner, Result

import dedupe_news.cli as cli
from dedupe_news import __version__
from dedupe_news.cli_batch import run_clean
from dedupe_news.config import Config
from dedupe_news.pipeline import clean_file

ROOT = Path(__file__).parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_f3ea3e044085c9d1.txt"
SEED_HTML = ROOT / "tests" / "fixtures" / "cases" / "seed-html" / "input.html"
README = ROOT / "README.md"
COMMANDS = ("clean", "diff", "explain", "config", "calibrate")
ALL_COMMANDS = (*COMMANDS, "index")
LEAD = (
    "North Korea fired multiple short-range missiles this past weekend, just days after the "
    "sister of Kim Jong Un threatened the United States and South Korea for holding joint "
    "military exercises, according to the White House."
)
RECORD_KEYS = {"source", "title", "date", "url", "text", "paragraphs", "removed"}
REMOVAL_KEYS = {"text", "reason", "rule", "duplicate_of", "similarity"}
# Plain, uncoloured output whatever the environment of the test run says.
ENV: Mapping[str, str | None] = {
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "NO_COLOR": "1",
    "COLUMNS": "100",
}


def invoke(*args: str | Path, input: str | bytes | None = None) -> Result:
    runner = CliRunner(env=ENV)
    return runner.invoke(cli.app, [str(a) for a in args], input=input)


def records(output: str) -> list[dict[str, Any]]:
    lines = output.splitlines()
    assert all(line.strip() for line in lines), "blank line in JSONL"
    return [json.loads(line) for line in lines]


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "copy.txt"
    shutil.copyfile(SEED, copy)
    return copy


# --- help, README, version -------------------------------------------------------------


def test_commands_are_the_documented_ones() -> None:
    group = typer.main.get_command(cli.app)
    assert isinstance(group, typer.core.TyperGroup)
    assert set(group.commands) == set(ALL_COMMANDS)


def test_top_level_help() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_command_help_has_examples(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Examples" in result.stdout
    assert f"dedupe-news {command}" in result.stdout


def _readme_code_lines(text: str) -> list[str]:
    """Lines inside fenced code blocks or indented (4 spaces / tab) code blocks."""
    lines: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or line.startswith(("    ", "\t")):
            lines.append(line.strip().removeprefix("$ ").strip())
    return lines


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_command_documented_in_readme(command: str) -> None:
    code = _readme_code_lines(README.read_text(encoding="utf-8"))
    pattern = re.compile(rf"^dedupe-news {re.escape(command)}(\s|$)")
    assert any(pattern.match(line) for line in code), (
        f"README.md has no code line starting with 'dedupe-news {command}'"
    )


def test_version_option() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dedupe-news {__version__}"


def _subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def test_python_dash_m_version() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "dedupe_news", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_subprocess_env(),
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"dedupe-news {__version__}"


def _console_script() -> str | None:
    scripts = Path(sys.executable).parent
    for name in ("dedupe-news", "dedupe-news.exe"):
        if (scripts / name).exists():
            return str(scripts / name)
    return shutil.which("dedupe-news")


def test_console_script_clean(tmp_path: Path) -> None:
    script = _console_script()
    assert script is not None, "the dedupe-news console script is not installed"
    completed = subprocess.run(
        [script, "clean", str(SEED), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=_subprocess_env(),
        cwd=tmp_path,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    record = json.loads(completed.stdout)
    assert record["paragraphs"][0] == LEAD


# --- clean: formats --------------------------------------------------------------------


def test_clean_text_format() -> None:
    result = invoke("clean", SEED, "--format", "text")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count(LEAD) == 1
    assert "Advertisement" not in out
    assert "Published March" not in out
    assert "Updated March" not in out
    assert "Image:self" not in out
    assert result.stderr == ""


def test_clean_single_input_defaults_to_text() -> None:
    assert invoke("clean", SEED).stdout == invoke("clean", SEED, "--format", "text").stdout


def test_clean_text_matches_api() -> None:
    result = invoke("clean", SEED, "--format", "text")
    assert result.stdout == clean_file(SEED).text + "\n"


def test_clean_json_format() -> None:
    result = invoke("clean", SEED, "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert isinstance(record, dict)
    assert set(record) >= RECORD_KEYS
    assert record["source"] == str(SEED)
    assert record["title"] == "DOD: Kim Jong Un threatens security in the region"
    assert record["text"] == "\n\n".join(record["paragraphs"])
    assert record["paragraphs"].count(LEAD) == 1
    assert record["removed"], "the seed has boilerplate and duplicates"
    for removal in record["removed"]:
        assert set(removal) >= REMOVAL_KEYS
        assert removal["reason"] in {"boilerplate", "duplicate"}
        if removal["reason"] == "duplicate":
            assert isinstance(removal["duplicate_of"], str)
            assert 0.0 < removal["similarity"] <= 1.0
        else:
            assert removal["duplicate_of"] is None
            assert removal["similarity"] is None
    reasons = {r["reason"] for r in record["removed"]}
    assert reasons == {"boilerplate", "duplicate"}
    removed_texts = [r["text"] for r in record["removed"]]
    assert "Advertisement" in removed_texts


def test_clean_json_several_inputs_is_a_list(seed_copy: Path) -> None:
    result = invoke("clean", SEED, seed_copy, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert isinstance(payload, list)
    assert [r["source"] for r in payload] == [str(SEED), str(seed_copy)]


def test_clean_markdown_format() -> None:
    result = invoke("clean", SEED, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# DOD: Kim Jong Un threatens security in the region\n")
    assert result.stdout.count(LEAD) == 1


def test_clean_text_several_inputs_has_headers(seed_copy: Path) -> None:
    result = invoke("clean", SEED, seed_copy, "--format", "text")
    assert result.exit_code == 0, result.output
    assert f"==> {SEED} <==" in result.stdout
    assert f"==> {seed_copy} <==" in result.stdout
    assert result.stdout.count(LEAD) == 2


# --- clean: several inputs -------------------------------------------------------------


def test_several_inputs_default_to_jsonl_in_order(seed_copy: Path) -> None:
    result = invoke("clean", seed_copy, SEED)
    assert result.exit_code == 0, result.output
    found = records(result.stdout)
    assert [r["source"] for r in found] == [str(seed_copy), str(SEED)]
    assert found[0]["paragraphs"] == found[1]["paragraphs"]


def test_directory_is_searched_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copyfile(SEED, tmp_path / "top.txt")
    shutil.copyfile(SEED, tmp_path / "a" / "b" / "deep.txt")
    (tmp_path / "a" / "ignored.json").write_text("{}")
    result = invoke("clean", tmp_path)
    assert result.exit_code == 0, result.output
    sources = [r["source"] for r in records(result.stdout)]
    assert sorted(sources) == sorted([str(tmp_path / "top.txt"), str(tmp_path / "a/b/deep.txt")])


def test_directory_with_one_file_is_still_jsonl(tmp_path: Path) -> None:
    shutil.copyfile(SEED, tmp_path / "only.txt")
    result = invoke("clean", tmp_path)
    assert result.exit_code == 0, result.output
    assert len(records(result.stdout)) == 1


def test_glob_argument(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        shutil.copyfile(SEED, tmp_path / name)
    (tmp_path / "skip.html").write_text("<p>not matched</p>")
    result = invoke("clean", str(tmp_path / "*.txt"))
    assert result.exit_code == 0, result.output
    sources = [r["source"] for r in records(result.stdout)]
    assert sources == [str(tmp_path / "one.txt"), str(tmp_path / "two.txt")]


def test_stdin_dash() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = invoke("clean", "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"] == "-"
    assert record["paragraphs"] == clean_file(SEED).to_record()["paragraphs"]


def test_stdin_gzipped_html() -> None:
    data = gzip.compress(SEED_HTML.read_bytes())
    result = invoke("clean", "-", "--format", "json", input=data)
    assert result.exit_code == 0, result.output
    expected = json.loads(invoke("clean", SEED_HTML, "--format", "json").stdout)
    assert json.loads(result.stdout)["paragraphs"] == expected["paragraphs"]


# --- clean: -o -------------------------------------------------------------------------


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    result = invoke("clean", SEED, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == ""
    assert out.read_text(encoding="utf-8") == invoke("clean", SEED).stdout
    assert [p.name for p in tmp_path.iterdir()] == ["clean.txt"], "temporary file left behind"


def test_output_file_in_a_missing_directory_is_refused(tmp_path: Path, seed_copy: Path) -> None:
    # A typo in the path must not scatter new directories: only --output-dir creates one.
    out = tmp_path / "new" / "deeper" / "clean.jsonl"
    result = invoke("clean", SEED, seed_copy, "--output", out)
    assert result.exit_code == 2, result.output
    assert f"directory {out.parent} does not exist" in result.stderr
    assert not (tmp_path / "new").exists()


def test_output_under_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("clean", SEED, "-o", blocker / "out.txt")
    assert result.exit_code == 2, result.output
    assert f"{blocker} is not a directory" in result.stderr


@pytest.mark.parametrize("option", ["--output", "--errors"])
def test_output_and_errors_file_in_a_missing_directory_are_refused(
    tmp_path: Path, option: str
) -> None:
    result = invoke("clean", SEED, option, tmp_path / "none" / "out.jsonl")
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.stderr
    assert not (tmp_path / "none").exists()


def test_output_unwritable_is_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "directory"
    blocker.mkdir()
    result = invoke("clean", SEED, "-o", blocker)
    assert result.exit_code == 1
    assert_no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1
    assert "cannot write" in lines[0]


# --- gzip inputs -----------------------------------------------------------------------


def _paragraphs(path: Path) -> list[str]:
    result = invoke("clean", path, "--format", "json")
    assert result.exit_code == 0, result.output
    paragraphs: list[str] = json.loads(result.stdout)["paragraphs"]
    return paragraphs


def test_txt_gz_is_read_transparently(tmp_path: Path) -> None:
    packed = tmp_path / "seed.txt.gz"
    packed.write_bytes(gzip.compress(SEED.read_bytes()))
    assert _paragraphs(packed) == _paragraphs(SEED)


def test_html_gz_is_read_transparently(tmp_path: Path) -> None:
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(SEED_HTML.read_bytes()))
    plain = _paragraphs(SEED_HTML)
    assert plain, "the HTML fixture has text"
    assert _paragraphs(packed) == plain


# --- bad input -------------------------------------------------------------------------


def test_missing_file_among_good_ones(tmp_path: Path) -> None:
    missing = tmp_path / "does-not-exist.txt"
    result = invoke("clean", SEED, missing)
    assert result.exit_code == 1
    assert_no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(missing) in lines[0]
    assert lines[0].startswith("dedupe-news: error:")
    assert [r["source"] for r in records(result.stdout)] == [str(SEED)]


def test_gz_that_is_not_gzip(tmp_path: Path) -> None:
    fake = tmp_path / "fake.txt.gz"
    fake.write_text("I am not compressed at all.\n")
    result = invoke("clean", fake)
    assert result.exit_code == 1
    assert_no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(fake) in lines[0]
    assert "gzip" in lines[0]


def test_empty_html_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = invoke("clean", empty)
    assert result.exit_code == 1
    assert_no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(empty) in lines[0]


def test_binary_text_file(tmp_path: Path, seed_copy: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02 not text \x00")
    result = invoke("clean", binary, seed_copy)
    assert result.exit_code == 1
    assert_no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(binary) in lines[0]
    assert [r["source"] for r in records(result.stdout)] == [str(seed_copy)]


def test_every_failure_gets_its_own_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = invoke("clean", missing, SEED, empty)
    assert result.exit_code == 1
    lines = stderr_lines(result)
    assert len(lines) == 2, lines
    assert str(missing) in lines[0]
    assert str(empty) in lines[1]
    assert [r["source"] for r in records(result.stdout)] == [str(SEED)]


def test_over_max_bytes(tmp_path: Path) -> None:
    result = invoke("clean", SEED, "--max-bytes", "100")
    assert result.exit_code == 1
    assert_no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1
    assert "larger than" in lines[0]


@pytest.mark.parametrize(
    "option",
    [
        ("--threshold", "2"),
        ("--threshold", "0"),
        ("--shingle-size", "0"),
        ("--min-words", "0"),
        ("--format", "xml"),
        ("--keep", "nonsense"),
        ("--max-bytes", "0"),
    ],
)
def test_invalid_option_value_exits_2(option: tuple[str, str]) -> None:
    result = invoke("clean", SEED, *option)
    assert result.exit_code == 2, result.output
    assert_no_traceback(result)
    assert result.stdout == ""


def test_no_arguments_shows_usage() -> None:
    result = invoke("clean")
    assert result.exit_code == 2


@pytest.mark.parametrize("policy", ["first", "longest", "complete"])
def test_keep_policies_are_accepted(policy: str) -> None:
    result = invoke("clean", SEED, "--keep", policy, "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["paragraphs"]
    assert "Advertisement" not in record["paragraphs"]


def test_favor_recall_alone_is_accepted() -> None:
    # favor_precision defaults to on; --favor-recall must not clash with it.
    result = invoke("clean", SEED_HTML, "--favor-recall")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ("clean", "diff"))
def test_defaults_match_the_api(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Config] = []

    def spy(path: str | Path, config: Config = Config()) -> Any:  # noqa: B008
        seen.append(config)
        return clean_file(path, config)

    def batch_spy(paths: list[str], config: Config, *args: Any, **kwargs: Any) -> int:
        seen.append(config)
        return run_clean(paths, config, *args, **kwargs)

    # clean hands its Config to the batch runner, whose workers are other processes.
    monkeypatch.setattr(cli, "clean_file", spy)
    monkeypatch.setattr(cli, "run_clean", batch_spy)
    result = invoke(command, SEED)
    assert result.exit_code == 0, result.output
    assert seen == [Config()]


# --- diff ------------------------------------------------------------------------------


def test_diff_report() -> None:
    result = invoke("diff", SEED)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for phrase in (
        "exact repeat of",
        "near-duplicate of",
        "contained in",
        "boilerplate: ad marker",
    ):
        assert phrase in out
    assert re.search(r"\d+ paragraphs: \d+ kept", out)
    assert "\x1b[" not in out


def test_diff_width_option() -> None:
    result = invoke("diff", SEED, "--width", "60")
    assert result.exit_code == 0, result.output
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 60


def test_diff_several_inputs_has_run_summary(seed_copy: Path) -> None:
    result = invoke("diff", SEED, seed_copy)
    assert result.exit_code == 0, result.output
    assert re.search(r"2 documents, \d+ paragraphs: \d+ kept", result.stdout)


def test_diff_html(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = invoke("diff", SEED, "--html", page)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<html" in html
    assert "near-duplicate of" in html
    assert "exact repeat of" in html


def test_diff_html_in_a_missing_directory_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "new" / "report.html"
    result = invoke("diff", SEED, "--html", page)
    assert result.exit_code == 2, result.output
    assert f"directory {page.parent} does not exist" in result.stderr
    assert not page.parent.exists()


def test_diff_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = invoke("diff", SEED, missing)
    assert result.exit_code == 1
    assert_no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1
    assert str(missing) in lines[0]
    assert "exact repeat of" in result.stdout


@pytest.mark.parametrize("policy", ["first", "longest"])
def test_diff_keep_policies(policy: str) -> None:
    result = invoke("diff", SEED, "--keep", policy)
    assert result.exit_code == 0, result.output
    assert "boilerplate: ad marker" in result.stdout


def test_diff_invalid_option_exits_2() -> None:
    result = invoke("diff", SEED, "--threshold", "2")
    assert result.exit_code == 2


def test_unknown_language_is_a_usage_error() -> None:
    result = invoke("clean", SEED, "--language", "xx")
    assert result.exit_code == 2


def test_output_is_left_alone_when_every_input_fails(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text("earlier run\n", encoding="utf-8")
    result = invoke("clean", tmp_path / "missing.html", "-o", output)
    assert result.exit_code == 1
    assert output.read_text(encoding="utf-8") == "earlier run\n"
