"""A run killed with SIGKILL and continued with --resume writes what an uninterrupted run writes."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from batch_support import (
    CASE_PAGES,
    Response,
    console_script,
    generate_pages,
    run_cli,
    subprocess_env,
    write_warc,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.sinks import drop_partial_line

PAGES = 90


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Generated pages with a few bad ones and a WARC, and the output of one uninterrupted run."""
    root = tmp_path_factory.mktemp("resume")
    folder = root / "in"
    generate_pages(folder, PAGES)
    (folder / "page-0010-binary.txt").write_bytes(b"\x00\x01 binary \x00" * 20)
    (folder / "page-0050-empty.html").write_bytes(b"")
    responses = [
        Response(f"https://news.example/story/{n}", p.read_bytes())
        for n, p in enumerate(CASE_PAGES)
    ]
    write_warc(folder / "page-0070-crawl.warc.gz", responses)
    reference = root / "reference.jsonl"
    done = run_cli("clean", folder, "-o", reference, "--workers", "2")
    assert done.returncode == 1, done.stderr  # the two bad pages
    return folder, reference, root / "reference.errors.jsonl"


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _kill_after(folder: Path, out: Path, lines: int) -> None:
    """Start a run and SIGKILL it once the output holds at least ``lines`` lines."""
    command = [console_script(), "clean", str(folder), "-o", str(out), "--workers", "2", "--resume"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=subprocess_env()
    )
    deadline = time.monotonic() + 300
    while _lines(out) < lines and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL, "the run ended before it was killed"


def test_killed_twice_and_resumed_equals_one_uninterrupted_run(
    corpus: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    folder, reference, reference_errors = corpus
    out = tmp_path / "out.jsonl"
    total = _lines(reference)
    _kill_after(folder, out, 5)
    first = _lines(out)
    assert 5 <= first < total
    _kill_after(folder, out, first + 20)
    assert first < _lines(out) < total
    done = run_cli("clean", folder, "-o", out, "--workers", "2", "--resume")
    assert done.returncode == 1, done.stderr  # the bad pages are tried again and fail again
    assert out.read_bytes() == reference.read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == reference_errors.read_bytes()


def test_a_torn_last_line_is_dropped_and_written_again(
    corpus: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    folder, reference, reference_errors = corpus
    data = reference.read_bytes()
    lines = data.splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    # What a kill during a write leaves: whole records, then part of the next one.
    out.write_bytes(b"".join(lines[:30]) + lines[30][: len(lines[30]) // 2])
    errors = tmp_path / "out.errors.jsonl"
    errors.write_bytes(reference_errors.read_bytes().splitlines(keepends=True)[0][:10])
    done = run_cli("clean", folder, "-o", out, "--resume")
    assert done.returncode == 1, done.stderr
    assert out.read_bytes() == data
    assert errors.read_bytes() == reference_errors.read_bytes()


def test_resuming_a_finished_run_only_tries_the_failed_documents_again(
    corpus: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    folder, reference, reference_errors = corpus
    out = tmp_path / "out.jsonl"
    out.write_bytes(reference.read_bytes())
    (tmp_path / "out.errors.jsonl").write_bytes(reference_errors.read_bytes())
    done = run_cli("clean", folder, "-o", out, "--resume", "--summary")
    assert done.returncode == 1, done.stderr  # the two bad pages fail again
    assert "skipped (already done)" in done.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == reference_errors.read_bytes()


def test_a_file_that_is_not_our_output_is_not_resumed(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("not json\n", encoding="utf-8")
    done = run_cli("clean", CASE_PAGES[0], "-o", out, "--resume")
    assert done.returncode == 2
    assert "line 1 is not a record with an id" in done.stderr
    assert out.read_text(encoding="utf-8") == "not json\n"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n")), max_size=8), st.data())
def test_drop_partial_line_keeps_exactly_the_whole_lines(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], data: st.DataObject
) -> None:
    whole = "".join(f"{json.dumps(line)}\n" for line in lines).encode()
    tail = data.draw(st.binary(max_size=20).filter(lambda b: b"\n" not in b))
    path = tmp_path_factory.mktemp("torn") / "out.jsonl"
    path.write_bytes(whole + tail)
    drop_partial_line(path)
    assert path.read_bytes() == whole
