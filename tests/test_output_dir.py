"""--output-dir: one file per document, inside the directory whatever the inputs are called."""

from __future__ import annotations

import json
import os
from pathlib import Path

from batch_support import CASE_PAGES, SEED, Response, run_cli, write_warc
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.records import document_id
from dedupe_news.sinks import DIRECTORY_SETTINGS as SETTINGS
from dedupe_news.sinks import output_name

HOSTILE_FILE_NAMES = [
    "a b;rm -rf ~.html",
    "..%2F..%2Fescape.html",
    ".hidden.html",
    "...html",
    "ünïcødé – Nachricht.html",
    "x" * 240 + ".html",
    "new\nline.html",
    "back\\slash.html",
    "$(whoami)`id`.html",
    "-.html",
]
HOSTILE_URIS = [
    "https://evil.example/../../../etc/passwd",
    "https://x.example/%2e%2e/%2e%2e/y?q=../../z#..",
    "https://long.example/" + "a/" * 1500,
    "https://例え.jp/ニュース/記事",
    "http://x.example/\\..\\..\\windows",
]
# Responses that are not HTTP responses are not pages: skipped, and named nowhere.
NOT_HTTP_URIS = ["file:///etc/shadow", "../../relative/uri"]


def _tree(root: Path) -> set[Path]:
    return set(root.rglob("*"))


def _documents(root: Path) -> list[Path]:
    """The files of the documents, without the record of the settings (for --resume)."""
    return sorted(p for p in root.iterdir() if p.name != SETTINGS)


def test_hostile_names_stay_inside_the_directory(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    html = CASE_PAGES[0].read_bytes()
    for name in HOSTILE_FILE_NAMES:
        (inputs / name).write_bytes(html)
    archive = inputs / "crawl.warc.gz"
    write_warc(archive, [Response(uri, html) for uri in HOSTILE_URIS + NOT_HTTP_URIS])
    arguments = [
        str(inputs / "sub" / ".." / HOSTILE_FILE_NAMES[0]),  # ../ in the path as given
        str((inputs / HOSTILE_FILE_NAMES[1]).resolve()),  # absolute
        *(str(inputs / name) for name in HOSTILE_FILE_NAMES[2:]),
        str(archive),
    ]
    out = tmp_path / "out"
    before = _tree(tmp_path)
    done = run_cli("clean", *arguments, "--output-dir", out, "--format", "json")
    assert done.returncode == 0, done.stderr
    written = _tree(tmp_path) - before - {out, out / SETTINGS}
    assert all(path.parent == out for path in written), sorted(written)
    assert len(written) == len(HOSTILE_FILE_NAMES) + len(HOSTILE_URIS)
    assert all(path.is_file() and not path.is_symlink() for path in written)
    records = [json.loads(path.read_text(encoding="utf-8")) for path in written]
    file_sources = sorted(r["source"] for r in records if "#" not in r["source"])
    assert file_sources == sorted(arguments[:-1])
    assert sorted(r["url"] for r in records if "#" in r["source"]) == sorted(HOSTILE_URIS)


def test_formats_and_names(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("clean", SEED, CASE_PAGES[0], "--output-dir", out, "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    seed_name = output_name(str(SEED), document_id(str(SEED)), ".md")
    assert seed_name.endswith(
        f"fixtures_seed_000_f3ea3e044085c9d1.{document_id(str(SEED))[:16]}.md"
    )
    single = run_cli("clean", SEED, "--format", "markdown")
    assert (out / seed_name).read_text(encoding="utf-8") == single.stdout
    assert len(_documents(out)) == 2
    text = tmp_path / "text"
    assert run_cli("clean", SEED, "--output-dir", text).returncode == 0
    (only,) = _documents(text)
    assert only.suffix == ".txt"
    assert only.read_text(encoding="utf-8") == run_cli("clean", SEED).stdout


def test_resume_skips_documents_already_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cli("clean", SEED, "--output-dir", out)
    assert first.returncode == 0, first.stderr
    (written,) = _documents(out)
    stamp = written.stat().st_mtime_ns
    os.utime(written, ns=(stamp - 10**9, stamp - 10**9))
    again = run_cli("clean", SEED, CASE_PAGES[0], "--output-dir", out, "--resume", "--summary")
    assert again.returncode == 0, again.stderr
    assert written.stat().st_mtime_ns == stamp - 10**9, "a finished document is not rewritten"
    assert len(_documents(out)) == 2
    assert "skipped (already done)" in again.stderr


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=400), st.text(alphabet="0123456789abcdef", min_size=32, max_size=32))
def test_output_names_are_one_plain_component(hint: str, doc_id: str) -> None:
    root = Path("/srv/out")
    name = output_name(hint, doc_id, ".json")
    assert name not in {"", ".", ".."}
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith((".", "-"))
    assert len(name.encode("utf-8")) <= 255
    assert (root / name).parent == root
    assert name.endswith(f".{doc_id[:16]}.json")
