"""User-set limits are enforced with clear errors; bounded work on huge documents."""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from datasketch import MinHash
from test_bad_inputs import error_lines, run_cli

from dedupe_news import BlockKind, Config, ConfigError, clean_blocks, near_dup
from dedupe_news import candidates as candidate_generation
from dedupe_news.candidates import MAX_CANDIDATES, candidate_rows
from dedupe_news.features import paragraph_features
from dedupe_news.fingerprint import CHUNK_SHINGLES, SCHEME, Fingerprinter, shingle_hash
from dedupe_news.inputs import InputError
from dedupe_news.near_dup import MAX_VERIFIED, Candidate, find_duplicates
from dedupe_news.paragraph_batch import features_of_paragraphs

PARAGRAPHS = [f"Paragraph number {i} says something new about topic {i * 7}." for i in range(5)]


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text("\n\n".join(PARAGRAPHS), encoding="utf-8")
    return path


def test_max_paragraphs_refuses_longer_documents(story: Path) -> None:
    done = run_cli("clean", story, "--max-paragraphs", "4", cwd=story.parent)
    (line,) = error_lines(done.stderr)
    assert line["file"] == str(story)
    assert line["reason"] == "5 paragraphs, more than the limit of 4 (see --max-paragraphs)"
    assert done.returncode == 1
    assert run_cli("clean", story, "--max-paragraphs", "5", cwd=story.parent).returncode == 0


def test_max_bytes_applies_to_the_decompressed_size(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    text = "\n\n".join(PARAGRAPHS).encode()
    path.write_bytes(gzip.compress(text))
    done = run_cli("clean", path, "--max-bytes", str(len(text) - 1), cwd=tmp_path)
    (line,) = error_lines(done.stderr)
    assert line["reason"] == f"larger than {len(text) - 1:,} bytes once decompressed"
    assert run_cli("clean", path, "--max-bytes", str(len(text)), cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("option", ["--max-paragraphs", "--max-bytes"])
def test_limits_below_one_are_usage_errors(option: str, story: Path) -> None:
    done = run_cli("clean", story, option, "0", cwd=story.parent)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_config_limits_are_validated() -> None:
    with pytest.raises(ConfigError):
        Config(max_paragraphs=0)
    with pytest.raises(ConfigError):
        Config(max_input_bytes=0)
    with pytest.raises(InputError, match="more than the limit of 2"):
        clean_blocks(PARAGRAPHS, Config(max_paragraphs=2))


def test_safe_defaults() -> None:
    defaults = Config()
    assert defaults.max_input_bytes == 10 * 1024 * 1024
    assert defaults.max_paragraphs == 20_000


def test_signatures_across_chunk_boundaries_equal_datasketch() -> None:
    # One paragraph larger than a chunk, and paragraphs that straddle chunk edges.
    texts = [
        " ".join(f"w{i}" for i in range(CHUNK_SHINGLES + 500)),
        " ".join(f"x{i}" for i in range(CHUNK_SHINGLES // 2 + 3)),
        "",
        " ".join(f"y{i}" for i in range(CHUNK_SHINGLES - 7)),
        "a short one here",
    ]
    features = [paragraph_features(t, 2) for t in texts]
    signatures = Fingerprinter(num_perm=32).signatures([f.shingles for f in features])
    for row, feature in zip(signatures, features, strict=True):
        reference = MinHash(num_perm=32, seed=1, scheme=SCHEME, hashfunc=shingle_hash)
        tokens = feature.tokens
        for i in range(len(tokens) - 1):
            reference.update(tokens[i : i + 2])
        if len(tokens) == 1:
            reference.update(tokens)
        assert np.array_equal(row, reference.hashvalues)


def test_near_identical_paragraphs_are_cleaned_in_bounded_work() -> None:
    # 3,000 paragraphs that differ only in a number: none is a duplicate, and the
    # candidate search must not verify every pair (it would take minutes).
    story = "The council approved tram line {} after a debate that lasted six hours today."
    result = clean_blocks([story.format(i) for i in range(3000)])
    assert result.counts()["kept"] == 3000


def _look_alikes(count: int) -> list[Candidate]:
    # Each 60 words from the same 28: every paragraph shares word pairs with
    # hundreds of others, and none is a copy of another.
    rng = random.Random(0)
    words = "harbour council plan vote budget ferry school road bridge tax port mayor river".split()
    words += "train house street market water power grid rail green city night money board".split()
    words.append("union")
    texts = [" ".join(rng.choice(words) for _ in range(60)) for _ in range(count)]
    features = features_of_paragraphs(texts, Config().shingle_size)
    return [Candidate(i, BlockKind.PARAGRAPH, f) for i, f in enumerate(features)]


def _count_calls(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str
) -> Callable[[], int]:
    """Count the calls of ``module.<name>`` from now on."""
    calls = 0
    function = getattr(module, name)

    def counted(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        return function(*args)

    monkeypatch.setattr(module, name, counted)
    return lambda: calls


def test_look_alike_paragraphs_keep_a_bounded_number_of_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each paragraph finds about a thousand earlier look-alikes: held for every
    # paragraph at once, they took 7 GB for 19,000 such paragraphs.
    candidates = _look_alikes(1500)
    ranked = _count_calls(monkeypatch, candidate_generation, "_most_similar_first")
    rows = candidate_rows(candidates, Config())
    next(rows)
    assert ranked() == 1  # rows are made as they are asked for, not all at once
    lengths = [len(row) for row in rows]
    assert max(lengths) == MAX_CANDIDATES  # more look-alikes than that were found
    assert sum(lengths) < len(candidates) * MAX_CANDIDATES


def test_look_alike_paragraphs_verify_a_bounded_number_of_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    candidates = _look_alikes(1500)
    verified = _count_calls(monkeypatch, near_dup, "pair_match")
    assert find_duplicates(candidates, Config()) == []  # so the page is judged once
    assert 0 < verified() <= len(candidates) * MAX_VERIFIED
