# Set-up is part of every target: a fresh machine with only Python 3.11 needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data/aeb
FIXTURES := tests/fixtures/seed/000_f3ea3e044085c9d1.txt tests/fixtures/cases/seed-html/input.html

.PHONY: install run test lint typecheck bench-quality bench-duplicates bench-speed bench-throughput clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/dedupe-news diff $(FIXTURES)

test: $(STAMP)
	$(BIN)/ruff check dedupe_news tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check dedupe_news tests benchmarks
	$(BIN)/ruff format --check dedupe_news tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

bench-quality: $(STAMP)
	$(BIN)/python benchmarks/quality.py $(DATA)

bench-duplicates: $(STAMP)
	$(BIN)/python benchmarks/duplicates.py $(DATA)

bench-speed: $(STAMP)
	$(BIN)/python benchmarks/speed.py $(DATA)

bench-throughput: $(STAMP)
	$(BIN)/python benchmarks/throughput.py $(DATA)/html

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
