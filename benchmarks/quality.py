"""Extraction quality of dedupe-news against trafilatura on the article-extraction-benchmark.

Usage::

    python benchmarks/quality.py [DATASET] [--limit N] [--ids FILE] [--json PATH]
                                 [--systems NAME ...] [--set KEY=VALUE ...] [--halves]

DATASET (default ``../shared/data/aeb`` next to the repository) holds
``html/<id>.html`` and ``ground_truth/<id>.txt``; ``ids_news.txt`` (the news
subset) and ``index.tsv`` (page URLs) are optional. ``--halves`` also scores the pages at
even and at odd positions of the sorted ids apart: methods are tuned on the
even half and checked on the odd one, which they were not tuned on.

Every system runs in its own worker process, so no module-level state (such as
trafilatura's duplicate cache) is shared between systems; that cache is also
cleared before every page so that a page's output does not depend on the pages
before it. Pages are sent to the systems in turn (interleaved, in a rotating
order), so that machine noise in the timings hits all systems alike. The metric
is the benchmark's own (see ``benchmarks/aeb_metric.py``). Nothing here touches
the network.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import json
import logging
import multiprocessing
import sys
import time
import types
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

from rich import box
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from benchmarks.aeb_metric import (
    BOOTSTRAP_SEED,
    N_BOOTSTRAP,
    PageCounts,
    Scores,
    Spread,
    bootstrap,
    bootstrap_difference,
    corpus_scores,
    page_counts,
    page_scores,
)

DEDUPE = "dedupe-news"
TRAFILATURA_DEFAULT = "trafilatura default"
TRAFILATURA_PRECISION = "trafilatura precision"
SYSTEMS = (DEDUPE, TRAFILATURA_DEFAULT, TRAFILATURA_PRECISION)
BASELINES = (TRAFILATURA_DEFAULT, TRAFILATURA_PRECISION)
DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "shared" / "data" / "aeb"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_NONE = {"none", "null"}
_STARTUP_SECONDS = 120.0

Extractor = Callable[[bytes, str], str]


# --------------------------------------------------------------------------- dataset


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    html: Path
    truth: str
    news: bool
    url: str


@dataclass(frozen=True, slots=True)
class Dataset:
    root: Path
    pages: tuple[Page, ...]
    has_news: bool


def read_ids(path: Path) -> list[str]:
    """Ids one per line; blank lines and ``#`` comments are skipped."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def read_urls(index: Path) -> dict[str, str]:
    """Page URL by id from ``index.tsv`` (id, url, ...), empty if there is no index."""
    if not index.is_file():
        return {}
    urls: dict[str, str] = {}
    for line in index.read_text("utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) >= 2:
            urls[cells[0]] = cells[1]
    return urls


def load_dataset(root: Path, ids_file: Path | None, limit: int | None) -> Dataset:
    truth_dir, html_dir = root / "ground_truth", root / "html"
    available = sorted(
        p.stem for p in truth_dir.glob("*.txt") if (html_dir / f"{p.stem}.html").is_file()
    )
    ids = available
    if ids_file is not None:
        known = set(available)
        wanted = read_ids(ids_file)
        missing = [i for i in wanted if i not in known]
        if missing:
            print(f"warning: {len(missing)} id(s) not in {root}, skipped", file=sys.stderr)
        ids = list(dict.fromkeys(i for i in wanted if i in known))
    if limit is not None:
        ids = ids[:limit]
    news_file = root / "ids_news.txt"
    news = set(read_ids(news_file)) if news_file.is_file() else set()
    urls = read_urls(root / "index.tsv")
    pages = tuple(
        Page(
            id=i,
            html=html_dir / f"{i}.html",
            truth=(truth_dir / f"{i}.txt").read_text("utf-8"),
            news=i in news,
            url=urls.get(i, ""),
        )
        for i in ids
    )
    return Dataset(root=root, pages=pages, has_news=news_file.is_file())


# --------------------------------------------------------------------------- config overrides


def convert_value(raw: str, annotation: Any) -> Any:
    """Convert a command-line string to a Config field's type."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if type(None) in get_args(annotation) and raw.strip().lower() in _NONE:
            return None
        if len(args) != 1:
            raise ValueError(f"unsupported type {annotation}")
        return convert_value(raw, args[0])
    if annotation is bool:
        lowered = raw.strip().lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise ValueError(f"not a boolean: {raw!r}")
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation(raw)
    if annotation in (int, float, str):
        return annotation(raw)
    raise ValueError(f"unsupported type {annotation}")


def parse_overrides(items: Sequence[str], config_type: type) -> dict[str, Any]:
    """``key=value`` strings to keyword arguments of ``config_type``, typed by its fields."""
    hints = get_type_hints(config_type)
    overrides: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep:
            raise ValueError(f"expected KEY=VALUE, got {item!r}")
        if key not in hints or key.startswith("_"):
            raise ValueError(f"unknown setting {key!r}; known: {', '.join(sorted(hints))}")
        try:
            overrides[key] = convert_value(raw, hints[key])
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    config_type(**overrides)  # validate now rather than in every worker
    return overrides


# --------------------------------------------------------------------------- systems


def clear_trafilatura_cache() -> None:
    """Empty trafilatura's process-global duplicate cache (used with ``deduplicate=True``)."""
    deduplication = sys.modules.get("trafilatura.deduplication")
    cache = getattr(deduplication, "LRU_TEST", None)
    if cache is not None:
        cache.clear()


def make_extractor(system: str, overrides: dict[str, Any]) -> Extractor:
    """The extraction function of ``system``: (HTML bytes, source path) -> text."""
    if system == DEDUPE:
        from dedupe_news import Config, clean_html

        config = Config(**overrides)

        def dedupe(html: bytes, source: str) -> str:
            return clean_html(html, config, source=source).text

        return dedupe

    import trafilatura

    if system == TRAFILATURA_DEFAULT:

        def default(html: bytes, source: str) -> str:
            text: str | None = trafilatura.extract(html, deduplicate=False)
            return text or ""

        return default
    if system == TRAFILATURA_PRECISION:

        def precision(html: bytes, source: str) -> str:
            text: str | None = trafilatura.extract(
                html, include_comments=False, favor_precision=True, deduplicate=False
            )
            return text or ""

        return precision
    raise ValueError(f"unknown system {system!r}")


def serve(system: str, overrides: dict[str, Any], conn: Connection) -> None:
    """Worker process: extract each page path received, reply (text, seconds, error)."""
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        extract = make_extractor(system, overrides)
    except Exception as exc:
        conn.send(("", 0.0, f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("", 0.0, None))
    while (path := conn.recv()) is not None:
        html = Path(path).read_bytes()
        clear_trafilatura_cache()
        started = time.perf_counter()
        try:
            text, error = extract(html, path), None
        except Exception as exc:
            text, error = "", f"{type(exc).__name__}: {exc}"
        conn.send((text, time.perf_counter() - started, error))


@dataclass(slots=True)
class Output:
    text: str
    seconds: float
    error: str | None


@dataclass(slots=True)
class Worker:
    """One system in its own process (spawned, so nothing is inherited)."""

    system: str
    overrides: dict[str, Any]
    timeout: float
    process: BaseProcess | None = None
    conn: Connection | None = None

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self.process = context.Process(
            target=serve, args=(self.system, self.overrides, child), daemon=True
        )
        self.process.start()
        child.close()
        self.conn = parent
        _, _, error = self._receive(timeout=max(self.timeout, _STARTUP_SECONDS))
        if error is not None:
            self.stop()
            raise RuntimeError(f"{self.system} cannot start: {error}")

    def _receive(self, timeout: float) -> tuple[str, float, str | None]:
        assert self.conn is not None
        try:
            if self.conn.poll(timeout):
                text, seconds, error = self.conn.recv()
                return str(text), float(seconds), error
        except EOFError:
            return "", 0.0, "worker died"
        return "", timeout, f"timeout after {timeout:g} s"

    def extract(self, html: Path) -> Output:
        assert self.conn is not None
        self.conn.send(str(html))
        text, seconds, error = self._receive(self.timeout)
        if error is not None and error.startswith(("timeout", "worker died")):
            self.stop(kill=True)
            self.start()
        return Output(text, seconds, error)

    def stop(self, kill: bool = False) -> None:
        """Ask the worker to finish (or kill it at once, when it hangs) and wait for it."""
        if self.process is not None and kill:
            self.process.kill()
        if self.conn is not None:
            if not kill:
                with contextlib.suppress(OSError):
                    self.conn.send(None)
            self.conn.close()
            self.conn = None
        if self.process is not None:
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
            self.process = None


def run_systems(
    pages: Sequence[Page], systems: Sequence[str], overrides: dict[str, Any], timeout: float
) -> dict[str, list[Output]]:
    """Outputs of every system on every page, interleaved page by page."""
    workers = {s: Worker(s, overrides if s == DEDUPE else {}, timeout) for s in systems}
    outputs: dict[str, list[Output]] = {s: [] for s in systems}
    progress_console = Console(stderr=True)
    try:
        for worker in workers.values():
            worker.start()
        with Progress(console=progress_console, transient=True) as progress:
            task = progress.add_task("extracting", total=len(pages))
            for index, page in enumerate(pages):
                shift = index % len(systems)
                for system in [*systems[shift:], *systems[:shift]]:
                    outputs[system].append(workers[system].extract(page.html))
                progress.advance(task)
    finally:
        for worker in workers.values():
            worker.stop()
    return outputs


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class SystemSummary:
    scores: Scores
    spread: Spread
    pages: int
    empty: int
    errors: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Delta:
    baseline: str
    scores: Scores
    spread: Spread


@dataclass(slots=True)
class SubsetReport:
    name: str
    summaries: dict[str, SystemSummary] = field(default_factory=dict)
    best_baseline: str | None = None
    delta: Delta | None = None


def summarise(
    name: str,
    counts: dict[str, list[PageCounts]],
    outputs: dict[str, list[Output]],
    selected: Sequence[int],
    n_bootstrap: int,
) -> SubsetReport:
    """Corpus scores of every system on the pages at indices ``selected``."""
    report = SubsetReport(name)
    subset = {s: [c[i] for i in selected] for s, c in counts.items()}
    for system, pages in subset.items():
        outs = [outputs[system][i] for i in selected]
        report.summaries[system] = SystemSummary(
            scores=corpus_scores(pages),
            spread=bootstrap(pages, n_bootstrap, BOOTSTRAP_SEED),
            pages=len(pages),
            empty=sum(1 for o in outs if not o.text.strip()),
            errors=sum(1 for o in outs if o.error is not None),
            seconds=sum(o.seconds for o in outs),
        )
    baselines = [s for s in BASELINES if s in report.summaries]
    if baselines:
        best = max(baselines, key=lambda s: report.summaries[s].scores.f1)
        report.best_baseline = best
        if DEDUPE in report.summaries:
            mine, theirs = report.summaries[DEDUPE].scores, report.summaries[best].scores
            report.delta = Delta(
                baseline=best,
                scores=Scores(*(a - b for a, b in zip(mine, theirs, strict=True))),
                spread=bootstrap_difference(subset[DEDUPE], subset[best], n_bootstrap),
            )
    return report


@dataclass(frozen=True, slots=True)
class Regression:
    page: Page
    dedupe_f1: float
    baseline_f1: float

    @property
    def delta(self) -> float:
        return self.dedupe_f1 - self.baseline_f1


def regressions(
    pages: Sequence[Page], counts: dict[str, list[PageCounts]], baseline: str
) -> list[Regression]:
    """Pages where dedupe-news's page F1 is below ``baseline``'s, worst first."""
    found = []
    for page, mine, theirs in zip(pages, counts[DEDUPE], counts[baseline], strict=True):
        dedupe_f1, baseline_f1 = page_scores(mine).f1, page_scores(theirs).f1
        if dedupe_f1 < baseline_f1 - 1e-12:
            found.append(Regression(page, dedupe_f1, baseline_f1))
    return sorted(found, key=lambda r: (r.delta, r.page.id))


# --------------------------------------------------------------------------- output


def make_console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=160)


def _pm(value: float, std: float) -> str:
    return f"{value:.3f} ± {std:.3f}"


def print_subset(console: Console, report: SubsetReport, n_bootstrap: int) -> None:
    plain = not console.is_terminal
    table = Table(
        title=f"{report.name} ({next(iter(report.summaries.values())).pages} pages)",
        caption=f"± is the bootstrap std ({n_bootstrap} resamples of pages)",
        box=box.ASCII if plain else box.SIMPLE_HEAVY,
    )
    table.add_column("system")
    for column in ("precision", "recall", "F1"):
        table.add_column(column, justify="right")
    for column in ("empty", "errors", "seconds"):
        table.add_column(column, justify="right")
    for system, s in report.summaries.items():
        table.add_row(
            system,
            _pm(s.scores.precision, s.spread.precision_std),
            _pm(s.scores.recall, s.spread.recall_std),
            _pm(s.scores.f1, s.spread.f1_std),
            str(s.empty),
            str(s.errors),
            f"{s.seconds:.1f}",
        )
    console.print(table)
    if report.delta is not None:
        d = report.delta
        console.print(
            f"  {DEDUPE} − {d.baseline}: "
            f"F1 {d.scores.f1:+.3f} ± {d.spread.f1_std:.3f}, "
            f"precision {d.scores.precision:+.3f} ± {d.spread.precision_std:.3f}, "
            f"recall {d.scores.recall:+.3f} ± {d.spread.recall_std:.3f} (paired bootstrap)\n"
        )


def print_regressions(
    console: Console, found: Sequence[Regression], baseline: str, total: int
) -> None:
    plain = not console.is_terminal
    table = Table(
        title=f"{len(found)} of {total} pages where {DEDUPE} scores a lower F1 than {baseline}",
        box=box.ASCII if plain else box.SIMPLE_HEAVY,
    )
    table.add_column("id", no_wrap=True)
    table.add_column("news")
    table.add_column("site", no_wrap=True)
    table.add_column(f"{DEDUPE} F1", justify="right")
    table.add_column("trafilatura F1", justify="right")
    table.add_column("delta", justify="right")
    for r in found:
        table.add_row(
            r.page.id,
            "yes" if r.page.news else "",
            urlsplit(r.page.url).hostname or "",
            f"{r.dedupe_f1:.3f}",
            f"{r.baseline_f1:.3f}",
            f"{r.delta:+.3f}",
        )
    console.print(table)


def print_errors(console: Console, outputs: dict[str, list[Output]]) -> None:
    """Systems that failed on some pages (scored as an empty prediction), with examples."""
    for system, outs in outputs.items():
        errors = Counter(o.error for o in outs if o.error is not None)
        if not errors:
            continue
        console.print(f"[red]{system} failed on {errors.total()} page(s), scored as empty:[/red]")
        for message, count in errors.most_common(3):
            console.print(f"  {count} × {message}", markup=False, highlight=False)
    console.print()


def _scores_record(scores: Scores, spread: Spread) -> dict[str, float]:
    return {
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "precision_std": spread.precision_std,
        "recall_std": spread.recall_std,
        "f1_std": spread.f1_std,
        "precision_ci95": spread.precision_ci95,
        "recall_ci95": spread.recall_ci95,
        "f1_ci95": spread.f1_ci95,
    }


def _package_version(name: str, module: str) -> str | None:
    """Installed distribution version, else the imported module's ``__version__``."""
    try:
        return version(name)
    except PackageNotFoundError:
        found = getattr(sys.modules.get(module), "__version__", None)
        return found if isinstance(found, str) else None


def json_record(
    dataset: Dataset,
    overrides: dict[str, Any],
    reports: Sequence[SubsetReport],
    counts: dict[str, list[PageCounts]],
    outputs: dict[str, list[Output]],
    found: Sequence[Regression],
    n_bootstrap: int,
) -> dict[str, Any]:
    subsets: dict[str, Any] = {}
    for report in reports:
        subsets[report.name] = {
            "systems": {
                system: {
                    **_scores_record(s.scores, s.spread),
                    "pages": s.pages,
                    "empty": s.empty,
                    "errors": s.errors,
                    "seconds": s.seconds,
                }
                for system, s in report.summaries.items()
            },
            "best_baseline": report.best_baseline,
            "delta": None
            if report.delta is None
            else {"baseline": report.delta.baseline}
            | _scores_record(report.delta.scores, report.delta.spread),
        }
    pages = []
    for index, page in enumerate(dataset.pages):
        systems: dict[str, Any] = {}
        for system, page_list in counts.items():
            c, out = page_list[index], outputs[system][index]
            scores = page_scores(c)
            systems[system] = {
                "precision": scores.precision,
                "recall": scores.recall,
                "f1": scores.f1,
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "empty": not out.text.strip(),
                "seconds": out.seconds,
                "error": out.error,
            }
        pages.append({"id": page.id, "news": page.news, "url": page.url, "systems": systems})
    return {
        "dataset": str(dataset.root),
        "versions": {
            "dedupe-news": _package_version("dedupe-news", "dedupe_news"),
            "trafilatura": _package_version("trafilatura", "trafilatura"),
        },
        "config_overrides": {
            k: v.value if isinstance(v, enum.Enum) else v for k, v in overrides.items()
        },
        "metric": {"shingle_size": 4, "n_bootstrap": n_bootstrap, "seed": BOOTSTRAP_SEED},
        "subsets": subsets,
        "regressions": [
            {
                "id": r.page.id,
                "dedupe_f1": r.dedupe_f1,
                "baseline_f1": r.baseline_f1,
                "delta": r.delta,
            }
            for r in found
        ],
        "pages": pages,
    }


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--json", type=Path, help="write all figures and page scores here")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--ids", type=Path, help="only the ids listed in this file")
    parser.add_argument(
        "--systems",
        nargs="+",
        choices=SYSTEMS,
        default=list(SYSTEMS),
        metavar="NAME",
        help=f"systems to compare (default: all): {', '.join(repr(s) for s in SYSTEMS)}",
    )
    parser.add_argument(
        "--set",
        "--config",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a dedupe-news Config field, e.g. --set threshold=0.6",
    )
    parser.add_argument(
        "--halves",
        action="store_true",
        help="also score the even and the odd positions of the sorted ids (tuning / held-out)",
    )
    parser.add_argument("--bootstrap", type=int, default=N_BOOTSTRAP, help="resamples")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per page")
    args = parser.parse_args(argv)
    if not (args.dataset / "html").is_dir() or not (args.dataset / "ground_truth").is_dir():
        parser.error(f"{args.dataset} has no html/ and ground_truth/ folders")
    if args.overrides and DEDUPE not in args.systems:
        parser.error(f"--set applies to {DEDUPE}, which is not among --systems")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    args.systems = list(dict.fromkeys(args.systems))
    try:
        args.overrides = load_overrides(args.overrides) if DEDUPE in args.systems else {}
    except (ImportError, ValueError) as exc:
        parser.error(str(exc))
    return args


