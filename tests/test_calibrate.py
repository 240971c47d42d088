"""Calibration: figures checked against the pipeline itself, the terminal view, the command.

Rewrite the snapshot after an intended change with::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_calibrate.py
"""

from __future__ import annotations

import io
import json
import os
import random
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner
from typer.testing import Result as CliResult

import dedupe_news.cli as cli
from dedupe_news.calibrate import BINS, Calibration, calibrate
from dedupe_news.calibrate_view import CalibrationView
from dedupe_news.config import Config
from dedupe_news.features import paragraph_features
from dedupe_news.near_dup import MatchKind, overlap
from dedupe_news.pipeline import clean_blocks, clean_file
from dedupe_news.result import Result

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "seed" / "000_f3ea3e044085c9d1.txt"
FOOTBALL = FIXTURES / "cases" / "en-football-trap" / "input.html"
SAMPLE = [SEED, *sorted(FIXTURES.glob("cases/*/input.*"))]
SNAPSHOT = ROOT / "tests" / "snapshots" / "calibrate_80.txt"
ENV: Mapping[str, str | None] = {
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "NO_COLOR": "1",
    "COLUMNS": "100",
}


def _relative(result: Result) -> Result:
    return replace(result, source=Path(result.source).relative_to(ROOT).as_posix())


@pytest.fixture(scope="module")
def sample() -> list[Result]:
    return [_relative(clean_file(path)) for path in SAMPLE]


@pytest.fixture(scope="module")
def calibration(sample: list[Result]) -> Calibration:
    return calibrate(sample, Config())


def _duplicates(results: list[Result]) -> int:
    return sum(r.counts()["duplicate"] for r in results)


def invoke(*args: str | Path) -> CliResult:
    return CliRunner(env=ENV).invoke(cli.app, [str(a) for a in args])


# --- the figures agree with cleaning --------------------------------------------------


def test_current_row_removes_what_cleaning_removes(
    sample: list[Result], calibration: Calibration
) -> None:
    current = [w for w in calibration.what_if if w.current]
    assert [w.setting for w in current] == ["threshold", "containment_threshold"]
    assert all(w.paragraphs_removed == _duplicates(sample) for w in current)
    assert all(w.added == w.dropped == 0 for w in current)


def test_every_what_if_row_is_what_cleaning_would_do(calibration: Calibration) -> None:
    for row in calibration.what_if:
        changed = replace(Config(), **{row.setting: row.value})
        cleaned = [clean_file(path, changed) for path in SAMPLE]
        assert row.paragraphs_removed == _duplicates(cleaned), row


def test_what_if_rows_cover_the_steps(calibration: Calibration) -> None:
    values = {
        setting: [w.value for w in calibration.what_if if w.setting == setting]
        for setting in ("threshold", "containment_threshold")
    }
    assert values == {
        "threshold": [0.4, 0.45, 0.5, 0.55, 0.6],
        "containment_threshold": [0.65, 0.7, 0.75, 0.8, 0.85],
    }


def test_added_and_dropped_account_for_the_pair_count(calibration: Calibration) -> None:
    now = next(w for w in calibration.what_if if w.current)
    for row in calibration.what_if:
        assert row.duplicate_pairs == now.duplicate_pairs + row.added - row.dropped


def test_histogram_holds_every_pair(calibration: Calibration) -> None:
    bins = calibration.histogram
    assert len(bins) == BINS
    assert sum(b.pairs for b in bins) == len(calibration.pairs) > 0
    for pair in calibration.pairs:
        holder = [b for b in bins if b.low <= pair.score < b.high or b.high == pair.score == 1.0]
        assert len(holder) == 1


def test_scores_are_the_pipeline_score(calibration: Calibration) -> None:
    for pair in calibration.pairs:
        a = paragraph_features(pair.first_text, 2)
        b = paragraph_features(pair.second_text, 2)
        assert pair.score == overlap(a, b)


def test_every_removed_duplicate_has_a_duplicate_pair(
    sample: list[Result], calibration: Calibration
) -> None:
    duplicate_pairs = {(p.source, p.first, p.second) for p in calibration.pairs if p.duplicate}
    for result in sample:
        for verdict in result.removed:
            removal = verdict.removal
            assert removal is not None
            if removal.duplicate_of is None:
                continue
            pair = tuple(sorted((verdict.index, removal.duplicate_of)))
            assert (result.source, *pair) in duplicate_pairs


