"""Duplicate-injection benchmark: does the pipeline find copies that news sites insert?

For every ground-truth article of the AEB data set (>= 3 paragraphs), one
variant per injection kind is made (see ``benchmarks/inject.py``) and cleaned
with ``clean_blocks``. Reported per kind: recall (exactly one of the pair
survives, the other removed as ``duplicate``; or both removed when the
unmodified article already repeats the original in a fuller paragraph, so the
clean pass removes it too), which copy was kept, and false
removals of the article's own paragraphs; plus one clean pass over the
unmodified ground truth.

    python benchmarks/duplicates.py ../shared/data/aeb [--seed 0] [--json out.json]
        [--show-failures 5] [--set threshold=0.6 --set shingle_size=3]
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sys
import types
import typing
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dedupe_news import Config, ConfigError, clean_blocks

try:
    from benchmarks.inject import (
        EDIT_RATES,
        INJECTORS,
        KIND_REWORDED,
        KIND_STANDFIRST,
        STANDFIRST_FORMS,
        Injection,
        inject_all,
        split_paragraphs,
    )
except ModuleNotFoundError:  # run as a script without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.inject import (
        EDIT_RATES,
        INJECTORS,
        KIND_REWORDED,
        KIND_STANDFIRST,
        STANDFIRST_FORMS,
        Injection,
        inject_all,
        split_paragraphs,
    )

MIN_PARAGRAPHS = 3
KEPT = "kept"
DUPLICATE = "duplicate"
BOILERPLATE = "boilerplate"
REWORDED_TARGET_MAX_RATE = 0.20
# Recall targets per table row, and the false-removal ceiling (share of paragraphs).
RECALL_TARGETS: dict[str, float] = {
    "exact_after_ad": 1.0,
    "exact_end": 1.0,
    f"reworded r<={REWORDED_TARGET_MAX_RATE:.2f}": 0.95,
    "pull_quote": 0.90,
    # Not an issue target: the reworded copies' target applies to these too.
    "reworded_after_lead": 0.95,
}
FALSE_REMOVAL_TARGET = 0.002


@dataclass(frozen=True, slots=True)
class Fate:
    """What the pipeline did to one paragraph."""

    state: str  # kept, duplicate or boilerplate
    rule: str | None = None
    duplicate_of: int | None = None
    similarity: float | None = None


Cleaner = Callable[[Sequence[str]], list[Fate]]


@dataclass(slots=True)
class Tally:
    """Counts for one table row."""

    variants: int = 0
    hits: int = 0
    original_kept: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def add(self, hit: bool, original_kept: bool, outcome: str) -> None:
        self.variants += 1
        self.hits += hit
        self.original_kept += hit and original_kept
        self.outcomes[outcome] += 1

    @property
    def recall(self) -> float | None:
        return self.hits / self.variants if self.variants else None

    @property
    def kept_original_share(self) -> float | None:
        return self.original_kept / self.hits if self.hits else None

    def to_record(self) -> dict[str, Any]:
        return {
            "variants": self.variants,
            "hits": self.hits,
            "recall": _round(self.recall),
            "original_kept": self.original_kept,
            "kept_original_share": _round(self.kept_original_share),
            "outcomes": dict(self.outcomes.most_common()),
        }


@dataclass(slots=True)
class Removals:
    """False removals of the article's own paragraphs."""

    paragraphs: int = 0
    duplicate: int = 0
    boilerplate: int = 0
    # Injected variants only: removals of paragraphs the clean pass kept.
    caused_by_injection: int = 0

    def add(self, fate: Fate) -> None:
        self.paragraphs += 1
        if fate.state == DUPLICATE:
            self.duplicate += 1
        elif fate.state == BOILERPLATE:
            self.boilerplate += 1

    def share(self, count: int) -> float | None:
        return count / self.paragraphs if self.paragraphs else None

    def to_record(self) -> dict[str, Any]:
        return {
            "paragraphs": self.paragraphs,
            "duplicate": self.duplicate,
            "duplicate_share": _round(self.share(self.duplicate), 6),
            "boilerplate": self.boilerplate,
            "boilerplate_share": _round(self.share(self.boilerplate), 6),
            "total": self.duplicate + self.boilerplate,
            "total_share": _round(self.share(self.duplicate + self.boilerplate), 6),
            "caused_by_injection": self.caused_by_injection,
        }


