"""The SQLite corpus index: runs deduplicated against earlier runs, crash safety, CLI."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dedupe_news.config import Config
from dedupe_news.corpus import SYNDICATED_RULE, Corpus
from dedupe_news.corpus_index import CorpusIndexError, IndexSettings, open_index
from dedupe_news.result import Result
from tests.corpus_docs import document, paragraph

SETTINGS = IndexSettings(Config().num_perm, Config().shingle_size)
BATCH = 50
# Adds batches of BATCH paragraphs forever, printing after each commit.
WRITER = f"""
import random, sys
from dedupe_news.corpus_index import IndexSettings, IndexedDocument, IndexedParagraph, open_index
from dedupe_news.fingerprint import fingerprinter_for
from tests.corpus_docs import paragraph
index = open_index(sys.argv[1], IndexSettings(128, 2))
rng = random.Random(0)
batch = 0
while True:
    name = f"doc-{{batch}}"
    texts = [paragraph(rng) for _ in range({BATCH})]
    shingles = [frozenset(hash(w) & 0xFFFFFFFF for w in t.split()) for t in texts]
    signatures = fingerprinter_for(128).signatures(shingles)
    paragraphs = [IndexedParagraph(name, i, "h", t, False) for i, t in enumerate(texts)]
    index.add([IndexedDocument(name, name, "h", None)], paragraphs, signatures)
    batch += 1
    print(batch, flush=True)
"""


def _week(rng: random.Random, day: int) -> list[Result]:
    return [
        document(
            [paragraph(rng), paragraph(rng)],
            url=f"https://site{i}.example/{day}/{i}",
            date=f"2024-05-{day:02d}",
        )
        for i in range(4)
    ]


def test_a_later_run_removes_copies_of_paragraphs_an_earlier_run_kept(tmp_path: Path) -> None:
    location = str(tmp_path / "corpus.sqlite")
    rng = random.Random(3)
    last_week = _week(rng, 1)
    with_index = open_index(location, SETTINGS)
    Corpus(index=with_index).deduplicate(last_week)
    with_index.close()

    copied = last_week[2].paragraphs[1]
    today = [document([copied, paragraph(rng)], url="https://late.example/x", date="2024-01-01")]
    reopened = open_index(location, SETTINGS)
    (result,) = Corpus(index=reopened).deduplicate(today)
    (removal,) = result.to_record()["removed"]
    assert removal["rule"] == SYNDICATED_RULE
    # Earlier runs come first even when this document claims an earlier date.
    assert removal["duplicate_of_document"] == last_week[2].metadata.url
    assert removal["duplicate_of_index"] == 1
    stats = reopened.stats()
    assert (stats.documents, stats.paragraphs, stats.hosts) == (5, 9, 5)
    reopened.close()


def test_running_the_same_documents_again_removes_nothing_new(tmp_path: Path) -> None:
    index = open_index(str(tmp_path / "corpus.sqlite"), SETTINGS)
    docs = _week(random.Random(4), 2)
    first = Corpus(index=index).deduplicate(docs)
    again = Corpus(index=index).deduplicate(docs)
    assert again == first
    assert index.stats().paragraphs == 8
    index.close()


def test_an_index_built_with_other_settings_is_refused(tmp_path: Path) -> None:
    location = str(tmp_path / "corpus.sqlite")
    open_index(location, SETTINGS).close()
    with pytest.raises(CorpusIndexError, match="built with"):
        open_index(location, IndexSettings(64, 2))
    with pytest.raises(CorpusIndexError, match="no index"):
        open_index(str(tmp_path / "missing.sqlite"))


def test_an_index_survives_a_kill_in_the_middle_of_writing(tmp_path: Path) -> None:
    location = str(tmp_path / "corpus.sqlite")
    root = Path(__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, location], stdout=subprocess.PIPE, text=True, env=env
    )
    assert writer.stdout is not None
    for _ in range(5):
        assert writer.stdout.readline(), "the writer stopped before it was killed"
    # Killed while it computes or writes the next batches.
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL

    with sqlite3.connect(location) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        paragraphs = db.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
        documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        bands = db.execute("SELECT COUNT(*) FROM bands").fetchone()[0]
    assert documents >= 5
    assert paragraphs == documents * BATCH, "a batch was stored in part"
    assert bands == paragraphs * SETTINGS.bands[0]
    index = open_index(location)
    assert index.stats().paragraphs == paragraphs
    Corpus(index=index).deduplicate(_week(random.Random(5), 3))
    assert index.stats().paragraphs == paragraphs + 8
    index.close()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "dedupe-news"), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)


def test_index_commands(tmp_path: Path) -> None:
    rng = random.Random(6)
    site = tmp_path / "crawl" / "site-a"
    site.mkdir(parents=True)
    shared = paragraph(rng)
    for i in range(2):
        (site / f"{i}.txt").write_text(f"{paragraph(rng)}\n\n{shared}\n", encoding="utf-8")
    cleaned = _cli("clean", "crawl", "--index", "corpus.sqlite", "-o", "out.jsonl", cwd=tmp_path)
    assert cleaned.returncode == 0, cleaned.stderr
    stats = _cli("index", "stats", "corpus.sqlite", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert "documents   2" in stats.stdout
    assert "paragraphs  3" in stats.stdout
    assert "hosts       1" in stats.stdout
    cleared = _cli("index", "clear", "corpus.sqlite", "--yes", cwd=tmp_path)
    assert cleared.returncode == 0
    assert "paragraphs  0" in _cli("index", "stats", "corpus.sqlite", cwd=tmp_path).stdout
    missing = _cli("index", "stats", "nothing.sqlite", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr == "dedupe-news: error: nothing.sqlite: no index there\n"