def test_seed_pairs(calibration: Calibration) -> None:
    seed = {(p.first, p.second): p for p in calibration.pairs if p.source.endswith(SEED.name)}
    # The lead (¶2) against its copy after the ad (¶5) and its rewording (¶17).
    assert seed[(1, 4)].status == MatchKind.EXACT
    assert seed[(1, 4)].score == 1.0
    assert seed[(1, 16)].status == MatchKind.NEAR
    assert seed[(6, 15)].status == MatchKind.CONTAINED


def test_a_swapped_number_is_explained(calibration: Calibration) -> None:
    football = [p for p in calibration.pairs if "football" in p.source and p.score >= 0.5]
    assert football
    assert {p.status for p in football} == {"facts differ"}


def test_examples_sit_either_side_of_the_threshold(calibration: Calibration) -> None:
    above = [p.score for p in calibration.above]
    below = [p.score for p in calibration.below]
    assert above == sorted(above) and all(s >= 0.5 for s in above)
    assert below == sorted(below, reverse=True) and all(0 < s < 0.5 for s in below)
    assert len(above) == len(below) == 3
    nearest_above = min(p.score for p in calibration.pairs if p.score >= 0.5)
    assert above[0] == nearest_above


def test_thresholds_out_of_range_are_left_out(sample: list[Result]) -> None:
    result = calibrate(sample, Config(threshold=0.95, containment_threshold=1.0))
    assert [w.value for w in result.what_if if w.setting == "threshold"] == [0.85, 0.9, 0.95, 1.0]
    assert max(w.value for w in result.what_if) == 1.0


def test_empty_sample() -> None:
    result = calibrate([], Config())
    assert result.pairs == ()
    assert result.documents == 0
    assert "No candidate pairs" in _render(result)


paragraph = st.lists(
    st.sampled_from("the council approved a new plan for the old harbour on Monday 12 3".split()),
    min_size=0,
    max_size=14,
).map(lambda words: " ".join(words) + ".")


@settings(max_examples=60, deadline=None)
@given(blocks=st.lists(paragraph, min_size=1, max_size=10), threshold=st.sampled_from([0.3, 0.5]))
def test_property_current_row_matches_cleaning(blocks: list[str], threshold: float) -> None:
    config = Config(threshold=threshold)
    result = clean_blocks(blocks, config)
    calibration = calibrate([result], config)
    for row in calibration.what_if:
        changed = replace(config, **{row.setting: row.value})
        assert row.paragraphs_removed == clean_blocks(blocks, changed).counts()["duplicate"]


# --- terminal view ---------------------------------------------------------------------


