"""Speed and memory of dedupe-news against bare trafilatura and datasketch.

Usage::

    python benchmarks/speed.py [DATASET] [--limit N] [--repeat N] [--runs N]
        [--only extraction|fingerprint|batch|memory ...] [--json PATH]

DATASET (default ``../shared/data/aeb`` next to the repository) holds
``html/<id>.html`` and ``ground_truth/<id>.txt``. Four figures, each with its
target:

1. Per-page time of the full pipeline (``clean_html``) against bare
   ``trafilatura.extract`` with the pipeline's extraction options (metadata
   included, as the pipeline extracts it too), and, for information, against
   ``trafilatura.extract`` without metadata. The variants run on each page in
   turn, interleaved in alternating order, so machine noise hits all alike;
   every measurement is repeated and the per-page minimum kept.
2. MinHash fingerprinting of every ground-truth paragraph, both sides from
   the same texts with tokenising inside the clock: the project's tokeniser,
   shingle tuples and datasketch's ``MinHash.bulk``, against the project's
   ``Fingerprinter.signatures_of_texts``. For information also datasketch
   from ready shingle tuples and the project from ready token hashes. The
   hash values must be identical for every paragraph.
3. Batch throughput with one and two worker processes.
4. Peak resident memory of ``dedupe-news clean`` over every page.

Everything runs in this one process (the batch workers and the command line
aside) and nothing touches the network.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import trafilatura
from datasketch import MinHash
from rich import box
from rich.console import Console
from rich.table import Table

from dedupe_news import Config, Result, clean_file, clean_html
from dedupe_news.features import tokenise
from dedupe_news.fingerprint import fingerprinter_for, shingle_hash
from dedupe_news.token_arrays import token_hashes

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "shared" / "data" / "aeb"
NUM_PERM = 128
SEED = 1
SHINGLE_SIZE = 2
FINGERPRINT_RUNS = 5
BATCH_CHUNKSIZE = 8
BATCH_WORKERS = (1, 2)
BATCH_ROUNDS = 2
WARMUP_PAGES = 3
_BLANK_LINES = re.compile(r"\n\s*\n")

# Targets.
MAX_PIPELINE_RATIO = 1.10
MIN_FINGERPRINT_SPEEDUP = 10.0
MIN_WORKER_SPEEDUP = 1.7
MAX_PEAK_RSS_MB = 300.0

# Runs the command line as its only child, so RUSAGE_CHILDREN is that child alone
# (and not this benchmark's own batch workers).
_RSS_PROBE = """\
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.buffer.write(done.stderr[-2000:])
print(done.returncode, usage.ru_maxrss, seconds)
"""


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True, slots=True)
class Spread:
    """Median and 10th/90th percentiles of a sample."""

    median: float
    p10: float
    p90: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            return cls(math.nan, math.nan, math.nan)
        p10, median, p90 = np.percentile(np.asarray(values, dtype=np.float64), [10, 50, 90])
        return cls(float(median), float(p10), float(p90))


@dataclass(frozen=True, slots=True)
class PageTiming:
    """Best-of-``repeat`` seconds of each variant on one page."""

    page: str
    extract: float
    pipeline: float
    extract_no_metadata: float
    paragraphs: int


@dataclass(frozen=True, slots=True)
class ExtractionFigures:
    pages: int
    failed_pages: list[str]
    repeat: int
    extract_ms: Spread
    pipeline_ms: Spread
    extract_no_metadata_ms: Spread
    ratio_per_page: Spread
    ratio_of_totals: float
    ratio_no_metadata_per_page: Spread
    ratio_no_metadata_of_totals: float
    timings: list[PageTiming]


@dataclass(frozen=True, slots=True)
class FingerprintFigures:
    paragraphs: int
    shingles: int
    runs: int
    datasketch_seconds: list[float]
    project_seconds: list[float]
    datasketch_from_shingles_seconds: list[float]
    signatures_only_seconds: list[float]
    datasketch_median: float
    project_median: float
    datasketch_from_shingles_median: float
    signatures_only_median: float
    speedup: float
    speedup_vs_shingles: float
    identical: int
    mismatched: list[int]


@dataclass(frozen=True, slots=True)
class BatchRun:
    workers: int
    seconds: float
    docs_per_second: float
    paragraphs: int


@dataclass(frozen=True, slots=True)
class BatchFigures:
    documents: int
    chunksize: int
    runs: list[BatchRun]
    best_docs_per_second: dict[int, float]
    speedup: float


@dataclass(frozen=True, slots=True)
class MemoryFigures:
    documents: int
    exit_code: int
    peak_rss_kib: int
    peak_rss_mb: float
    seconds: float


# --------------------------------------------------------------------------- dataset


def html_pages(dataset: Path, limit: int | None) -> list[Path]:
    pages = sorted((dataset / "html").glob("*.html"))
    if not pages:
        raise SystemExit(f"speed.py: no html/*.html under {dataset}")
    return pages[:limit] if limit is not None else pages


def truth_paragraphs(dataset: Path, pages: Sequence[Path]) -> list[str]:
    """Every non-empty ground-truth paragraph of the pages, split on blank lines."""
    paragraphs: list[str] = []
    for page in pages:
        truth = dataset / "ground_truth" / f"{page.stem}.txt"
        if truth.is_file():
            parts = _BLANK_LINES.split(truth.read_text("utf-8"))
            paragraphs.extend(p.strip() for p in parts if p.strip())
    return paragraphs


def _seconds(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


# --------------------------------------------------------------------------- 1. extraction


def _variants(config: Config) -> list[Callable[[bytes], object]]:
    """extract with metadata, the pipeline, extract without metadata."""

    def extract(with_metadata: bool) -> Callable[[bytes], object]:
        def run(html: bytes) -> object:
            return trafilatura.extract(
                html,
                include_comments=config.include_comments,
                favor_precision=config.favor_precision,
                include_tables=config.include_tables,
                with_metadata=with_metadata,
                deduplicate=False,
            )

        return run

    def pipeline(html: bytes) -> object:
        return clean_html(html, config)

    return [extract(True), pipeline, extract(False)]


def _time_page(
    name: str, html: bytes, variants: Sequence[Callable[[bytes], object]], repeat: int, turn: int
) -> PageTiming | None:
    """Best time of each variant; the order flips every measurement round."""
    best = [math.inf] * len(variants)
    paragraphs = 0
    for round_ in range(repeat):
        order = list(range(len(variants)))
        if (turn + round_) % 2:
            order.reverse()  # A B C, then C B A: every pair runs in both orders
        for index in order:
            start = time.perf_counter()
            try:
                output = variants[index](html)
            except ValueError:  # the pipeline found no main text
                return None
            best[index] = min(best[index], time.perf_counter() - start)
            if isinstance(output, Result):
                paragraphs = len(output.paragraphs)
    return PageTiming(name, best[0], best[1], best[2], paragraphs)


def bench_extraction(pages: Sequence[Path], repeat: int, err: Console) -> ExtractionFigures:
    variants = _variants(Config())
    for page in pages[:WARMUP_PAGES]:  # lazy imports and caches, outside the timings
        html = page.read_bytes()
        for variant in variants:
            with contextlib.suppress(ValueError):
                variant(html)
    timings: list[PageTiming] = []
    failed: list[str] = []
    for turn, page in enumerate(pages):
        if turn % 20 == 0:
            err.print(f"  page {turn + 1}/{len(pages)}")
        timing = _time_page(page.stem, page.read_bytes(), variants, repeat, turn)
        if timing is None:
            failed.append(page.stem)
        else:
            timings.append(timing)
    extract = [t.extract for t in timings]
    pipeline = [t.pipeline for t in timings]
    no_meta = [t.extract_no_metadata for t in timings]
    return ExtractionFigures(
        pages=len(timings),
        failed_pages=failed,
        repeat=repeat,
        extract_ms=Spread.of([s * 1e3 for s in extract]),
        pipeline_ms=Spread.of([s * 1e3 for s in pipeline]),
        extract_no_metadata_ms=Spread.of([s * 1e3 for s in no_meta]),
        ratio_per_page=Spread.of([p / e for p, e in zip(pipeline, extract, strict=True)]),
        ratio_of_totals=sum(pipeline) / sum(extract) if timings else math.nan,
        ratio_no_metadata_per_page=Spread.of(
            [p / e for p, e in zip(pipeline, no_meta, strict=True)]
        ),
        ratio_no_metadata_of_totals=sum(pipeline) / sum(no_meta) if timings else math.nan,
        timings=timings,
    )


# --------------------------------------------------------------------------- 2. fingerprints


def _shingle_tuples(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Word 2-grams; a shorter paragraph is one shingle of all its tokens."""
    if len(tokens) < SHINGLE_SIZE:
        return [tokens]
    return [tokens[i : i + SHINGLE_SIZE] for i in range(len(tokens) - SHINGLE_SIZE + 1)]


