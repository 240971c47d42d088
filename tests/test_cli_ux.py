"""Fixes from the usability review: each test runs the real command as a user would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from batch_support import SEED, run_cli


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


# --- 1. the errors file belongs to the run that wrote the output ------------------------


def _batch_with_one_bad_page(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "a.txt")
    (folder / "b.txt").write_bytes(b"\x00\x01 binary \x00" * 20)
    return folder, folder / "b.txt"


def test_a_run_without_resume_starts_a_fresh_errors_file(tmp_path: Path) -> None:
    folder, bad = _batch_with_one_bad_page(tmp_path)
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", folder, "-o", out).returncode == 1
    assert len(_lines(tmp_path / "out.errors.jsonl")) == 1
    shutil.copyfile(SEED, bad)
    done = run_cli("clean", folder, "-o", out)
    assert done.returncode == 0, done.stderr
    assert _lines(tmp_path / "out.errors.jsonl") == []
    assert len(_lines(out)) == 2


def test_resume_retries_documents_that_failed(tmp_path: Path) -> None:
    folder, bad = _batch_with_one_bad_page(tmp_path)
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", folder, "-o", out).returncode == 1
    shutil.copyfile(SEED, bad)
    done = run_cli("clean", folder, "-o", out, "--resume")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["source"] for line in _lines(out)] == [
        str(folder / "a.txt"),
        str(bad),
    ]
    assert _lines(tmp_path / "out.errors.jsonl") == []
