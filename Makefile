# Set-up is part of every target: a fresh machine with only Python 3.11 needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data/aeb
FIXTURES := tests/fixtures/seed/000_f3ea3e044085c9d1.txt tests/fixtures/cases/seed-html/input.html

.PHONY: install browser run test lint typecheck bench-quality bench-duplicates bench-duplicates-heldout bench-speed \
	bench-throughput bench-corpus fuzz redis-server clean

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

# The Redis index tests start a real redis-server: install Debian's when missing.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { \
		command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
		&& (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null) \
		|| echo "redis-server could not be installed: the Redis tests will be skipped"; }

test: $(STAMP) $(CHROMIUM) redis-server
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

# The same on five sets of original articles written for this project, each
# held out from the rule design until it was first measured (the fifth in
# Chinese, Japanese and Korean).
bench-duplicates-heldout: $(STAMP)
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles --seed 0
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles --seed 1
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles-2 --seed 0
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles-2 --seed 1
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles-3 --seed 0
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles-3 --seed 1
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles-4 --seed 0
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles-4 --seed 1
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles-5 --seed 0
	$(BIN)/python benchmarks/duplicates.py benchmarks/data/heldout-articles-5 --seed 1

bench-speed: $(STAMP)
	$(BIN)/python benchmarks/speed.py $(DATA)

bench-throughput: $(STAMP)
	$(BIN)/python benchmarks/throughput.py $(DATA)/html --repeat 4
# Coverage-guided fuzzing (atheris) of clean_html/clean_text/clean_file; not part of `make test`.
FUZZ_SECONDS ?= 600
FUZZ_CORPUS ?= .fuzz-corpus
fuzz: $(STAMP)
	@$(BIN)/python -c "import atheris" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[dev,fuzz]'
	@mkdir -p $(FUZZ_CORPUS) $(FUZZ_CORPUS)-crashes
	@for case in tests/fixtures/cases/*/; do cp -n $$case/input.* $(FUZZ_CORPUS)/$$(basename $$case).seed 2>/dev/null || true; done
	$(BIN)/python fuzz/fuzz_clean.py $(FUZZ_CORPUS) -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
		-rss_limit_mb=3000 -max_len=65536 -artifact_prefix=$(FUZZ_CORPUS)-crashes/

bench-corpus: $(STAMP)
	$(BIN)/python benchmarks/corpus.py $(DATA)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
