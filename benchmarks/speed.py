"""Speed and memory of dedupe-news against bare trafilatura and datasketch.

Usage::

    python benchmarks/speed.py [DATASET] [--limit N] [--repeat N] [--json PATH]

DATASET (default ``../shared/data/aeb`` next to the repository) holds
``html/<id>.html`` and ``ground_truth/<id>.txt``. Four figures, each with its
target:

1. Per-page time of the full pipeline (``clean_html``) against bare
   ``trafilatura.extract`` with the pipeline's extraction options (metadata
   included, as the pipeline extracts it too), and, for information, against
   ``trafilatura.extract`` without metadata. The variants run on each page in
   turn, interleaved in alternating order, so machine noise hits all alike;
   every measurement is repeated and the per-page minimum kept.
2. MinHash fingerprinting of every ground-truth paragraph: datasketch's
   ``MinHash.bulk`` against the project's ``Fingerprinter``, whose timing
   includes computing the paragraph features from the raw text. The hash
   values must be identical for every paragraph.
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
from dedupe_news.features import paragraph_features
from dedupe_news.fingerprint import Fingerprinter, shingle_hash

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
    signatures_only_seconds: list[float]
    datasketch_median: float
    project_median: float
    signatures_only_median: float
    speedup: float
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


def datasketch_signatures(token_lists: Sequence[tuple[str, ...]]) -> list[MinHash]:
    shingles = [_shingle_tuples(tokens) for tokens in token_lists]
    minhashes: list[MinHash] = MinHash.bulk(
        shingles, num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=shingle_hash
    )
    return minhashes


def project_signatures(texts: Sequence[str]) -> npt.NDArray[np.uint32]:
    fingerprinter = Fingerprinter(NUM_PERM, SEED)
    return fingerprinter.signatures([paragraph_features(t, SHINGLE_SIZE).shingles for t in texts])


def bench_fingerprints(paragraphs: Sequence[str]) -> FingerprintFigures:
    """datasketch against the project, interleaved; plus the project's signatures alone."""
    features = [paragraph_features(text, SHINGLE_SIZE) for text in paragraphs]
    texts = [text for text, f in zip(paragraphs, features, strict=True) if f.tokens]
    token_lists = [f.tokens for f in features if f.tokens]
    shingle_sets = [f.shingles for f in features if f.tokens]
    seconds: tuple[list[float], list[float], list[float]] = ([], [], [])
    minhashes: list[MinHash] = []
    rows: npt.NDArray[np.uint32] = np.empty((0, NUM_PERM), dtype=np.uint32)
    project_signatures(texts[:10])  # warm up
    datasketch_signatures(token_lists[:10])
    for run in range(FINGERPRINT_RUNS):
        for side in (0, 1, 2) if run % 2 == 0 else (2, 1, 0):
            start = time.perf_counter()
            if side == 0:
                minhashes = datasketch_signatures(token_lists)
            elif side == 1:
                rows = project_signatures(texts)
            else:
                Fingerprinter(NUM_PERM, SEED).signatures(shingle_sets)
            seconds[side].append(time.perf_counter() - start)
    mismatched = [
        i
        for i, (minhash, row) in enumerate(zip(minhashes, rows, strict=True))
        if not np.array_equal(minhash.hashvalues, row)
    ]
    theirs, ours, signatures_only = seconds
    theirs_median = float(np.median(theirs))
    ours_median = float(np.median(ours))
    return FingerprintFigures(
        paragraphs=len(texts),
        shingles=sum(len(_shingle_tuples(tokens)) for tokens in token_lists),
        runs=FINGERPRINT_RUNS,
        datasketch_seconds=theirs,
        project_seconds=ours,
        signatures_only_seconds=signatures_only,
        datasketch_median=theirs_median,
        project_median=ours_median,
        signatures_only_median=float(np.median(signatures_only)),
        speedup=theirs_median / ours_median,
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


def print_report(
    console: Console,
    extraction: ExtractionFigures,
    fingerprints: FingerprintFigures,
    batch: BatchFigures,
    memory: MemoryFigures,
) -> None:
    plain = not console.is_terminal
    table = Table(
        title="dedupe-news speed",
        box=box.ASCII if plain else box.SIMPLE_HEAVY,
        title_justify="left",
    )
    for column in ("figure", "value", "spread", "target", ""):
        table.add_column(column, justify="left" if column in ("figure", "target") else "right")
    e = extraction
    ratio_ok = e.ratio_per_page.median <= MAX_PIPELINE_RATIO
    table.add_row(
        "extract, with metadata (ms/page)",
        f"{e.extract_ms.median:.2f}",
        _spread(e.extract_ms),
        "",
        "",
    )
    table.add_row(
        "extract, no metadata (ms/page)",
        f"{e.extract_no_metadata_ms.median:.2f}",
        _spread(e.extract_no_metadata_ms),
        "",
        "",
    )
    table.add_row(
        "pipeline clean_html (ms/page)",
        f"{e.pipeline_ms.median:.2f}",
        _spread(e.pipeline_ms),
        "",
        "",
    )
    table.add_row(
        "pipeline / extract, median per page",
        f"{e.ratio_per_page.median:.3f}",
        _spread(e.ratio_per_page, digits=3),
        f"<= {MAX_PIPELINE_RATIO:.2f}",
        _status(ratio_ok),
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
    table.add_section()
    f = fingerprints
    table.add_row(
        "datasketch MinHash.bulk (ms, all paragraphs)",
        f"{f.datasketch_median * 1e3:.1f}",
        f"{min(f.datasketch_seconds) * 1e3:.1f} - {max(f.datasketch_seconds) * 1e3:.1f}",
        "",
        "",
    )
    table.add_row(
        "Fingerprinter incl. features (ms)",
        f"{f.project_median * 1e3:.1f}",
        f"{min(f.project_seconds) * 1e3:.1f} - {max(f.project_seconds) * 1e3:.1f}",
        "",
        "",
    )
    table.add_row(
        "  of which Fingerprinter.signatures alone",
        f"{f.signatures_only_median * 1e3:.1f}",
        f"{min(f.signatures_only_seconds) * 1e3:.1f} - {max(f.signatures_only_seconds) * 1e3:.1f}",
        "(info)",
        "",
    )
    table.add_row(
        "fingerprinting speed-up vs datasketch",
        f"{f.speedup:.1f}x",
        "",
        f">= {MIN_FINGERPRINT_SPEEDUP:.0f}x",
        _status(f.speedup >= MIN_FINGERPRINT_SPEEDUP),
    )
    table.add_row(
        "identical hash values (paragraphs)",
        f"{f.identical}/{f.paragraphs}",
        "",
        "all",
        _status(not f.mismatched),
    )
    table.add_section()
    b = batch
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
    table.add_section()
    table.add_row(
        f"peak RSS, dedupe-news clean ({memory.documents} pages)",
        f"{memory.peak_rss_mb:.1f} MB",
        f"{memory.seconds:.1f} s wall",
        f"< {MAX_PEAK_RSS_MB:.0f} MB",
        _status(memory.peak_rss_mb < MAX_PEAK_RSS_MB),
    )
    console.print(table)
    notes = [
        "spread: p10 - p90 over pages; min - max over runs; docs/s of each run",
        f"{e.pages} pages timed, best of {e.repeat}, interleaved"
        + (f"; {len(e.failed_pages)} without main text skipped" if e.failed_pages else ""),
        f"{f.paragraphs} ground-truth paragraphs, {f.shingles} shingles, "
        f"{f.runs} interleaved runs each",
        f"batch: {b.documents} documents, chunksize {b.chunksize}, "
        f"order {' '.join(str(r.workers) for r in b.runs)}",
        f"python {platform.python_version()}, trafilatura {version('trafilatura')}, "
        f"datasketch {version('datasketch')}, numpy {np.__version__}, "
        f"{_cpu_count()} CPUs",
    ]
    for note in notes:
        console.print(note, markup=False, highlight=False)
    if f.mismatched:
        console.print(
            f"MISMATCH: signatures differ for paragraphs {f.mismatched[:20]}",
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


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--repeat", type=int, default=3, help="measurements per page (min kept)")
    parser.add_argument("--json", type=Path, help="write all figures here")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    err = Console(stderr=True, highlight=False)
    pages = html_pages(args.dataset, args.limit)
    paragraphs = truth_paragraphs(args.dataset, pages)
    err.print(f"[1/4] extract vs pipeline, {len(pages)} pages x {args.repeat}")
    extraction = bench_extraction(pages, args.repeat, err)
    err.print(f"[2/4] fingerprints, {len(paragraphs)} paragraphs x {FINGERPRINT_RUNS}")
    fingerprints = bench_fingerprints(paragraphs)
    err.print(f"[3/4] batch throughput, workers {' '.join(map(str, _batch_order()))}")
    batch = bench_batch(pages)
    err.print("[4/4] peak RSS of dedupe-news clean")
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
            "extraction": asdict(extraction),
            "fingerprints": asdict(fingerprints),
            "batch": asdict(batch),
            "memory": asdict(memory),
            "versions": {
                "python": platform.python_version(),
                "trafilatura": version("trafilatura"),
                "datasketch": version("datasketch"),
                "numpy": np.__version__,
            },
            "cpus": _cpu_count(),
        }
        args.json.write_text(json.dumps(_jsonable(record), indent=2) + "\n", "utf-8")
    return 1 if fingerprints.mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