def datasketch_from_shingles(shingles: Sequence[list[tuple[str, ...]]]) -> list[MinHash]:
    minhashes: list[MinHash] = MinHash.bulk(
        shingles, num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=shingle_hash
    )
    return minhashes


def datasketch_signatures(texts: Sequence[str]) -> list[MinHash]:
    """From the texts: the project's tokeniser, shingle tuples, then ``MinHash.bulk``."""
    return datasketch_from_shingles([_shingle_tuples(tokenise(text)) for text in texts])


def project_signatures(texts: Sequence[str]) -> npt.NDArray[np.uint32]:
    """From the texts: what the project computes (tokenising included)."""
    return fingerprinter_for(NUM_PERM, SEED).signatures_of_texts(texts, SHINGLE_SIZE)


def bench_fingerprints(
    paragraphs: Sequence[str], runs: int = FINGERPRINT_RUNS
) -> FingerprintFigures:
    """datasketch against the project, interleaved, both from the same texts.

    Also timed, for information: datasketch from ready-made shingle tuples
    (its tokenising outside the clock) and the project's signature step alone.
    """
    texts = [text for text in paragraphs if tokenise(text)]
    shingles = [_shingle_tuples(tokenise(text)) for text in texts]
    tokens = token_hashes(texts)
    fingerprinter = fingerprinter_for(NUM_PERM, SEED)
    sides: list[Callable[[], object]] = [
        lambda: datasketch_signatures(texts),
        lambda: project_signatures(texts),
        lambda: datasketch_from_shingles(shingles),
        lambda: fingerprinter.signatures_of_token_hashes(
            tokens.hashes, tokens.offsets, SHINGLE_SIZE
        ),
    ]
    project_signatures(texts[:10])  # warm up (lookup tables, permutations)
    datasketch_signatures(texts[:10])
    seconds: list[list[float]] = [[] for _ in sides]
    for run in range(runs):
        order = range(len(sides)) if run % 2 == 0 else reversed(range(len(sides)))
        for side in order:
            seconds[side].append(_seconds(sides[side]))
    minhashes = datasketch_signatures(texts)
    rows = project_signatures(texts)
    mismatched = [
        i
        for i, (minhash, row) in enumerate(zip(minhashes, rows, strict=True))
        if not np.array_equal(minhash.hashvalues, row)
    ]
    theirs, ours, theirs_from_shingles, signatures_only = (float(np.median(s)) for s in seconds)
    return FingerprintFigures(
        paragraphs=len(texts),
        shingles=sum(len(s) for s in shingles),
        runs=runs,
        datasketch_seconds=seconds[0],
        project_seconds=seconds[1],
        datasketch_from_shingles_seconds=seconds[2],
        signatures_only_seconds=seconds[3],
        datasketch_median=theirs,
        project_median=ours,
        datasketch_from_shingles_median=theirs_from_shingles,
        signatures_only_median=signatures_only,
        speedup=theirs / ours,
        speedup_vs_shingles=theirs_from_shingles / ours,
        identical=len(texts) - len(mismatched),
        mismatched=mismatched,
    )