@dataclass(slots=True)
class Report:
    rows: dict[str, Tally] = field(default_factory=dict)
    injected_removals: Removals = field(default_factory=Removals)
    clean_removals: Removals = field(default_factory=Removals)
    articles: int = 0
    skipped_articles: list[str] = field(default_factory=list)
    skipped_variants: Counter[str] = field(default_factory=Counter)
    missed: list[dict[str, Any]] = field(default_factory=list)
    wrong_copy_kept: list[dict[str, Any]] = field(default_factory=list)
    false_removals: list[dict[str, Any]] = field(default_factory=list)
    clean_false_removals: list[dict[str, Any]] = field(default_factory=list)

    def row(self, name: str) -> Tally:
        return self.rows.setdefault(name, Tally())


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


# --- configuration ----------------------------------------------------------


def _convert(name: str, raw: str, hint: Any) -> Any:
    """Convert ``raw`` to the type of Config field ``name``."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    if type(None) in options and raw.strip().lower() in {"none", "null", ""}:
        return None
    target = next(t for t in options if t is not type(None))
    if target is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"{name}: not a boolean: {raw!r}")
    if target is int:
        return int(raw)
    if target is float:
        return float(raw)
    if isinstance(target, type) and issubclass(target, enum.Enum):
        return target(raw)
    return raw


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """``key=value`` strings to typed Config overrides; raises ValueError."""
    hints = typing.get_type_hints(Config)
    known = {f.name for f in dataclasses.fields(Config)}
    overrides: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep:
            raise ValueError(f"--set expects key=value, got {pair!r}")
        if key not in known:
            raise ValueError(f"unknown Config field {key!r}; known: {', '.join(sorted(known))}")
        overrides[key] = _convert(key, raw, hints[key])
    return overrides


def config_record(config: Config) -> dict[str, Any]:
    return {
        f.name: (v.value if isinstance(v, enum.Enum) else v)
        for f in dataclasses.fields(config)
        for v in [getattr(config, f.name)]
    }


def make_cleaner(config: Config) -> Cleaner:
    def clean(paragraphs: Sequence[str]) -> list[Fate]:
        result = clean_blocks(list(paragraphs), config)
        fates: list[Fate] = []
        for verdict in result.verdicts:
            removal = verdict.removal
            if removal is None:
                fates.append(Fate(KEPT))
            else:
                fates.append(
                    Fate(
                        removal.reason.value,
                        removal.rule,
                        removal.duplicate_of,
                        removal.similarity,
                    )
                )
        if len(fates) != len(paragraphs):
            raise RuntimeError(f"{len(fates)} verdicts for {len(paragraphs)} paragraphs")
        return fates

    return clean


# --- data -------------------------------------------------------------------


def load_articles(folder: Path) -> list[tuple[str, list[str]]]:
    """(id, paragraphs) of every ground-truth article, sorted by id."""
    truth = folder / "ground_truth"
    if not truth.is_dir():
        raise FileNotFoundError(f"no ground_truth folder in {folder}")
    return [
        (path.stem, split_paragraphs(path.read_text(encoding="utf-8")))
        for path in sorted(truth.glob("*.txt"))
    ]


# --- evaluation -------------------------------------------------------------


def _fate_record(fate: Fate, paragraphs: Sequence[str]) -> dict[str, Any]:
    record: dict[str, Any] = {"state": fate.state}
    if fate.state != KEPT:
        record["rule"] = fate.rule
        record["duplicate_of_index"] = fate.duplicate_of
        record["duplicate_of"] = (
            paragraphs[fate.duplicate_of]
            if fate.duplicate_of is not None and 0 <= fate.duplicate_of < len(paragraphs)
            else None
        )
        record["similarity"] = _round(fate.similarity)
    return record


def row_names(injection: Injection) -> list[str]:
    """The table rows a variant counts in."""
    names = [injection.kind]
    if injection.kind == KIND_REWORDED and injection.rate is not None:
        names.append(f"reworded r={injection.rate:.2f}")
        if injection.rate <= REWORDED_TARGET_MAX_RATE + 1e-9:
            names.append(f"reworded r<={REWORDED_TARGET_MAX_RATE:.2f}")
    elif injection.kind == KIND_STANDFIRST:
        names.append(f"standfirst ({injection.form})")
    return names


def _false_removal(
    article_id: str, kind: str | None, index: int, fate: Fate, paragraphs: Sequence[str]
) -> dict[str, Any]:
    return {
        "article": article_id,
        "variant": kind,
        "index": index,
        "text": paragraphs[index],
        "occurrences_in_article": sum(p == paragraphs[index] for p in paragraphs),
        **_fate_record(fate, paragraphs),
    }


def evaluate_variant(
    report: Report,
    article_id: str,
    injection: Injection,
    fates: Sequence[Fate],
    clean_removed: frozenset[int] = frozenset(),
) -> None:
    """Count one variant; ``clean_removed``: article indices the clean pass removed."""
    paragraphs = injection.paragraphs
    copy, original = fates[injection.injected], fates[injection.original]
    states = {copy.state, original.state}
    original_in_clean = (injection.original - (injection.original > injection.injected)) in (
        clean_removed
    )
    # Also a hit: both copies removed, the original because the article itself
    # repeats it in a fuller paragraph (the clean pass removed it too).
    hit = states == {KEPT, DUPLICATE} or (states == {DUPLICATE} and original_in_clean)
    original_kept = original.state == KEPT
    outcome = f"copy {copy.state}, original {original.state}"
    for name in row_names(injection):
        report.row(name).add(hit, original_kept, outcome)
    pair = {
        "article": article_id,
        "kind": injection.kind,
        "form": injection.form,
        "rate": injection.rate,
        "outcome": outcome,
        "injected_index": injection.injected,
        "original_index": injection.original,
        "injected_text": paragraphs[injection.injected],
        "original_text": paragraphs[injection.original],
        "injected": _fate_record(copy, paragraphs),
        "original": _fate_record(original, paragraphs),
    }
    if not hit:
        report.missed.append(pair)
    elif not original_kept:
        report.wrong_copy_kept.append(pair)

    removals = report.injected_removals
    for index, fate in enumerate(fates):
        if index in (injection.injected, injection.original):
            continue
        removals.add(fate)
        if fate.state == KEPT:
            continue
        in_clean = (index - (index > injection.injected)) in clean_removed
        removals.caused_by_injection += not in_clean
        record = _false_removal(article_id, injection.kind, index, fate, paragraphs)
        record["also_removed_in_clean_pass"] = in_clean
        report.false_removals.append(record)


def evaluate_clean(
    report: Report, article_id: str, paragraphs: Sequence[str], fates: Sequence[Fate]
) -> frozenset[int]:
    """Count the clean pass of one article; returns the indices it removed."""
    removed: set[int] = set()
    for index, fate in enumerate(fates):
        report.clean_removals.add(fate)
        if fate.state != KEPT:
            removed.add(index)
            report.clean_false_removals.append(
                _false_removal(article_id, None, index, fate, paragraphs)
            )
    return frozenset(removed)


def run(articles: Sequence[tuple[str, list[str]]], seed: int, cleaner: Cleaner) -> Report:
    report = Report()
    for kind in INJECTORS:  # fixed row order
        report.row(kind)
        if kind == KIND_REWORDED:
            report.row(f"reworded r<={REWORDED_TARGET_MAX_RATE:.2f}")
            for rate in EDIT_RATES:
                report.row(f"reworded r={rate:.2f}")
        elif kind == KIND_STANDFIRST:
            for form in STANDFIRST_FORMS:
                report.row(f"standfirst ({form})")
    for article_id, paragraphs in articles:
        clean_removed = evaluate_clean(report, article_id, paragraphs, cleaner(paragraphs))
        if len(paragraphs) < MIN_PARAGRAPHS:
            report.skipped_articles.append(article_id)
            continue
        report.articles += 1
        variants = inject_all(paragraphs, seed, article_id)
        for kind in set(INJECTORS) - {v.kind for v in variants}:
            report.skipped_variants[kind] += 1
        for injection in variants:
            fates = cleaner(injection.paragraphs)
            evaluate_variant(report, article_id, injection, fates, clean_removed)
    return report


# --- output -----------------------------------------------------------------


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.2f}%" if percent else f"{value:.3f}"


def table_rows(report: Report) -> list[list[str]]:
    rows: list[list[str]] = []
    for name, tally in report.rows.items():
        target = RECALL_TARGETS.get(name)
        verdict = ""
        if target is not None and tally.recall is not None:
            verdict = f">={target:.2f} {'ok' if tally.recall >= target - 1e-12 else 'MISS'}"
        label = name if name in INJECTORS else f"  {name}"
        rows.append(
            [
                label,
                str(tally.variants),
                str(tally.hits),
                _fmt(tally.recall),
                _fmt(tally.kept_original_share),
                verdict,
            ]
        )
    return rows


def removal_lines(report: Report) -> list[str]:
    lines: list[str] = []
    for title, removals in (
        ("injected variants", report.injected_removals),
        ("clean ground truth", report.clean_removals),
    ):
        total = removals.duplicate + removals.boilerplate
        parts = []
        for label, count in (
            ("duplicate", removals.duplicate),
            ("boilerplate", removals.boilerplate),
            ("total", total),
        ):
            share = removals.share(count)
            ok = share is not None and share <= FALSE_REMOVAL_TARGET
            parts.append(f"{label} {count} ({_fmt(share, percent=True)}{'' if ok else ' MISS'})")
        lines.append(
            f"False removals, {title} ({removals.paragraphs} paragraphs, "
            f"target <= {100 * FALSE_REMOVAL_TARGET:.1f}%): " + ", ".join(parts)
        )
        if removals is report.injected_removals:
            lines.append(
                f"  of which not removed in the clean pass (caused by the injected copy): "
                f"{removals.caused_by_injection}"
            )
    by_rule = Counter(f["rule"] for f in report.clean_false_removals if f["state"] == DUPLICATE)
    if by_rule:
        preserved = by_rule["exact"] + by_rule["contained"]
        lines.append(
            "  clean-pass duplicates by rule: "
            + ", ".join(f"{rule} {count}" for rule, count in by_rule.most_common())
            + f" ({preserved} exact or contained: most of their text is in a kept paragraph)"
        )
    return lines


HEADERS = ["kind", "variants", "found", "recall", "kept original", "target"]


def print_report(report: Report, console: Console, seed: int, overrides: dict[str, Any]) -> None:
    title = f"Duplicate injection, seed {seed}, {report.articles} articles"
    if overrides:
        title += " (" + ", ".join(f"{k}={v}" for k, v in overrides.items()) + ")"
    rows = table_rows(report)
    if console.is_terminal:
        table = Table(title=title)
        for header in HEADERS:
            table.add_column(header, justify="left" if header == "kind" else "right")
        for row in rows:
            table.add_row(*row, style="red" if row[-1].endswith("MISS") else None)
        console.print(table)
    else:
        widths = [max(len(r[i]) for r in [HEADERS, *rows]) for i in range(len(HEADERS))]
        print(title)
        for row in [HEADERS, *rows]:
            cells = [
                row[i].ljust(widths[i]) if i == 0 else row[i].rjust(widths[i])
                for i in range(len(row))
            ]
            print("  ".join(cells).rstrip())
    for line in removal_lines(report):
        print(line)
    if report.skipped_articles:
        print(f"Skipped {len(report.skipped_articles)} articles with < {MIN_PARAGRAPHS} paragraphs")
    if report.skipped_variants:
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(report.skipped_variants.items()))
        print(f"Variants not made (nothing to copy): {skipped}")
    for kind in INJECTORS:
        misses = {
            k: v
            for k, v in report.rows[kind].outcomes.items()
            if k != "copy duplicate, original kept"
        }
        if misses:
            print(f"{kind} outcomes: " + ", ".join(f"{k}: {v}" for k, v in misses.items()))


def _short(text: str | None, limit: int = 160) -> str:
    if text is None:
        return "None"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_failures(report: Report, limit: int) -> None:
    groups: list[tuple[str, list[dict[str, Any]]]] = [
        ("Missed injections", report.missed),
        ("Wrong copy kept", report.wrong_copy_kept),
        (
            "False removals (duplicate) in injected variants",
            [f for f in report.false_removals if f["state"] == DUPLICATE],
        ),
        (
            "False removals (boilerplate) in injected variants",
            [f for f in report.false_removals if f["state"] == BOILERPLATE],
        ),
        (
            "False removals (duplicate) in clean ground truth",
            [f for f in report.clean_false_removals if f["state"] == DUPLICATE],
        ),
        (
            "False removals (boilerplate) in clean ground truth",
            [f for f in report.clean_false_removals if f["state"] == BOILERPLATE],
        ),
    ]
    for title, items in groups:
        print(f"\n{title}: {len(items)} (first {min(limit, len(items))})")
        for item in items[:limit]:
            if "injected_text" in item:
                rate = f" r={item['rate']:.2f}" if item["rate"] is not None else ""
                print(
                    f"- {item['article'][:12]} {item['kind']} ({item['form']}{rate}): "
                    f"{item['outcome']}"
                )
                for role in ("injected", "original"):
                    fate = item[role]
                    extra = ""
                    if fate["state"] != KEPT:
                        extra = (
                            f" [{fate['rule']}, of #{fate['duplicate_of_index']}, "
                            f"sim {fate['similarity']}]"
                        )
                    print(
                        f"    {role} #{item[f'{role}_index']}{extra}: "
                        f"{_short(item[f'{role}_text'])}"
                    )
            else:
                print(
                    f"- {item['article'][:12]} {item['variant'] or 'clean'} #{item['index']} "
                    f"{item['state']} [{item['rule']}, of #{item['duplicate_of_index']}, "
                    f"sim {item['similarity']}, x{item['occurrences_in_article']} in article]: "
                    f"{_short(item['text'])}"
                )
                if item["duplicate_of"] is not None:
                    print(f"    kept: {_short(item['duplicate_of'])}")


def report_record(
    report: Report, seed: int, folder: Path, config: Config, overrides: dict[str, Any]
) -> dict[str, Any]:
    return {
        "dataset": str(folder),
        "seed": seed,
        "overrides": {
            k: (v.value if isinstance(v, enum.Enum) else v) for k, v in overrides.items()
        },
        "config": config_record(config),
        "articles": report.articles,
        "skipped_articles": report.skipped_articles,
        "skipped_variants": dict(report.skipped_variants),
        "recall_targets": RECALL_TARGETS,
        "false_removal_target": FALSE_REMOVAL_TARGET,
        "rows": {name: tally.to_record() for name, tally in report.rows.items()},
        "false_removals": {
            "injected_variants": report.injected_removals.to_record(),
            "clean_ground_truth": report.clean_removals.to_record(),
        },
        "failures": {
            "missed": report.missed,
            "wrong_copy_kept": report.wrong_copy_kept,
            "false_removals": report.false_removals,
            "clean_false_removals": report.clean_false_removals,
        },
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("dataset", nargs="?", default="../shared/data/aeb", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None, help="write all figures here")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="override a Config field"
    )
    args = parser.parse_args(argv)
    try:
        args.overrides = parse_overrides(args.set)
        args.config = Config(**args.overrides)
    except (ValueError, ConfigError) as error:
        parser.error(str(error))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    articles = load_articles(args.dataset)
    report = run(articles, args.seed, make_cleaner(args.config))
    print_report(report, Console(), args.seed, args.overrides)
    if args.show_failures > 0:
        print_failures(report, args.show_failures)
    if args.json is not None:
        record = report_record(report, args.seed, args.dataset, args.config, args.overrides)
        args.json.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
