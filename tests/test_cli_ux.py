"""Fixes from the usability review: each test runs the real command as a user would."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import batch_support as support
import pytest
from batch_support import SEED, console_script, run_cli, subprocess_env
from test_cli import SEED_HTML, invoke

from dedupe_news.records import document_id


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


# --- 1. the errors file belongs to the run that wrote the output ------------------------


def _batch_with_one_bad_page(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "a.txt")
    (folder / "b.txt").write_bytes(b"\x00\x01 binary \x00" * 20)
    return folder, folder / "b.txt"


def test_a_run_without_resume_starts_a_fresh_errors_file(tmp_path: Path) -> None:
    folder, bad = _batch_with_one_bad_page(tmp_path)
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", folder, "-o", out).returncode == 1
    assert len(_lines(tmp_path / "out.errors.jsonl")) == 1
    shutil.copyfile(SEED, bad)
    done = run_cli("clean", folder, "-o", out)
    assert done.returncode == 0, done.stderr
    assert _lines(tmp_path / "out.errors.jsonl") == []
    assert len(_lines(out)) == 2


def test_resume_retries_documents_that_failed(tmp_path: Path) -> None:
    folder, bad = _batch_with_one_bad_page(tmp_path)
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", folder, "-o", out).returncode == 1
    shutil.copyfile(SEED, bad)
    done = run_cli("clean", folder, "-o", out, "--resume")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["source"] for line in _lines(out)] == [
        str(folder / "a.txt"),
        str(bad),
    ]
    assert _lines(tmp_path / "out.errors.jsonl") == []


# --- 2. a document on stdin gets an id of its own ----------------------------------------


def _stdin_record(data: bytes) -> dict[str, Any]:
    result = invoke("clean", "-", "--format", "json", input=data)
    assert result.exit_code == 0, result.output
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def test_stdin_documents_with_different_content_get_different_ids() -> None:
    first = _stdin_record(SEED.read_bytes())
    second = _stdin_record(SEED.read_bytes().replace(b"North Korea", b"South Korea"))
    assert first["id"] != second["id"]
    assert _stdin_record(SEED.read_bytes())["id"] == first["id"]


def test_stdin_html_with_a_canonical_url_is_identified_by_it() -> None:
    record = _stdin_record(SEED_HTML.read_bytes())
    canonical = (
        "https://www.meridianworld.example/world-news/us-news/"
        "dod-kim-jong-un-threatens-security-in-the-region-articleshow.html"
    )
    assert record["id"] == document_id(canonical)  # as for a WARC record of that URL
    moved = SEED_HTML.read_bytes().replace(b"<title>", b"<title>Moved: ", 1)
    assert _stdin_record(moved)["id"] == record["id"]


def test_a_file_is_still_identified_by_its_path_as_given() -> None:
    result = invoke("clean", SEED, "--format", "json")
    assert json.loads(result.stdout)["id"] == document_id(str(SEED))


# --- 3. --resume refuses to mix the results of other settings ----------------------------


def _killed_run(tmp_path: Path, *options: str) -> tuple[Path, Path]:
    """A finished run of two pages with its last record cut off, as a kill leaves it."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "a.txt")
    shutil.copyfile(SEED_HTML, folder / "b.html")
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", folder, "-o", out, *options).returncode == 0
    out.write_text(_lines(out)[0] + "\n", encoding="utf-8")
    return folder, out


def test_resume_with_other_settings_is_refused(tmp_path: Path) -> None:
    folder, out = _killed_run(tmp_path)
    before = out.read_bytes()
    done = run_cli("clean", folder, "-o", out, "--resume", "--threshold", "0.9")
    assert done.returncode == 2, done.stderr
    assert "other settings" in done.stderr
    assert "threshold" in done.stderr
    assert "without --resume" in done.stderr
    assert out.read_bytes() == before


def test_resume_with_the_same_settings_continues(tmp_path: Path) -> None:
    folder, out = _killed_run(tmp_path, "--threshold", "0.9", "--keep", "first")
    done = run_cli("clean", folder, "-o", out, "--resume", "--keep", "first", "-t", "0.9")
    assert done.returncode == 0, done.stderr
    assert len(_lines(out)) == 2


def test_resume_of_an_output_dir_with_other_settings_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "a.txt")
    target = tmp_path / "clean"
    assert run_cli("clean", folder, "--output-dir", target).returncode == 0
    done = run_cli("clean", folder, "--output-dir", target, "--resume", "--no-duplicates")
    assert done.returncode == 2, done.stderr
    assert "remove_duplicates" in done.stderr


# --- 4. the format follows -o's extension, else the kind of input -----------------------


def _two_pages(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "a.txt")
    shutil.copyfile(SEED, folder / "b.txt")
    return folder


