"""The real CLI on hostile inputs, each in a subprocess with a time and memory bound.

Every input must give a clean result or one line ``dedupe-news: error: <file>:
<reason>``: never a traceback, a hang, or a half-written ``-o`` file. The
bounds catch hangs and blow-ups; they are not performance assertions.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_inputs import (
    BAD_INPUTS,
    CP1252_WORDS,
    LATIN1_WORDS,
    SHIFT_JIS_WORDS,
    STORY,
    utf8_with_broken_bytes,
)

CLI = Path(sys.executable).parent / "dedupe-news"
TIME_BOUND = 60  # seconds; generous because the machine is shared
MEMORY_BOUND = 500 * 1024 * 1024
SENTINEL = "previous output\n"

# The decided outcome of each input: an error (with this reason) or a clean result.
ERRORS = {
    "empty.html": "no main text found",
    "whitespace.html": "no main text found",
    "garbage.html": "binary data, not HTML",
    "garbage.txt": "binary data, not text",
    "garbage.bin.gz": "not a valid gzip file",
    "image.html": "a PNG image, not HTML",
    "nested-10000.html": "no main text found",
    "big-50mb.html": "larger than the limit of 10,485,760 bytes",
    "nul-bytes.txt": "binary data, not text",
    "not-gzip.html.gz": "not a valid gzip file",
    "fake-magic.html.gz": "not a valid gzip file",
    "truncated.html.gz": "not a valid gzip file",
    "gzip-bomb.html.gz": "larger than 10,485,760 bytes once decompressed",
    "many-small-paragraphs.html": "60,000 paragraphs, more than the limit of 20,000",
}
# Inputs whose cleaning may legitimately run out of the memory bound: a single
# 5 MB paragraph (550,000 words) needs more than 500 MB for its word features.
MAY_RUN_OUT_OF_MEMORY = {"one-5mb-paragraph.html", "one-5mb-paragraph.txt"}
DEFAULT_ERROR_FORMAT = re.compile(r"^dedupe-news: error: (?P<file>.+?): (?P<reason>.+)$")


def _bounded(extra: Callable[[], None] | None = None) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))
        if extra is not None:
            extra()

    return limit


def run_cli(
    *args: str | Path, cwd: Path, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "COLUMNS": "100"}
    return subprocess.run(
        [str(CLI), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIME_BOUND,
        preexec_fn=_bounded(preexec),
        env=env,
        check=False,
    )


def error_lines(stderr: str) -> list[re.Match[str]]:
    lines = stderr.splitlines()
    matches = [DEFAULT_ERROR_FORMAT.match(line) for line in lines]
    assert all(matches), f"stderr is not one-line errors: {stderr[:2000]}"
    return [m for m in matches if m is not None]


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_a_result_or_one_line_error(name: str, tmp_path: Path) -> None:
    source = tmp_path / name
    source.write_bytes(BAD_INPUTS[name]())
    output = tmp_path / "out" / "clean.json"
    output.parent.mkdir()
    output.write_text(SENTINEL)
    done = run_cli("clean", source, "-o", output, "-f", "json", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert not [p.name for p in output.parent.iterdir() if p != output], "temporary file left"
    if done.returncode == 0:
        assert name not in ERRORS, f"expected an error: {ERRORS.get(name)}"
        assert done.stderr == ""
        record = json.loads(output.read_text(encoding="utf-8"))
        assert record["source"] == str(source)
        assert len(record["paragraphs"]) == record["counts"]["kept"]
        return
    assert done.returncode == 1, done.stderr
    (line,) = error_lines(done.stderr)
    assert line["file"] == str(source)
    if name in MAY_RUN_OUT_OF_MEMORY and "out of memory" in line["reason"]:
        pass
    else:
        assert ERRORS.get(name, "(no error expected)") in line["reason"]
    assert output.read_text() == SENTINEL, "a failed run touched the output"


def clean_json(tmp_path: Path, name: str, data: bytes) -> dict[str, object]:
    source = tmp_path / name
    source.write_bytes(data)
    done = run_cli("clean", source, "-f", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record: dict[str, object] = json.loads(done.stdout)
    return record


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("latin1.html", LATIN1_WORDS),
        ("latin1.txt", LATIN1_WORDS),
        ("cp1252.html", CP1252_WORDS),
        ("cp1252.txt", CP1252_WORDS),
        ("shift-jis.html", SHIFT_JIS_WORDS),
        ("wrong-charset.html", LATIN1_WORDS),
        ("wrong-charset-utf8.html", CP1252_WORDS),
        ("declared-shift-jis.html", SHIFT_JIS_WORDS),
    ],
)
def test_legacy_encodings_decode_to_the_right_words(
    name: str, words: tuple[str, ...], tmp_path: Path
) -> None:
    text = str(clean_json(tmp_path, name, BAD_INPUTS[name]())["text"])
    for word in words:
        assert word in text
    assert "\ufffd" not in text


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_a_few_broken_bytes_keep_the_page_utf8(suffix: str, tmp_path: Path) -> None:
    record = clean_json(tmp_path, f"broken{suffix}", utf8_with_broken_bytes(suffix == ".html"))
    text = str(record["text"])
    for word in LATIN1_WORDS:
        assert word in text
    assert "\ufffd" in text


def test_entities_are_never_expanded(tmp_path: Path) -> None:
    bomb = clean_json(tmp_path, "entity-bomb.html", BAD_INPUTS["entity-bomb.html"]())
    assert "&lol9;" in str(bomb["text"]) and "lollol" not in str(bomb["text"])
    external = clean_json(tmp_path, "external.html", BAD_INPUTS["external-entity.html"]())
    assert "root:" not in str(external["text"]) and "&secret;" in str(external["text"])


def test_scripts_are_not_text(tmp_path: Path) -> None:
    text = str(clean_json(tmp_path, "scripts.html", BAD_INPUTS["scripts.html"]())["text"])
    assert STORY in text
    assert "document.write" not in text and "alert(" not in text


def test_boilerplate_only_page_keeps_nothing_and_says_why(tmp_path: Path) -> None:
    record = clean_json(tmp_path, "bp.html", BAD_INPUTS["boilerplate-only.html"]())
    assert record["paragraphs"] == []
    removed = record["removed"]
    assert isinstance(removed, list) and removed
    assert {r["reason"] for r in removed} == {"boilerplate"}


@pytest.mark.parametrize("name", ["repeated-5000.html", "repeated-5000.txt"])
def test_five_thousand_copies_leave_one(name: str, tmp_path: Path) -> None:
    record = clean_json(tmp_path, name, BAD_INPUTS[name]())
    assert record["paragraphs"] == [STORY]


def test_unsupported_language_is_kept(tmp_path: Path) -> None:
    name = "unsupported-language.html"
    record = clean_json(tmp_path, name, BAD_INPUTS[name]())
    assert "Городской совет" in str(record["text"])


def _without_file_permission_override() -> None:
    """Root ignores file modes; drop that power from the child so chmod 000 counts."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_directory_with_symlink_loops_fifo_and_unreadable_file(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    good = pages / "good.html"
    good.write_bytes(BAD_INPUTS["scripts.html"]())
    (pages / "loop-a.html").symlink_to("loop-b.html")
    (pages / "loop-b.html").symlink_to("loop-a.html")
    (pages / "sub" / "up").symlink_to("..", target_is_directory=True)
    os.mkfifo(pages / "pipe.html")
    secret = pages / "secret.html"
    secret.write_bytes(BAD_INPUTS["scripts.html"]())
    secret.chmod(0)
    output = tmp_path / "clean.jsonl"
    done = run_cli(
        "clean", pages, "-o", output, cwd=tmp_path, preexec=_without_file_permission_override
    )
    assert "Traceback" not in done.stderr
    # A JSON Lines run records failures in the errors file beside the output.
    (line,) = error_lines(done.stderr)
    errors_file = tmp_path / "clean.errors.jsonl"
    assert (line["file"], line["reason"]) == (str(errors_file), "1 document failed")
    (failure,) = [json.loads(row) for row in errors_file.read_text().splitlines()]
    assert (failure["source"], failure["error"]) == (str(secret), "permission denied")
    assert done.returncode == 1
    records = [json.loads(row) for row in output.read_text().splitlines()]
    assert [r["source"] for r in records] == [str(good)]


def test_symlink_loop_argument_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.html").symlink_to("b.html")
    (tmp_path / "b.html").symlink_to("a.html")
    done = run_cli("clean", "a.html", cwd=tmp_path)
    (line,) = error_lines(done.stderr)
    assert line["file"] == "a.html" and "symlink" in line["reason"]
    assert done.returncode == 1
