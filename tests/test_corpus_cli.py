"""Corpus mode through the real command: the same records whatever the input order or workers."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.corpus_docs import paragraph

CLI = Path(sys.executable).parent / "dedupe-news"


def _write_crawl(root: Path) -> list[Path]:
    """Two sites: a footer on every page of one, a wire story on both."""
    rng = random.Random(11)
    footer = paragraph(rng)
    wire = [paragraph(rng) for _ in range(2)]
    files = []
    for site in ("metro-daily", "coast-herald"):
        for page in range(4):
            body = [paragraph(rng) for _ in range(3)]
            if page == 1:
                body += wire
            if site == "metro-daily":
                body.append(footer)
            path = root / site / f"story-{page}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n\n".join([f"Story {page} of {site}", *body]) + "\n")
            files.append(path)
    return files


def _run(files: list[Path], tmp_path: Path, workers: int, name: str) -> dict[str, Any]:
    listing = tmp_path / f"{name}.list"
    listing.write_text("".join(f"{f}\n" for f in files))
    output = tmp_path / f"{name}.jsonl"
    done = subprocess.run(
        [
            *(str(CLI), "clean", "--from-file", str(listing), "--corpus"),
            *("--workers", str(workers), "-o", str(output)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert [r["source"] for r in records] == [str(f) for f in files]  # input order
    return {r["source"]: r for r in records}


def test_corpus_records_do_not_depend_on_order_or_workers(tmp_path: Path) -> None:
    files = _write_crawl(tmp_path / "crawl")
    shuffled = files[:]
    random.Random(3).shuffle(shuffled)
    one = _run(files, tmp_path, 1, "one")
    two = _run(shuffled, tmp_path, 2, "two")
    backwards = _run(files[::-1], tmp_path, 2, "backwards")
    assert one == two == backwards
    rules = [removed["rule"] for r in one.values() for removed in r["removed"]]
    # The footer goes from all four pages of its site; one copy of each wire paragraph goes.
    assert rules.count("site-recurring") == 4
    assert rules.count("syndicated") == 2


def test_resume_is_refused_in_corpus_mode(tmp_path: Path) -> None:
    files = _write_crawl(tmp_path / "crawl")
    done = subprocess.run(
        [str(CLI), "clean", *map(str, files), "--corpus", "--resume", "-o", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "cannot resume a corpus run" in done.stderr