# --------------------------------------------------------------------------- 3. batch


def clean_one(path: str) -> int:
    """Read and clean one file; the number of kept paragraphs (0 when it fails)."""
    try:
        return len(clean_file(path, Config()).paragraphs)
    except ValueError:
        return 0


def _ready(_: int) -> None:
    return None


def _batch_run(paths: Sequence[str], workers: int) -> BatchRun:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_ready, range(workers)))  # workers started before the clock
        start = time.perf_counter()
        paragraphs = sum(pool.map(clean_one, paths, chunksize=BATCH_CHUNKSIZE))
        seconds = time.perf_counter() - start
    return BatchRun(workers, seconds, len(paths) / seconds, paragraphs)


def _batch_order() -> Iterator[int]:
    for round_ in range(BATCH_ROUNDS):
        yield from BATCH_WORKERS if round_ % 2 == 0 else reversed(BATCH_WORKERS)


def bench_batch(pages: Sequence[Path]) -> BatchFigures:
    paths = [str(p) for p in pages]
    runs = [_batch_run(paths, workers) for workers in _batch_order()]
    best = {n: max(r.docs_per_second for r in runs if r.workers == n) for n in BATCH_WORKERS}
    return BatchFigures(
        documents=len(paths),
        chunksize=BATCH_CHUNKSIZE,
        runs=runs,
        best_docs_per_second=best,
        speedup=best[BATCH_WORKERS[-1]] / best[BATCH_WORKERS[0]],
    )