def test_a_glob_matching_one_file_gives_json_lines_like_one_matching_two(
    tmp_path: Path,
) -> None:
    folder = _two_pages(tmp_path)
    one = invoke("clean", str(folder / "a*.txt"))
    two = invoke("clean", str(folder / "*.txt"))
    assert one.exit_code == two.exit_code == 0, one.output
    assert [json.loads(line)["source"] for line in one.stdout.splitlines()] == [
        str(folder / "a.txt")
    ]
    assert len(two.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [("x.json", "json"), ("x.jsonl", "jsonl"), ("x.ndjson", "jsonl"), ("x.md", "markdown")],
)
def test_the_output_extension_sets_the_format_of_one_file(
    tmp_path: Path, name: str, expected: str
) -> None:
    out = tmp_path / name
    assert invoke("clean", SEED, "-o", out).exit_code == 0
    reference = invoke("clean", SEED, "--format", expected)
    assert out.read_text(encoding="utf-8") == reference.stdout


@pytest.mark.parametrize(
    ("name", "expected"), [("y.md", "markdown"), ("y.txt", "text"), ("y.json", "json")]
)
def test_the_output_extension_sets_the_format_of_a_directory(
    tmp_path: Path, name: str, expected: str
) -> None:
    folder = _two_pages(tmp_path)
    out = tmp_path / name
    assert invoke("clean", folder, "-o", out).exit_code == 0
    reference = invoke("clean", folder, "--format", expected)
    assert out.read_text(encoding="utf-8") == reference.stdout


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    assert invoke("clean", SEED, "-o", out, "--format", "text").exit_code == 0
    assert out.read_text(encoding="utf-8") == invoke("clean", SEED).stdout


