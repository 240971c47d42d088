"""Corpus mode at scale: cross-document recall, false removals, time and memory.

Usage::

    python benchmarks/corpus.py [DATASET] [--documents 5000] [--stored 1000000] [--seed 0]

Paragraphs are written by ``news_text.NewsWriter``, a word-bigram chain
learnt from the AEB ground truth (DATASET, default ``../shared/data/aeb``).

1. A seeded crawl of ``--documents`` text files (20 paragraphs each, 50
   hosts, one folder per host) with such paragraphs, a footer that
   every page of a host repeats, and one syndicated copy per document (of a
   paragraph of another document, 80% on another host; half exact, half
   lightly edited). ``dedupe-news clean crawl --index corpus.sqlite`` runs in
   a subprocess; its wall time and peak RSS are reported with the
   cross-document recall per kind and the false removals of distinct
   paragraphs.
2. An index of ``--stored`` paragraphs is built, then a subprocess
   ``dedupe-news clean`` queries it with 1,000 paragraphs (half of them
   copies of stored ones); its peak RSS, time and recall are reported.

Nothing touches the network; everything is written under a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.news_text import NewsWriter, light_edit
from dedupe_news.config import Config
from dedupe_news.corpus_index import (
    IndexedDocument,
    IndexedParagraph,
    IndexSettings,
    corpus_signatures,
    open_index,
)
from dedupe_news.features import paragraph_features

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "shared" / "data" / "aeb"
HOSTS = 50
PARAGRAPHS_PER_DOCUMENT = 20
SAME_HOST_COPIES = 0.2
QUERY_DOCUMENTS = 50
BUILD_BATCH = 20_000
# Runs a command and prints its peak RSS (KiB) and wall time, so every figure
# belongs to exactly one process.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
seconds = time.perf_counter() - start
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, seconds)
"""
CLI = str(Path(sys.executable).parent / "dedupe-news")


@dataclass(frozen=True)
class Copy:
    kind: str
    original: tuple[str, str]  # (source, text)
    copy: tuple[str, str]


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float


def measure(command: list[str], cwd: Path) -> Measured:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    code, kib, seconds = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed with {code}: {done.stderr[-2000:]}")
    return Measured(float(seconds), int(kib) / 1024)


def footer(host: int, writer: NewsWriter, rng: random.Random) -> str:
    """A site's recurring paragraph: a sentence of its own, on every page."""
    return f"{writer.sentence(rng)} Edition {host}."


def write_crawl(
    root: Path, writer: NewsWriter, documents: int, seed: int
) -> tuple[list[Copy], set[tuple[str, str]]]:
    """Write the crawl; return the injected copies and the (source, text) of footers."""
    rng = random.Random(seed)
    footers = [footer(h, writer, rng) for h in range(HOSTS)]
    pages: list[tuple[str, list[str]]] = []
    for number in range(documents):
        host = number % HOSTS
        body = [writer.distinct_paragraph(rng) for _ in range(PARAGRAPHS_PER_DOCUMENT - 1)]
        pages.append((f"crawl/host-{host:02d}/{number:05d}.txt", [*body, footers[host]]))
    copies: list[Copy] = []
    used: set[tuple[int, int]] = set()
    for number, (source, paragraphs) in enumerate(pages):
        while True:
            other = rng.randrange(documents)
            same_host = other % HOSTS == number % HOSTS
            if other != number and same_host == (rng.random() < SAME_HOST_COPIES):
                slot = rng.randrange(1, PARAGRAPHS_PER_DOCUMENT - 1)
                if (other, slot) not in used:
                    break
        used.add((other, slot))
        original = pages[other][1][slot]
        kind = "exact" if rng.random() < 0.5 else "lightly edited"
        text = original if kind == "exact" else light_edit(original, rng)
        paragraphs[0] = text
        used.add((number, 0))
        copies.append(Copy(kind, (pages[other][0], original), (source, text)))
    for source, paragraphs in pages:
        path = root / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            writer.headline(rng) + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
    return copies, {(s, p[-1]) for s, p in pages}


