"""Shared fixtures: paths of the bundled pages."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed" / "000_f3ea3e044085c9d1.txt"
CASES = sorted(p for p in (FIXTURES / "cases").iterdir() if p.is_dir())


@pytest.fixture
def seed_path() -> Path:
    return SEED
