"""Batch cleaning: order, parallel workers, failures, timeouts, caller stages, records, display."""

from __future__ import annotations

import gzip
import json
import os
import pty
import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from batch_support import (
    CASE_PAGES,
    SEED,
    console_script,
    generate_pages,
    run_cli,
    slow_page,
    subprocess_env,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import dedupe_news.cli as cli
from dedupe_news import Config, Reason, Removal, Result, clean_file
from dedupe_news.batch import clean_batch
from dedupe_news.documents import Cleaned, DocumentInput, Failed
from dedupe_news.records import document_id, paragraph_fingerprint
from dedupe_news.sources import documents, expand_arguments

LIMIT = 50 * 1024 * 1024
ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1", "COLUMNS": "120"}


def invoke(*args: str | Path, input: str | None = None) -> Any:
    return CliRunner(env=ENV).invoke(cli.app, [str(a) for a in args], input=input)


def read_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def batch(arguments: list[str], **options: Any) -> list[Cleaned | Failed]:
    return list(clean_batch(documents(expand_arguments(arguments), LIMIT), Config(), **options))


# --- the batch API ---------------------------------------------------------------------


def test_outcomes_come_in_input_order_and_equal_sequential_cleaning(tmp_path: Path) -> None:
    pages = [str(p) for p in generate_pages(tmp_path / "in", 20)]
    missing = str(tmp_path / "missing.html")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02 not text \x00")
    arguments = [*pages[:7], missing, str(binary), *pages[7:]]
    # A small window makes workers finish out of order and wait for each other.
    outcomes = batch(arguments, workers=2, max_pending=3)
    assert [o.source for o in outcomes] == arguments
    failed = [o for o in outcomes if isinstance(o, Failed)]
    assert [(f.source, f.id) for f in failed] == [
        (missing, document_id(missing)),
        (str(binary), document_id(str(binary))),
    ]
    assert "binary" in failed[1].error
    for outcome in outcomes:
        if isinstance(outcome, Cleaned):
            assert outcome.id == document_id(outcome.source)
            assert outcome.result == clean_file(outcome.source)


def test_reads_at_most_max_pending_documents_ahead(tmp_path: Path) -> None:
    pages = [str(p) for p in generate_pages(tmp_path / "in", 30)]
    pulled = 0

    def counted() -> Iterator[DocumentInput | Failed]:
        nonlocal pulled
        for document in documents(expand_arguments(pages), LIMIT):
            pulled += 1
            yield document

    ahead = []
    outcomes = clean_batch(counted(), Config(), workers=2, max_pending=4)
    for handed_back, outcome in enumerate(outcomes):
        ahead.append(pulled - handed_back)
        assert outcome.source == pages[handed_back]
    assert len(ahead) == len(pages)
    assert max(ahead) <= 4, "memory is bounded by max_pending, not by the batch"


class SeenParagraphs:
    """A caller-owned cross-document step: drop paragraphs an earlier document kept."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.sources: list[str] = []
        self.processes: set[int] = set()

    def __call__(self, result: Result) -> Result:
        self.sources.append(result.source)
        self.processes.add(os.getpid())
        verdicts = []
        for verdict in result.verdicts:
            if verdict.removal is None and verdict.block.text in self.seen:
                removal = Removal(Reason.DUPLICATE, "corpus", "kept in an earlier document")
                verdict = replace(verdict, removal=removal)
            elif verdict.removal is None:
                self.seen.add(verdict.block.text)
            verdicts.append(verdict)
        return replace(result, verdicts=tuple(verdicts))


def test_stage_runs_in_the_parent_in_input_order(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    arguments = [str(SEED), *(str(p) for p in CASE_PAGES[:4]), str(copy)]
    stage = SeenParagraphs()
    outcomes = batch(arguments, workers=2, stage=stage)
    assert stage.sources == arguments
    assert stage.processes == {os.getpid()}
    first, last = outcomes[0], outcomes[-1]
    assert isinstance(first, Cleaned) and isinstance(last, Cleaned)
    assert first.result.paragraphs == clean_file(SEED).paragraphs
    assert last.result.paragraphs == ()
    assert {v.removal.rule for v in last.result.removed if v.removal} >= {"corpus"}


def test_invalid_pool_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        batch([str(SEED)], workers=0)
    with pytest.raises(ValueError):
        batch([str(SEED)], timeout=0)


# --- timeouts --------------------------------------------------------------------------


def test_a_page_past_the_timeout_is_reported_and_its_worker_replaced(tmp_path: Path) -> None:
    small = generate_pages(tmp_path / "in", 3)
    slow = slow_page(tmp_path / "in" / "slow.html")
    out = tmp_path / "out.jsonl"
    # One worker: the pages after the slow one can only be cleaned by its replacement.
    result = invoke(
        "clean", small[0], slow, small[1], small[2], "--workers", "1", "--timeout", "5", "-o", out
    )
    assert result.exit_code == 1, result.output
    assert [r["source"] for r in read_records(out)] == [str(p) for p in (small[0], *small[1:])]
    errors = read_records(tmp_path / "out.errors.jsonl")
    assert errors == [
        {
            "id": document_id(str(slow)),
            "source": str(slow),
            "error": "timed out after 5 s (see --timeout)",
        }
    ]


# --- failures --------------------------------------------------------------------------


def test_every_bad_page_becomes_an_error_record_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = generate_pages(folder, 2)
    (folder / "binary.txt").write_bytes(b"\x00\xff\x00 binary \x00" * 50)
    (folder / "not-gzip.html.gz").write_text("<p>plain, not compressed</p>")
    whole = gzip.compress(CASE_PAGES[0].read_bytes())
    (folder / "truncated.html.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "empty.html").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me \xe0 la fran\xe7aise. ".encode() * 3)
    (folder / "zz-enormous.html").write_text("<p>" + "word " * 60_000 + "</p>")
    out = tmp_path / "out.jsonl"
    result = invoke("clean", folder, "-o", out, "--max-bytes", "200000")
    assert result.exit_code == 1, result.output
    errors = read_records(tmp_path / "out.errors.jsonl")
    failed = {Path(e["source"]).name for e in errors}
    assert failed == {
        "binary.txt",
        "not-gzip.html.gz",
        "truncated.html.gz",
        "empty.html",
        "zz-enormous.html",
    }
    for error in errors:
        assert set(error) == {"id", "source", "error"}
        assert error["id"] == document_id(error["source"])
        assert error["error"]
    cleaned = [r["source"] for r in read_records(out)]
    assert set(cleaned) >= {str(p) for p in good}
    assert cleaned == sorted(cleaned), "records are in input (sorted directory) order"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"dedupe-news: error: {tmp_path / 'out.errors.jsonl'}: 5 documents failed"]


def test_errors_go_to_stderr_without_an_output_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    result = invoke("clean", SEED, missing, CASE_PAGES[0])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        f"dedupe-news: error: {missing}: no such file or directory"
    ]
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
        str(SEED),
        str(CASE_PAGES[0]),
    ]


def test_errors_option_chooses_the_errors_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    errors = tmp_path / "logs" / "failed.jsonl"
    errors.parent.mkdir()
    result = invoke("clean", SEED, missing, "--errors", errors)
    assert result.exit_code == 1
    reason = "no such file or directory"
    assert read_records(errors) == [
        {"id": document_id(str(missing)), "source": str(missing), "error": reason}
    ]
    assert json.loads(result.stdout.splitlines()[0])["source"] == str(SEED)


# --- records ---------------------------------------------------------------------------


def test_records_add_an_id_and_aligned_paragraph_fingerprints(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    pages = [SEED, *CASE_PAGES[:3]]
    result = invoke("clean", *pages, "-o", out)
    assert result.exit_code == 0, result.output
    records = read_records(out)
    for page, record in zip(pages, records, strict=True):
        assert record["id"] == document_id(str(page))
        fingerprints = record.pop("paragraph_fingerprints")
        assert fingerprints == [paragraph_fingerprint(p) for p in record["paragraphs"]]
        assert all(re.fullmatch(r"[0-9a-f]{16}", f) for f in fingerprints)
        del record["id"]
        assert record == clean_file(page).to_record(), "the existing fields are unchanged"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1), st.sampled_from(["upper", "spaces", "nfkc"]))
def test_fingerprints_ignore_what_a_reader_cannot_see(text: str, change: str) -> None:
    variant = {
        "upper": text.upper(),
        "spaces": "  " + "\n\t ".join(text.split(" ")) + " ",
        "nfkc": text.replace("fi", "\ufb01"),
    }[change]
    if change == "upper" and text.upper().casefold() != text.casefold():
        return  # casing that changes letters (ß -> SS) is a different spelling
    assert paragraph_fingerprint(variant) == paragraph_fingerprint(text)


def test_output_is_the_same_bytes_for_one_and_two_workers(tmp_path: Path) -> None:
    generate_pages(tmp_path / "in", 16)
    for workers in ("1", "2"):
        done = run_cli("clean", tmp_path / "in", "--workers", workers, "-o", tmp_path / workers)
        assert done.returncode == 0, done.stderr
        assert done.stderr == "", "nothing on stderr when it is not a terminal"
    assert (tmp_path / "1").read_bytes() == (tmp_path / "2").read_bytes()


def test_single_input_json_carries_the_id() -> None:
    record = json.loads(invoke("clean", SEED, "--format", "json").stdout)
    assert record["id"] == document_id(str(SEED))
    assert len(record["paragraph_fingerprints"]) == len(record["paragraphs"])


# --- inputs ----------------------------------------------------------------------------


def test_from_file_lists_paths_in_order(tmp_path: Path) -> None:
    pages = generate_pages(tmp_path / "in", 4)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{pages[2]}\n\n{pages[0]}\r\n{pages[3]}\n", encoding="utf-8")
    result = invoke("clean", pages[1], "--from-file", listing)
    assert result.exit_code == 0, result.output
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(pages[1]), str(pages[2]), str(pages[0]), str(pages[3])]


def test_from_file_dash_reads_the_list_from_stdin(tmp_path: Path) -> None:
    pages = generate_pages(tmp_path / "in", 3)
    listing = "".join(f"{p}\n" for p in reversed(pages))
    result = invoke("clean", "--from-file", "-", input=listing)
    assert result.exit_code == 0, result.output
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(p) for p in reversed(pages)]


@pytest.mark.parametrize(
    "arguments",
    [
        ("clean",),
        ("clean", str(SEED), "--resume"),
        ("clean", str(SEED), "-o", "x.jsonl", "--output-dir", "out"),
        ("clean", "-", "--from-file", "-"),
        ("clean", "--from-file", "/no/such/list.txt"),
        ("clean", str(SEED), "--workers", "0"),
        ("clean", str(SEED), "--timeout", "0"),
    ],
)
def test_usage_errors_exit_2(arguments: tuple[str, ...], tmp_path: Path) -> None:
    result = invoke(*arguments)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# --- what a person sees ----------------------------------------------------------------


def test_summary_table_counts_documents_and_paragraphs(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke("clean", SEED, CASE_PAGES[0], tmp_path / "missing.html", "-o", out, "--summary")
    assert result.exit_code == 1
    records = read_records(out)
    table = result.stderr
    kept = sum(r["counts"]["kept"] for r in records)
    boilerplate = sum(r["counts"]["boilerplate"] for r in records)
    assert re.search(r"documents cleaned\s+2\b", table), table
    assert re.search(r"documents failed\s+1\s+see .*out\.errors\.jsonl", table), table
    assert re.search(rf"kept\s+{kept}\b", table), table
    assert re.search(rf"removed: boilerplate\s+{boilerplate}\b", table), table
    assert "removed: duplicate" in table


def test_progress_bar_and_summary_on_a_terminal(tmp_path: Path) -> None:
    generate_pages(tmp_path / "in", 12)
    master, terminal = pty.openpty()
    env = subprocess_env() | {"TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    process = subprocess.Popen(
        [console_script(), "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out.jsonl")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    screen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        screen += chunk
    assert process.wait(timeout=300) == 0
    os.close(master)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.decode("utf-8", errors="replace"))
    assert re.search(r"cleaning .* \d+/12 [\d.]+ docs/s \d+ left \d+:\d\d:\d\d", shown), shown
    assert re.search(r"documents cleaned\s+12\b", shown), shown