def read_removals(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    removals = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for removal in record["removed"]:
                removals[(record["source"], removal["text"])] = removal
    return removals


def score(
    copies: list[Copy], removals: dict[tuple[str, str], dict[str, Any]]
) -> dict[str, tuple[int, int]]:
    """Found / injected per kind: one of the pair removed, naming the other."""
    found: dict[str, tuple[int, int]] = {}
    for copy in copies:
        hit = False
        for removed, kept in ((copy.copy, copy.original), (copy.original, copy.copy)):
            removal = removals.get(removed)
            if removal and removal["rule"] == "syndicated":
                hit = hit or removal["duplicate_of_document"] == kept[0]
        good, total = found.get(copy.kind, (0, 0))
        found[copy.kind] = (good + hit, total + 1)
    return found


def false_removals(
    removals: dict[tuple[str, str], dict[str, Any]],
    copies: list[Copy],
    footers: set[tuple[str, str]],
) -> int:
    """Corpus removals of paragraphs that are neither an injected pair nor a footer."""
    involved = {c.copy for c in copies} | {c.original for c in copies} | footers
    corpus_rules = {"syndicated", "site-recurring"}
    return sum(
        1 for key, r in removals.items() if r["rule"] in corpus_rules and key not in involved
    )


def build_index(
    location: Path, writer: NewsWriter, stored: int, seed: int
) -> tuple[list[str], float]:
    """Store ``stored`` fresh paragraphs; return a sample of them and the build time."""
    config = Config()
    settings = IndexSettings(config.num_perm, config.shingle_size)
    index = open_index(str(location), settings)
    rng = random.Random(seed + 1)
    sample: list[str] = []
    start = time.perf_counter()
    for first in range(0, stored, BUILD_BATCH):
        texts = [writer.paragraph(rng) for _ in range(min(BUILD_BATCH, stored - first))]
        shingles = [paragraph_features(t, config.shingle_size).shingles for t in texts]
        signatures = corpus_signatures(shingles, config.num_perm)
        documents: dict[str, IndexedDocument] = {}
        paragraphs = []
        for offset, text in enumerate(texts):
            number = (first + offset) // PARAGRAPHS_PER_DOCUMENT
            name = f"stored/host-{number % 500:03d}/{number:07d}.txt"
            host = f"stored/host-{number % 500:03d}"
            documents.setdefault(name, IndexedDocument(name, name, host, None))
            paragraphs.append(
                IndexedParagraph(name, offset % PARAGRAPHS_PER_DOCUMENT, host, text, False)
            )
        index.add(list(documents.values()), paragraphs, signatures)
        # About twice the queries' need, spread over the whole index.
        wanted = -(-2 * QUERY_DOCUMENTS * PARAGRAPHS_PER_DOCUMENT * len(texts) // stored)
        sample.extend(rng.sample(texts, min(len(texts), wanted)))
    seconds = time.perf_counter() - start
    index.close()
    return sample, seconds


def write_queries(root: Path, writer: NewsWriter, sample: list[str], seed: int) -> list[Copy]:
    rng = random.Random(seed + 2)
    copies: list[Copy] = []
    originals = rng.sample(sample, QUERY_DOCUMENTS * PARAGRAPHS_PER_DOCUMENT // 2)
    for number in range(QUERY_DOCUMENTS):
        source = f"queries/site/{number:03d}.txt"
        paragraphs = [writer.paragraph(rng) for _ in range(PARAGRAPHS_PER_DOCUMENT // 2)]
        for original in originals[number::QUERY_DOCUMENTS]:
            kind = "exact" if rng.random() < 0.5 else "lightly edited"
            text = original if kind == "exact" else light_edit(original, rng)
            paragraphs.append(text)
            copies.append(Copy(kind, ("stored", original), (source, text)))
        rng.shuffle(paragraphs)
        path = root / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            writer.headline(rng) + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
    return copies


def stored_recall(
    copies: list[Copy], removals: dict[tuple[str, str], dict[str, Any]]
) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for copy in copies:
        removal = removals.get(copy.copy)
        hit = bool(
            removal
            and removal["rule"] == "syndicated"
            and removal["duplicate_of"] == copy.original[1]
        )
        good, total = found.get(copy.kind, (0, 0))
        found[copy.kind] = (good + hit, total + 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the files here")
    args = parser.parse_args()
    console = Console()
    writer = NewsWriter.from_folder(args.dataset / "ground_truth")
    with tempfile.TemporaryDirectory() as temporary:
        root = args.workdir or Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        copies, footers = write_crawl(root, writer, args.documents, args.seed)
        run = measure(
            [CLI, "clean", "crawl", "--index", "corpus.sqlite", "-o", "crawl.jsonl"], root
        )
        removals = read_removals(root / "crawl.jsonl")
        recall = score(copies, removals)
        footers_removed = sum(1 for f in footers if f in removals)
        false = false_removals(removals, copies, footers)

        sample, build_seconds = build_index(root / "stored.sqlite", writer, args.stored, args.seed)
        query_copies = write_queries(root, writer, sample, args.seed)
        query = measure(
            [CLI, "clean", "queries", "--index", "stored.sqlite", "-o", "queries.jsonl"], root
        )
        query_removals = read_removals(root / "queries.jsonl")
        query_recall = stored_recall(query_copies, query_removals)
        distinct = {c.copy for c in query_copies}
        query_false = sum(1 for key in query_removals if key not in distinct)
        stored_bytes = sum(p.stat().st_size for p in root.glob("stored.sqlite*"))

    paragraphs = args.documents * PARAGRAPHS_PER_DOCUMENT
    table = Table(title=f"Corpus mode, seed {args.seed}")
    table.add_column("figure")
    table.add_column("measured", justify="right")
    table.add_column("target")
    table.add_row(
        f"crawl: {paragraphs:,} paragraphs, {args.documents:,} documents, {HOSTS} hosts",
        f"{run.seconds:.0f} s, peak RSS {run.peak_mb:.0f} MB",
        "finishes",
    )
    for kind, (good, total) in sorted(recall.items()):
        ok = "ok" if good / total >= 0.95 else "MISS"
        table.add_row(
            f"cross-document recall, {kind} copies",
            f"{good / total:.3f} ({good:,}/{total:,})",
            f">= 0.95 {ok}",
        )
    table.add_row("site footers removed", f"{footers_removed / len(footers):.3f}", "")
    table.add_row(
        "false removals of distinct paragraphs", f"{false}", "0 " + ("ok" if false == 0 else "MISS")
    )
    table.add_row(
        f"index of {args.stored:,} stored paragraphs: build time, size on disk",
        f"{build_seconds:.0f} s, {stored_bytes / 1e9:.2f} GB",
        "",
    )
    ok = "ok" if query.peak_mb < 1536 else "MISS"
    table.add_row(
        f"query it: dedupe-news clean, {QUERY_DOCUMENTS * PARAGRAPHS_PER_DOCUMENT:,} paragraphs",
        f"{query.seconds:.1f} s, peak RSS {query.peak_mb:.0f} MB",
        f"< 1.5 GB {ok}",
    )
    for kind, (good, total) in sorted(query_recall.items()):
        table.add_row(
            f"  recall of stored copies, {kind}", f"{good / total:.3f} ({good}/{total})", ""
        )
    table.add_row(
        "  false removals", f"{query_false}", "0 " + ("ok" if query_false == 0 else "MISS")
    )
    console.print(table)


if __name__ == "__main__":
    main()