def _render(calibration: Calibration, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(CalibrationView(calibration))
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return "\n".join(line.rstrip() for line in stream.getvalue().splitlines()) + "\n"


def test_view_matches_snapshot(calibration: Calibration) -> None:
    rendered = _render(calibration)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_view_fits_the_width(calibration: Calibration, width: int) -> None:
    lines = _render(calibration, width).splitlines()
    assert max(len(line) for line in lines) <= width
    assert sum("◀ threshold 0.50" in line for line in lines) == 1
    assert sum("◀ containment 0.75" in line for line in lines) == 1


def test_view_marks_the_thresholds_in_their_bins(sample: list[Result]) -> None:
    rendered = _render(calibrate(sample, Config(threshold=0.62, containment_threshold=0.9)))
    rows = {line.split()[0]: line for line in rendered.splitlines() if "–" in line[:10]}
    assert "◀ threshold 0.62" in rows["0.60–0.65"]
    assert "◀ containment 0.90" in rows["0.90–0.95"]


# --- the command -----------------------------------------------------------------------


def test_help_has_an_example() -> None:
    result = invoke("calibrate", "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout
    assert "dedupe-news calibrate" in result.stdout


def test_command_prints_the_view() -> None:
    result = invoke("calibrate", SEED, "--width", "80")
    assert result.exit_code == 0, result.output
    assert "Overlap of" in result.stdout
    assert "◀ threshold 0.50" in result.stdout
    assert "What a change would do" in result.stdout
    assert result.stderr == ""


def test_command_json_is_the_api(sample: list[Result]) -> None:
    result = invoke("calibrate", *SAMPLE, "--json", "--threshold", "0.6", "--examples", "2")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    config = Config(threshold=0.6)
    expected = calibrate([clean_file(p, config) for p in SAMPLE], config, examples=2)
    assert printed == json.loads(json.dumps(expected.to_dict()))
    assert printed["settings"]["threshold"] == 0.6
    assert len(printed["examples"]["above"]) == 2


def test_command_passes_every_option(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Config] = []

    def spy(path: str | Path, config: Config) -> Result:
        seen.append(config)
        return clean_file(path, config)

    monkeypatch.setattr(cli, "clean_file", spy)
    options = ["--threshold", "0.6", "--containment-threshold", "0.8", "--shingle-size", "3"]
    result = invoke("calibrate", SEED, *options, "--min-words", "4", "--language", "en")
    assert result.exit_code == 0, result.output
    expected = Config(
        threshold=0.6, containment_threshold=0.8, shingle_size=3, min_words=4, language="en"
    )
    assert seen == [expected]
    assert invoke("calibrate", SEED).exit_code == 0
    assert seen[-1] == Config()


def test_missing_input_among_good_ones(tmp_path: Path) -> None:
    result = invoke("calibrate", SEED, tmp_path / "missing.html", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["documents"] == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("dedupe-news: error: ")
    assert "missing.html" in errors[0]


def test_every_input_failing_prints_nothing(tmp_path: Path) -> None:
    result = invoke("calibrate", tmp_path / "missing.html")
    assert result.exit_code == 1
    assert result.stdout == ""


@pytest.mark.parametrize(
    "option",
    [
        ("--threshold", "1.5"),
        ("--containment-threshold", "0"),
        ("--shingle-size", "0"),
        ("--min-words", "0"),
        ("--examples", "-1"),
        ("--language", "xx"),
        ("--width", "10"),
    ],
)
def test_bad_option_is_a_usage_error(option: tuple[str, str]) -> None:
    result = invoke("calibrate", SEED, *option)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_no_arguments_is_a_usage_error() -> None:
    assert invoke("calibrate").exit_code == 2


def test_readme_shows_the_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = "red from the threshold's bin up):\n\n```text\n"
    start = readme.index(marker) + len(marker)
    shown = readme[start : readme.index("\n```\n", start)] + "\n"
    assert shown == SNAPSHOT.read_text(encoding="utf-8")


def test_long_document_uses_the_stage_candidates() -> None:
    # Above Config.lsh_min_paragraphs the stage verifies LSH candidates, not every pair.
    words = "harbour council plan vote budget ferry school road bridge tax port".split()
    rng = random.Random(7)
    blocks = [" ".join(rng.choice(words) for _ in range(18)) + "." for _ in range(80)]
    blocks += [blocks[3], blocks[10].replace("council", "mayor", 1), blocks[20][:60] + "."]
    result = clean_blocks(blocks)
    calibration = calibrate([result], Config())
    eligible = len(blocks)
    assert len(calibration.pairs) < eligible * (eligible - 1) // 2
    now = next(w for w in calibration.what_if if w.current)
    assert now.paragraphs_removed == result.counts()["duplicate"] > 0
    for row in calibration.what_if:
        changed = replace(Config(), **{row.setting: row.value})
        assert row.paragraphs_removed == clean_blocks(blocks, changed).counts()["duplicate"]


def test_command_reads_the_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dedupe-news.toml").write_text("threshold = 0.6\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_file = invoke("calibrate", SEED, "--json")
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.stdout)["settings"]["threshold"] == 0.6
    overridden = invoke("calibrate", SEED, "--json", "--threshold", "0.55")
    assert json.loads(overridden.stdout)["settings"]["threshold"] == 0.55


def test_command_applies_the_site_rules_of_the_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = ROOT / "tests" / "fixtures" / "cases" / "seed-html" / "input.html"
    plain = json.loads(invoke("calibrate", page, "--json").stdout)
    host = clean_file(page).metadata.url
    assert host is not None
    site = host.split("/")[2].removeprefix("www.")
    # A keep rule that protects every paragraph leaves nothing to remove as a duplicate.
    settings = f'[sites."{site}"]\nkeep = [".*"]\n'
    (tmp_path / "dedupe-news.toml").write_text(settings, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    protected = json.loads(invoke("calibrate", page, "--json").stdout)
    removed = [row["paragraphs_removed"] for row in plain["what_if"] if row["current"]]
    assert removed and removed[0] > 0
    assert all(row["paragraphs_removed"] == 0 for row in protected["what_if"] if row["current"])
