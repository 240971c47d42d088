"""Throughput of the real ``dedupe-news clean`` with 2 workers against 1.

Usage::

    python benchmarks/throughput.py [FOLDER] [--rounds N] [--workers A B] [--repeat N] [--json PATH]

FOLDER (default ``../shared/data/aeb/html`` next to the repository) is any
folder of HTML pages. Each round runs the command line once per worker count,
``dedupe-news clean FOLDER --workers N -o OUT``, in alternating order, so
load from other jobs on the machine hits both alike. A round's ratio is the
1-worker wall time over the 2-worker wall time (whole runs: start-up, reading,
cleaning and writing included); the median over rounds is the figure. Both
runs of a round must write identical output. The load average before and
after is printed, and each round also measures what the machine offers at that
moment: a fixed pure-Python loop run once alone, then twice side by side
("machine 2/1" = 2 x alone / side by side). On a shared machine, where other
jobs take the second core, that figure drops too, and the batch ratio can only
be read against it.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "data" / "aeb" / "html"
TARGET = 1.7
SPIN = "n = 0\nfor i in range(12_000_000):\n    n += i\n"


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu_seconds: float


@dataclass(frozen=True, slots=True)
class Round:
    order: list[int]
    runs: dict[int, Run]
    ratio: float
    identical: bool
    machine_ratio: float


def _command() -> list[str]:
    script = Path(sys.executable).parent / "dedupe-news"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "dedupe_news"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(inputs: list[str], workers: int, output: Path) -> Run:
    """Wall seconds of one whole command-line run, and the CPU seconds of it and its workers."""
    command = [*_command(), "clean", *inputs, "--workers", str(workers), "-o", str(output)]
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return Run(seconds, _children_cpu() - cpu)


def machine_ratio() -> float:
    """Throughput of two CPU-bound processes side by side over one alone, right now."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", SPIN], check=True)
    alone = time.perf_counter() - start
    start = time.perf_counter()
    pair = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(2)]
    for process in pair:
        process.wait()
    return 2 * alone / (time.perf_counter() - start)


def measure(folder: Path, rounds: int, counts: tuple[int, int], repeat: int) -> list[Round]:
    results: list[Round] = []
    with tempfile.TemporaryDirectory() as scratch:
        outputs = {n: Path(scratch) / f"workers-{n}.jsonl" for n in counts}
        inputs = [str(folder)]
        if repeat > 1:
            # A longer batch, so the start-up that no worker can share weighs less.
            listing = Path(scratch) / "inputs.txt"
            files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
            listing.write_text("".join(f"{f}\n" for f in files) * repeat, encoding="utf-8")
            inputs = ["--from-file", str(listing)]
        for number in range(rounds):
            order = list(counts) if number % 2 == 0 else list(reversed(counts))
            runs = {n: run_once(inputs, n, outputs[n]) for n in order}
            identical = filecmp.cmp(outputs[counts[0]], outputs[counts[1]], shallow=False)
            ratio = runs[counts[0]].seconds / runs[counts[1]].seconds
            results.append(Round(order, runs, ratio, identical, machine_ratio()))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs=2, default=(1, 2), metavar=("A", "B"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--repeat", type=int, default=1, help="clean every file this many times in one run"
    )
    args = parser.parse_args()
    if not args.folder.is_dir():
        raise SystemExit(f"no such folder: {args.folder}")
    pages = sum(1 for p in args.folder.rglob("*") if p.is_file())
    counts = (args.workers[0], args.workers[1])
    load_before = os.getloadavg()
    rounds = measure(args.folder, args.rounds, counts, args.repeat)
    load_after = os.getloadavg()

    console = Console(width=130)
    title = (
        f"dedupe-news clean on {args.folder} ({pages} files x {args.repeat}), {os.cpu_count()} CPUs"
    )
    table = Table(title=title)
    table.add_column("round", justify="right")
    table.add_column("order")
    for n in counts:
        table.add_column(f"{n}w wall s", justify="right")
    for n in counts:
        table.add_column(f"{n}w CPU s", justify="right")
    table.add_column(f"ratio {counts[0]}w/{counts[1]}w", justify="right")
    table.add_column("machine 2/1", justify="right")
    table.add_column("same output")
    for number, item in enumerate(rounds, 1):
        table.add_row(
            str(number),
            " then ".join(f"{n}w" for n in item.order),
            *(f"{item.runs[n].seconds:.2f}" for n in counts),
            *(f"{item.runs[n].cpu_seconds:.2f}" for n in counts),
            f"{item.ratio:.2f}x",
            f"{item.machine_ratio:.2f}x",
            "yes" if item.identical else "NO",
        )
    console.print(table)
    median = statistics.median(r.ratio for r in rounds)
    machine = statistics.median(r.machine_ratio for r in rounds)
    verdict = "ok" if median >= TARGET else "MISS"
    console.print(
        f"median throughput ratio {counts[1]} workers / {counts[0]}: {median:.2f}x "
        f"(target >= {TARGET}x: {verdict}); the machine offered {machine:.2f}x "
        f"(median); load average before {load_before[0]:.2f}, after "
        f"{load_after[0]:.2f} on {os.cpu_count()} CPUs"
    )
    if not all(r.identical for r in rounds):
        console.print("[red]outputs differ between worker counts[/red]")
    if args.json:
        payload = {
            "folder": str(args.folder),
            "pages": pages,
            "rounds": [asdict(r) for r in rounds],
            "median_ratio": median,
            "median_machine_ratio": machine,
            "load_before": load_before,
            "load_after": load_after,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if not all(r.identical for r in rounds):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
