# Set-up is part of every target: a fresh machine with only Python 3.11 needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data/aeb
FIXTURES := tests/fixtures/seed/000_f3ea3e044085c9d1.txt tests/fixtures/cases/seed-html/input.html

.PHONY: install browser run test lint typecheck bench-quality bench-duplicates bench-speed bench-throughput clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/dedupe-news diff $(FIXTURES)

# Headless Chromium for the HTML report's browser test (Debian packages, installed when missing).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	@if command -v apt-get >/dev/null; then \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=600 update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y --no-install-recommends chromium chromium-driver; \
	else echo "no apt-get here: the browser test of the HTML report will be skipped"; fi

browser: $(CHROMIUM)

test: $(STAMP) $(CHROMIUM)
	$(BIN)/ruff check dedupe_news tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check dedupe_news tests benchmarks
	$(BIN)/ruff format --check dedupe_news tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

bench-quality: $(STAMP)
	$(BIN)/python benchmarks/quality.py $(DATA) --halves

bench-duplicates: $(STAMP)
	$(BIN)/python benchmarks/duplicates.py $(DATA)

bench-speed: $(STAMP)
	$(BIN)/python benchmarks/speed.py $(DATA)

bench-throughput: $(STAMP)
	$(BIN)/python benchmarks/throughput.py $(DATA)/html

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