# --------------------------------------------------------------------------- 4. memory


def bench_memory(pages: Sequence[Path], err: Console) -> MemoryFigures:
    cli = Path(sys.executable).with_name("dedupe-news")
    if not cli.exists():
        raise SystemExit(f"speed.py: {cli} not found (pip install -e . first)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.jsonl"
        command = [str(cli), "clean", *(str(p) for p in pages), "-o", str(out)]
        probe = subprocess.run(
            [sys.executable, "-c", _RSS_PROBE, *command], capture_output=True, text=True
        )
    if probe.returncode != 0 or not probe.stdout.strip():
        raise SystemExit(f"speed.py: memory probe failed: {probe.stderr.strip()}")
    code, kib, seconds = probe.stdout.split()
    if int(code) not in (0, 1):  # 1: some inputs failed, reported on stderr
        err.print(probe.stderr.strip(), markup=False)
    return MemoryFigures(
        documents=len(pages),
        exit_code=int(code),
        peak_rss_kib=int(kib),
        peak_rss_mb=int(kib) * 1024 / 1e6,
        seconds=float(seconds),
    )


# --------------------------------------------------------------------------- report


def _status(ok: bool) -> str:
    return "ok" if ok else "MISS"


def _spread(spread: Spread, unit: str = "", digits: int = 2) -> str:
    return f"{spread.p10:.{digits}f}{unit} - {spread.p90:.{digits}f}{unit}"


def _extraction_rows(table: Table, e: ExtractionFigures) -> None:
    for label, spread in (
        ("extract, with metadata (ms/page)", e.extract_ms),
        ("extract, no metadata (ms/page)", e.extract_no_metadata_ms),
        ("pipeline clean_html (ms/page)", e.pipeline_ms),
    ):
        table.add_row(label, f"{spread.median:.2f}", _spread(spread), "", "")
    table.add_row(
        "pipeline / extract, median per page",
        f"{e.ratio_per_page.median:.3f}",
        _spread(e.ratio_per_page, digits=3),
        f"<= {MAX_PIPELINE_RATIO:.2f}",
        _status(e.ratio_per_page.median <= MAX_PIPELINE_RATIO),
    )
    table.add_row("pipeline / extract, of totals", f"{e.ratio_of_totals:.3f}", "", "", "")
    table.add_row(
        "pipeline / extract no metadata, per page",
        f"{e.ratio_no_metadata_per_page.median:.3f}",
        _spread(e.ratio_no_metadata_per_page, digits=3),
        "(info)",
        "",
    )
    table.add_row(
        "pipeline / extract no metadata, of totals",
        f"{e.ratio_no_metadata_of_totals:.3f}",
        "",
        "(info)",
        "",
    )


def _range_ms(seconds: Sequence[float]) -> str:
    return f"{min(seconds) * 1e3:.1f} - {max(seconds) * 1e3:.1f}"


def _fingerprint_rows(table: Table, f: FingerprintFigures) -> None:
    for label, median, seconds, note in (
        ("datasketch, from texts (ms)", f.datasketch_median, f.datasketch_seconds, ""),
        ("project, from texts (ms)", f.project_median, f.project_seconds, ""),
        (
            "datasketch, from ready shingle tuples (ms)",
            f.datasketch_from_shingles_median,
            f.datasketch_from_shingles_seconds,
            "(info)",
        ),
        (
            "project, from ready token hashes (ms)",
            f.signatures_only_median,
            f.signatures_only_seconds,
            "(info)",
        ),
    ):
        table.add_row(label, f"{median * 1e3:.1f}", _range_ms(seconds), note, "")
    table.add_row(
        "fingerprinting speed-up vs datasketch, both from texts",
        f"{f.speedup:.1f}x",
        "",
        f">= {MIN_FINGERPRINT_SPEEDUP:.0f}x",
        _status(f.speedup >= MIN_FINGERPRINT_SPEEDUP),
    )
    table.add_row(
        "  vs datasketch from ready shingle tuples",
        f"{f.speedup_vs_shingles:.1f}x",
        "",
        "(info)",
        "",
    )
    table.add_row(
        "identical hash values (paragraphs)",
        f"{f.identical}/{f.paragraphs}",
        "",
        "all",
        _status(not f.mismatched),
    )


def _batch_rows(table: Table, b: BatchFigures) -> None:
    for workers in BATCH_WORKERS:
        times = [r.docs_per_second for r in b.runs if r.workers == workers]
        table.add_row(
            f"batch, {workers} worker{'s' if workers > 1 else ''} (docs/s, best)",
            f"{b.best_docs_per_second[workers]:.1f}",
            " / ".join(f"{t:.1f}" for t in times),
            "",
            "",
        )
    table.add_row(
        f"{BATCH_WORKERS[-1]} workers / {BATCH_WORKERS[0]} worker",
        f"{b.speedup:.2f}x",
        "",
        f">= {MIN_WORKER_SPEEDUP:.1f}x",
        _status(b.speedup >= MIN_WORKER_SPEEDUP),
    )


def _memory_rows(table: Table, memory: MemoryFigures) -> None:
    table.add_row(
        f"peak RSS, dedupe-news clean ({memory.documents} pages)",
        f"{memory.peak_rss_mb:.1f} MB",
        f"{memory.seconds:.1f} s wall",
        f"< {MAX_PEAK_RSS_MB:.0f} MB",
        _status(memory.peak_rss_mb < MAX_PEAK_RSS_MB),
    )


def print_report(
    console: Console,
    extraction: ExtractionFigures | None,
    fingerprints: FingerprintFigures | None,
    batch: BatchFigures | None,
    memory: MemoryFigures | None,
) -> None:
    """One table of the figures measured (``--only`` may skip some)."""
    table = Table(
        title="dedupe-news speed",
        box=box.ASCII if not console.is_terminal else box.SIMPLE_HEAVY,
        title_justify="left",
    )
    for column in ("figure", "value", "spread", "target", ""):
        table.add_column(column, justify="left" if column in ("figure", "target") else "right")
    notes = ["spread: p10 - p90 over pages; min - max over runs; docs/s of each run"]
    sections: list[Callable[[], None]] = []
    if extraction is not None:
        e = extraction
        sections.append(lambda: _extraction_rows(table, e))
        notes.append(
            f"{e.pages} pages timed, best of {e.repeat}, interleaved"
            + (f"; {len(e.failed_pages)} without main text skipped" if e.failed_pages else "")
        )
    if fingerprints is not None:
        f = fingerprints
        sections.append(lambda: _fingerprint_rows(table, f))
        notes.append(
            f"{f.paragraphs} ground-truth paragraphs, {f.shingles} shingles, "
            f"{f.runs} interleaved runs each, median shown"
        )
    if batch is not None:
        b = batch
        sections.append(lambda: _batch_rows(table, b))
        notes.append(
            f"batch: {b.documents} documents, chunksize {b.chunksize}, "
            f"order {' '.join(str(r.workers) for r in b.runs)}"
        )
    if memory is not None:
        m = memory
        sections.append(lambda: _memory_rows(table, m))
    for number, section in enumerate(sections):
        if number:
            table.add_section()
        section()
    console.print(table)
    notes.append(
        f"python {platform.python_version()}, trafilatura {version('trafilatura')}, "
        f"datasketch {version('datasketch')}, numpy {np.__version__}, "
        f"{_cpu_count()} CPUs"
    )
    for note in notes:
        console.print(note, markup=False, highlight=False)
    if fingerprints is not None and fingerprints.mismatched:
        console.print(
            f"MISMATCH: signatures differ for paragraphs {fingerprints.mismatched[:20]}",
            markup=False,
            highlight=False,
        )


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


# --------------------------------------------------------------------------- main


SECTIONS = ("extraction", "fingerprint", "batch", "memory")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--repeat", type=int, default=3, help="measurements per page (min kept)")
    parser.add_argument(
        "--runs", type=int, default=FINGERPRINT_RUNS, help="fingerprinting runs per side"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        help="run only this part (repeatable), e.g. --only fingerprint",
    )
    parser.add_argument("--json", type=Path, help="write all figures here")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.runs < 1:
        parser.error("--repeat and --runs must be at least 1")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    only = set(args.only or SECTIONS)
    err = Console(stderr=True, highlight=False)
    pages = html_pages(args.dataset, args.limit)
    paragraphs = truth_paragraphs(args.dataset, pages)
    extraction = fingerprints = batch = memory = None
    if "extraction" in only:
        err.print(f"[extraction] extract vs pipeline, {len(pages)} pages x {args.repeat}")
        extraction = bench_extraction(pages, args.repeat, err)
    if "fingerprint" in only:
        err.print(f"[fingerprint] {len(paragraphs)} paragraphs x {args.runs}")
        fingerprints = bench_fingerprints(paragraphs, args.runs)
    if "batch" in only:
        err.print(f"[batch] throughput, workers {' '.join(map(str, _batch_order()))}")
        batch = bench_batch(pages)
    if "memory" in only:
        err.print("[memory] peak RSS of dedupe-news clean")
        memory = bench_memory(pages, err)
    console = Console()
    print_report(
        console if console.is_terminal else Console(width=120),
        extraction,
        fingerprints,
        batch,
        memory,
    )
    if args.json is not None:
        record = {
            "dataset": str(args.dataset),
            "targets": {
                "pipeline_extract_ratio_max": MAX_PIPELINE_RATIO,
                "fingerprint_speedup_min": MIN_FINGERPRINT_SPEEDUP,
                "worker_speedup_min": MIN_WORKER_SPEEDUP,
                "peak_rss_mb_max": MAX_PEAK_RSS_MB,
            },
            "extraction": None if extraction is None else asdict(extraction),
            "fingerprints": None if fingerprints is None else asdict(fingerprints),
            "batch": None if batch is None else asdict(batch),
            "memory": None if memory is None else asdict(memory),
            "versions": {
                "python": platform.python_version(),
                "trafilatura": version("trafilatura"),
                "datasketch": version("datasketch"),
                "numpy": np.__version__,
            },
            "cpus": _cpu_count(),
        }
        args.json.write_text(json.dumps(_jsonable(record), indent=2) + "\n", "utf-8")
    return 1 if fingerprints is not None and fingerprints.mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
