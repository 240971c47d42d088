"""Coverage-guided fuzzing of the entry points with atheris (libFuzzer).

Run with ``make fuzz`` (``FUZZ_SECONDS``, default 600). Each input is cleaned
through one of ``clean_html`` (bytes or str), ``clean_text``, ``clean_file``
(plain, gzip, or a ``.gz`` name on bytes that are not gzip). Any exception
other than the documented ``InputError`` / ``ExtractionError`` is a crash, and
so is a result that breaks the verdict invariants.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from pathlib import Path

import atheris

# Only the project is instrumented: its coverage is what guides the search.
with atheris.instrument_imports(include=["dedupe_news"]):
    from dedupe_news import Config, Result, clean_blocks, clean_file, clean_html, clean_text
    from dedupe_news.extract import ExtractionError
    from dedupe_news.inputs import InputError

# Small limits so that libFuzzer explores many inputs, not a few big ones.
CONFIG = Config(max_input_bytes=256 * 1024, max_paragraphs=2_000)
SUFFIXES = (".html", ".txt", ".html.gz", ".txt.gz", ".htm", "")
WORKDIR = Path(tempfile.mkdtemp(prefix="dedupe-news-fuzz-"))


def check_invariants(result: Result) -> None:
    """Every block has one verdict, in order; removals say why; cleaning again is a no-op."""
    verdicts = result.verdicts
    assert [v.index for v in verdicts] == list(range(len(verdicts)))
    for verdict in verdicts:
        assert verdict.block.text.strip(), "empty block"
        removal = verdict.removal
        if removal is None:
            continue
        assert removal.rule and removal.label, "removal without a rule"
        if removal.duplicate_of is not None:
            assert verdicts[removal.duplicate_of].removal is None, "duplicate of a removed block"
    result.to_record()
    again = clean_blocks(
        [v.block for v in result.kept], CONFIG, metadata=result.metadata, source=result.source
    )
    assert again.removed == (), f"not idempotent: {again.removed[0]}"


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    mode = provider.ConsumeIntInRange(0, 4)
    payload = provider.ConsumeBytes(provider.remaining_bytes())
    try:
        if mode == 0:
            result = clean_html(payload, CONFIG)
        elif mode == 1:
            result = clean_html(payload.decode("utf-8", "surrogateescape"), CONFIG)
        elif mode == 2:
            result = clean_text(payload.decode("utf-8", "replace"), CONFIG)
        else:
            suffix = SUFFIXES[len(payload) % len(SUFFIXES)]
            path = WORKDIR / f"input{suffix}"
            content = gzip.compress(payload) if mode == 3 and suffix.endswith(".gz") else payload
            path.write_bytes(content)
            result = clean_file(path, CONFIG)
    except (InputError, ExtractionError):
        return
    check_invariants(result)


def main() -> None:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