def load_overrides(items: Sequence[str]) -> dict[str, Any]:
    from dedupe_news import Config

    return parse_overrides(items, Config)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    dataset = load_dataset(args.dataset, args.ids, args.limit)
    if not dataset.pages:
        print("no pages to evaluate", file=sys.stderr)
        return 1
    systems: list[str] = args.systems
    try:
        outputs = run_systems(dataset.pages, systems, args.overrides, args.timeout)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = {
        s: [page_counts(p.truth, o.text) for p, o in zip(dataset.pages, outputs[s], strict=True)]
        for s in systems
    }
    everything = range(len(dataset.pages))
    reports = [summarise("all pages", counts, outputs, everything, args.bootstrap)]
    if dataset.has_news:
        news = [i for i, p in enumerate(dataset.pages) if p.news]
        if news:
            reports.append(summarise("news subset", counts, outputs, news, args.bootstrap))
    if args.halves:
        rank = {page_id: n for n, page_id in enumerate(sorted(p.id for p in dataset.pages))}
        for name, parity in (("even ids (tuning half)", 0), ("odd ids (held-out half)", 1)):
            half = [i for i, p in enumerate(dataset.pages) if rank[p.id] % 2 == parity]
            reports.append(summarise(name, counts, outputs, half, args.bootstrap))

    console = make_console()
    if args.overrides:
        console.print(f"{DEDUPE} config overrides: {args.overrides}")
    if any(o.error is not None for outs in outputs.values() for o in outs):
        print_errors(console, outputs)
    for report in reports:
        print_subset(console, report, args.bootstrap)
    found: list[Regression] = []
    baseline = reports[0].best_baseline
    if DEDUPE in systems and baseline is not None:
        found = regressions(dataset.pages, counts, baseline)
        print_regressions(console, found, baseline, len(dataset.pages))
    if args.json is not None:
        record = json_record(
            dataset, args.overrides, reports, counts, outputs, found, args.bootstrap
        )
        args.json.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
