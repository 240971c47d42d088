# Set-up is part of every target: a fresh machine with only Python 3.11 needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data/aeb
FIXTURES := tests/fixtures/seed/000_f3ea3e044085c9d1.txt tests/fixtures/cases/seed-html/input.html

.PHONY: install run test lint typecheck bench-quality bench-duplicates bench-speed bench-corpus \
	redis-server clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/dedupe-news diff $(FIXTURES)

# The Redis index tests start a real redis-server: install Debian's when missing.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { \
		command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
		&& (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null) \
		|| echo "redis-server could not be installed: the Redis tests will be skipped"; }

test: $(STAMP) redis-server
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

bench-corpus: $(STAMP)
	$(BIN)/python benchmarks/corpus.py $(DATA)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