# --- 5. a closed pipe ends every command quietly ------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["clean"],
        ["clean", "--format", "text"],
        ["clean", "--format", "json"],
        ["diff"],
        ["calibrate", "--json"],
    ],
)
def test_a_closed_pipe_ends_the_command_quietly_with_141(
    tmp_path: Path, arguments: list[str]
) -> None:
    folder = _two_pages(tmp_path)
    process = subprocess.Popen(
        [console_script(), *arguments, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `| head -1` does once it has its line
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert stderr == ""


# --- 6. Ctrl-C says how far the run got -----------------------------------------------------


def _interrupt_after(command: list[str], out: Path, lines: int) -> subprocess.CompletedProcess[str]:
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=subprocess_env()
    )
    deadline = time.monotonic() + 300
    while len(_lines(out)) < lines and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def test_ctrl_c_says_how_far_the_run_got_and_how_to_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    support.generate_pages(folder, 60)
    out = tmp_path / "out.jsonl"
    command = [console_script(), "clean", str(folder), "-o", str(out), "--workers", "1"]
    done = _interrupt_after(command, out, 3)
    assert done.returncode == 130, done.stderr
    written = len(_lines(out))
    assert 3 <= written < 60
    (line,) = done.stderr.splitlines()
    assert re.fullmatch(
        r"dedupe-news: interrupted after (\d+) of 60 documents; "
        r"rerun with --resume to continue",
        line,
    ), line
    resumed = run_cli("clean", folder, "-o", out, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert len(_lines(out)) == 60


def test_ctrl_c_of_a_run_that_cannot_resume_gives_no_hint(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    support.generate_pages(folder, 60)
    out = tmp_path / "out.jsonl"
    command = [console_script(), "clean", str(folder), "--workers", "1", "--errors", str(out)]
    # No -o: the records go to stdout; the errors file stays empty, so wait a moment instead.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=subprocess_env()
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert re.fullmatch(r"dedupe-news: interrupted after \d+ of 60 documents", stderr.strip())


def test_ctrl_c_of_diff_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    support.generate_pages(folder, 60)
    process = subprocess.Popen(
        [console_script(), "diff", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip() == "dedupe-news: interrupted"


# --- 7. options that contradict each other or do nothing are refused ---------------------


@pytest.mark.parametrize("command", ["clean", "diff"])
def test_favor_recall_and_favor_precision_together_are_refused(command: str) -> None:
    result = invoke(command, SEED_HTML, "--favor-recall", "--favor-precision")
    assert result.exit_code == 2, result.output
    assert "--favor-recall and --favor-precision exclude each other" in result.stderr


def test_favor_recall_on_the_command_line_wins_over_precision_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dedupe-news.toml").write_text("favor-precision = true\n")
    assert invoke("clean", SEED_HTML, "--favor-recall").exit_code == 0


def test_config_show_does_not_list_precision_on_while_recall_is_on() -> None:
    result = invoke("config", "show", "--json", "--favor-recall")
    assert result.exit_code == 0, result.output
    settings = json.loads(result.stdout)["settings"]
    assert settings["favor-recall"]["value"] is True
    assert settings["favor-precision"] == {"value": False, "from": "implied by favor-recall"}


def test_site_min_pages_without_corpus_is_refused() -> None:
    result = invoke("clean", SEED, "--site-min-pages", "5")
    assert result.exit_code == 2, result.output
    assert "only applies with --corpus or --index" in result.stderr
    assert invoke("clean", SEED, "--site-min-pages", "5", "--corpus").exit_code == 0


def test_site_min_pages_in_the_file_is_fine_without_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dedupe-news.toml").write_text("site-min-pages = 5\n")
    assert invoke("clean", SEED).exit_code == 0


def test_config_show_help_names_the_options_it_takes() -> None:
    help_text = invoke("config", "show", "--help").stdout
    assert "same options as clean" not in help_text
    assert "--site-min-pages" not in help_text
    assert "cleaning options" in help_text


# --- 9. index clear asks first --------------------------------------------------------------


def _index(tmp_path: Path) -> Path:
    db = tmp_path / "corpus.sqlite"
    done = run_cli("clean", SEED, SEED_HTML, "--index", db, "-o", tmp_path / "out.jsonl")
    assert done.returncode == 0, done.stderr
    return db


def _documents_in(db: Path) -> str:
    stats = run_cli("index", "stats", db)
    (line,) = [line for line in stats.stdout.splitlines() if line.startswith("documents")]
    return line.split()[-1]


def test_index_clear_without_a_terminal_needs_yes(tmp_path: Path) -> None:
    db = _index(tmp_path)
    refused = invoke("index", "clear", db)
    assert refused.exit_code == 2, refused.output
    assert "--yes" in refused.stderr
    assert _documents_in(db) == "2"
    done = invoke("index", "clear", db, "--yes")
    assert done.exit_code == 0, done.output
    assert _documents_in(db) == "0"


@pytest.mark.parametrize(("answer", "left"), [("n", "2"), ("y", "0")])
def test_index_clear_on_a_terminal_asks(tmp_path: Path, answer: str, left: str) -> None:
    db = _index(tmp_path)
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [console_script(), "index", "clear", str(db)],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )
    os.close(terminal)
    os.write(controller, f"{answer}\n".encode())
    _, stderr = process.communicate(timeout=60)
    os.close(controller)
    assert process.returncode == 0, stderr
    assert "Remove all 2 documents" in stderr.decode()
    assert _documents_in(db) == left


# --- 10. exit codes, explain's range, timeouts ------------------------------------------------


def test_top_level_help_lists_the_exit_codes() -> None:
    help_text = invoke("--help").stdout
    assert "Exit codes" in help_text
    for line in (
        "0    success",
        "1    some inputs failed",
        "2    usage or settings error",
        "130  interrupted",
        "141  stdout closed",
    ):
        assert line in help_text, line


def test_explain_paragraph_out_of_range_is_bad_input_naming_the_range() -> None:
    result = invoke("explain", SEED, "-p", "99")
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"dedupe-news: error: {SEED}: no paragraph 99;")
    assert re.search(r"paragraphs are numbered 1 to \d+", line), line


def test_diff_takes_a_timeout_and_says_which_option_it_was(tmp_path: Path) -> None:
    slow = support.slow_page(tmp_path / "slow.html")
    result = invoke("diff", SEED, slow, "--timeout", "0.5")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (
        f"dedupe-news: error: {slow}: timed out after 0.5 s (see --timeout)"
    )
    assert invoke("diff", SEED, "--timeout", "60").stdout == invoke("diff", SEED).stdout


# --- 11. a directory scan says what it skipped ------------------------------------------------


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "story.txt")
    shutil.copyfile(SEED_HTML, folder / "g.html?id=3")
    shutil.copyfile(SEED_HTML, folder / "index")
    return folder


@pytest.mark.parametrize("command", ["clean", "diff"])
def test_a_directory_scan_reports_the_files_it_skipped(tmp_path: Path, command: str) -> None:
    folder = _mixed_folder(tmp_path)
    result = invoke(command, folder)
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"dedupe-news: warning: {folder}: skipped 2 files")
    assert ".php" in line and ".md" in line


def test_many_directories_report_their_skipped_files_on_one_line(tmp_path: Path) -> None:
    folders = []
    for name in ("a", "b", "c"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copyfile(SEED, folder / "input.txt")
        (folder / "expected.json").write_text("{}", encoding="utf-8")
        folders.append(folder)
    result = invoke("diff", *folders)
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert f"3 directories (first {folders[0]}): skipped 3 files of other kinds" in line


def test_a_directory_without_inputs_names_every_accepted_extension(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index").write_text("<p>no extension</p>")
    result = invoke("clean", folder)
    assert result.exit_code == 1
    message = result.stderr
    for suffix in (".html", ".htm", ".php", ".aspx", ".txt", ".md", ".warc"):
        assert suffix in message, suffix


# --- 12. small ones ---------------------------------------------------------------------------


def test_from_file_skips_blank_lines_and_comments(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"# the seed article\n\n{SEED}\n   \n  # {SEED_HTML}\n", encoding="utf-8")
    result = invoke("clean", "--from-file", listing)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [str(SEED)]


@pytest.mark.parametrize("command", ["clean", "diff"])
def test_stdin_twice_is_refused(command: str) -> None:
    result = invoke(command, "-", "-", input=SEED.read_bytes())
    assert result.exit_code == 2, result.output
    assert "stdin (-) can be given once" in result.stderr


def test_the_diff_total_counts_failed_documents(tmp_path: Path) -> None:
    result = invoke("diff", SEED, SEED_HTML, tmp_path / "missing.html")
    assert result.exit_code == 1
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("3 documents, 1 failed, "), last
    one_left = invoke("diff", SEED, tmp_path / "missing.html")
    assert one_left.stdout.strip().splitlines()[-1].startswith("2 documents, 1 failed, ")
