"""The Redis corpus index, shared by real dedupe-news processes and a real redis-server."""

from __future__ import annotations

import json
import random
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.corpus_docs import paragraph

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None,
    reason="redis-server is not installed (make test installs it with apt-get where it can)",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    assert REDIS_SERVER is not None
    port = _free_port()
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


def _dedupe_news(*args: str, cwd: Path) -> subprocess.Popen[str]:
    command = [str(Path(sys.executable).parent / "dedupe-news"), *args]
    return subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _records(process: subprocess.Popen[str]) -> list[dict[str, Any]]:
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    return [json.loads(line) for line in stdout.splitlines()]


def _write_site(root: Path, host: str, pages: list[list[str]]) -> None:
    folder = root / host
    folder.mkdir(parents=True)
    for number, paragraphs in enumerate(pages):
        (folder / f"{number}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def test_two_workers_share_one_index(tmp_path: Path, redis_url: str) -> None:
    rng = random.Random(21)
    wire = [paragraph(rng) for _ in range(6)]
    _write_site(tmp_path / "a", "wire", [[wire[0], wire[1]], [wire[2], paragraph(rng)]])
    _write_site(tmp_path / "b", "press", [[wire[3], wire[4]], [wire[5], paragraph(rng)]])
    # Two workers at once, each on its own part of the crawl, one shared index.
    workers = [
        _dedupe_news("clean", part, "--index", redis_url, "-f", "jsonl", cwd=tmp_path)
        for part in ("a", "b")
    ]
    first = [record for worker in workers for record in _records(worker)]
    assert all(not record["removed"] for record in first)

    # A later worker's copies of both workers' paragraphs are found.
    copied = [wire[1], wire[4].replace(wire[4].split()[2], "zzquo", 1)]
    _write_site(tmp_path / "c", "mirror", [[copied[0], paragraph(rng)], [copied[1]]])
    later = _records(_dedupe_news("clean", "c", "--index", redis_url, "-f", "jsonl", cwd=tmp_path))
    removed = {r["text"]: r for record in later for r in record["removed"]}
    assert set(removed) == set(copied)
    assert removed[copied[0]]["duplicate_of_document"] == "a/wire/0.txt"
    assert removed[copied[0]]["duplicate_of_index"] == 1
    assert removed[copied[1]]["duplicate_of_document"] == "b/press/0.txt"
    assert removed[copied[1]]["duplicate_of"] == wire[4]
    assert all(r["rule"] == "syndicated" for r in removed.values())


def test_concurrent_workers_never_lose_a_paragraph(tmp_path: Path, redis_url: str) -> None:
    rng = random.Random(22)
    story = [paragraph(rng) for _ in range(20)]
    # Both workers see the same syndicated story on their own site at the same time.
    for part, host in (("a", "one"), ("b", "two")):
        pages = [[story[i], paragraph(rng)] for i in range(0, 20, 2)]
        _write_site(tmp_path / part, host, pages)
    workers = [
        _dedupe_news("clean", part, "--index", redis_url, "-f", "jsonl", cwd=tmp_path)
        for part in ("a", "b")
    ]
    records = [record for worker in workers for record in _records(worker)]
    kept = {text for record in records for text in record["paragraphs"]}
    assert set(story[0:20:2]) <= kept
    for record in records:
        for removal in record["removed"]:
            assert removal["duplicate_of"] in kept


def test_index_commands_on_redis(tmp_path: Path, redis_url: str) -> None:
    rng = random.Random(23)
    _write_site(tmp_path, "site", [[paragraph(rng)], [paragraph(rng), paragraph(rng)]])
    cleaned = _dedupe_news("clean", "site", "--index", redis_url, "-o", "out.jsonl", cwd=tmp_path)
    cleaned.communicate(timeout=120)
    assert cleaned.returncode == 0
    stats = _dedupe_news("index", "stats", redis_url, cwd=tmp_path).communicate(timeout=60)[0]
    assert "documents   2" in stats
    assert "paragraphs  3" in stats
    assert "Redis used_memory" in stats
    cleared = _dedupe_news("index", "clear", redis_url, "--yes", cwd=tmp_path).communicate(
        timeout=60
    )[0]
    assert cleared == f"cleared {redis_url}\n"
    after = _dedupe_news("index", "stats", redis_url, cwd=tmp_path).communicate(timeout=60)[0]
    assert "paragraphs  0" in after


def test_an_unreachable_redis_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(paragraph(random.Random(1)) + "\n", encoding="utf-8")
    url = f"redis://127.0.0.1:{_free_port()}/0"
    process = _dedupe_news("clean", "page.txt", "--index", url, cwd=tmp_path)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.startswith(f"dedupe-news: error: {url}: cannot use Redis")
    assert stderr.count("\n") == 1
