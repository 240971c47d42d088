"""explain: every rule and score for one paragraph, and a verdict that is the pipeline's."""

from __future__ import annotations

import io
import json
import re
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner, Result

import dedupe_news.cli as cli
from dedupe_news import Config, Document, KeepPolicy, Reason, clean_document, clean_file
from dedupe_news.boilerplate import compile_pattern
from dedupe_news.explain import Explanation, explain_document, explain_file
from dedupe_news.explain_report import ExplanationReport
from dedupe_news.pipeline import read_document
from dedupe_news.site_rules import SitePattern, SiteRules
from tests.conftest import CASES, SEED

ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1", "COLUMNS": "120"}


def invoke(*args: object) -> Result:
    return CliRunner(env=ENV).invoke(cli.app, [str(a) for a in args])


def _index(reason: Reason | None, rule: str | None = None) -> int:
    """The first seed paragraph with this fate."""
    for verdict in clean_file(SEED).verdicts:
        removal = verdict.removal
        if reason is None and removal is None:
            return verdict.index
        if removal is not None and removal.reason is reason and rule in (None, removal.rule):
            return verdict.index
    raise AssertionError(f"no {reason} paragraph in the seed")


def test_kept_paragraph() -> None:
    index = _index(None)
    explanation = explain_file(SEED, index)
    assert explanation.kept
    assert not any(check.matched for check in explanation.boilerplate_rules)
    assert explanation.boilerplate_rules, "the bundled rules are listed as tried"
    assert [c.name for c in explanation.exemptions][:2] == [
        "heading, list item or table row",
        "too short",
    ]
    assert explanation.verdict.startswith("kept")


def test_boilerplate_paragraph() -> None:
    index = _index(Reason.BOILERPLATE)
    expected = clean_file(SEED).verdicts[index].removal
    explanation = explain_file(SEED, index)
    assert explanation.removal == expected
    matched = [c.rule for c in explanation.boilerplate_rules if c.matched]
    assert expected is not None and matched[0] == expected.rule
    assert expected.rule in explanation.verdict
    # Not offered to duplicate detection at all.
    assert explanation.exemptions == () and explanation.similar == ()


def test_duplicate_paragraph() -> None:
    index = _index(Reason.DUPLICATE, "near-duplicate")
    expected = clean_file(SEED).verdicts[index].removal
    assert expected is not None and expected.duplicate_of is not None
    explanation = explain_file(SEED, index)
    assert explanation.removal == expected
    best = {s.index: s for s in explanation.similar}[expected.duplicate_of]
    assert best.duplicate and best.outcome == "near-duplicate"
    assert best.similarity == expected.similarity >= explanation.threshold
    assert best.guards and not any(g.applies for g in best.guards[:3])
    assert f"¶{expected.duplicate_of + 1}" in explanation.verdict
    assert not any(check.applies for check in explanation.exemptions[:2])


def test_kept_original_names_its_copies() -> None:
    copies = [v for v in clean_file(SEED).removed if v.removal and v.removal.duplicate_of == 1]
    assert copies
    explanation = explain_file(SEED, 1)
    assert explanation.kept
    for copy in copies:
        assert f"¶{copy.index + 1}" in explanation.verdict


MEAL_PLAN = next(c for c in CASES if c.name == "en-meal-plan-template-trap") / "input.html"


def _paragraph(path: object, start: str) -> int:
    return next(v.index for v in clean_file(str(path)).verdicts if v.block.text.startswith(start))


def test_a_dish_in_the_same_slot_is_explained() -> None:
    first = _paragraph(MEAL_PLAN, "Overnight oats")
    later = explain_file(MEAL_PLAN, first + 7)
    assert later.text.startswith("Overnight oats") and later.kept
    same_slot = next(s for s in later.similar if s.index == first)
    assert same_slot.outcome == "same slot of a repeating template"
    assert not same_slot.duplicate and same_slot.similarity >= later.threshold


KEY_POINTS = (
    next(c for c in CASES if c.name == "en-nextjs-foldable-launch-key-points-specs") / "input.html"
)


def test_a_summary_item_restating_a_paragraph_is_explained() -> None:
    bullet = explain_file(KEY_POINTS, _paragraph(KEY_POINTS, "Arcadia has dropped"))
    source = _paragraph(KEY_POINTS, "The biggest sacrifice")
    assert bullet.removal is not None and bullet.removal.duplicate_of == source
    pair = next(s for s in bullet.similar if s.index == source)
    assert pair.outcome == "summary item restating the paragraph" and pair.duplicate
    # It needs the threshold, not the containment a fragment needs.
    assert pair.threshold == bullet.threshold < pair.similarity < bullet.containment_threshold
    label = explain_file(KEY_POINTS, _paragraph(KEY_POINTS, "Key points"))
    assert label.removal is not None and label.removal.rule == "common/orphan-label"


def test_a_swapped_word_is_explained() -> None:
    post = explain_file(MEAL_PLAN, _paragraph(MEAL_PLAN, "Pro tip: Find more post-run"))
    assert post.kept
    pre = next(s for s in post.similar if s.text.startswith("Pro tip: Find more pre-run"))
    assert pre.outcome == "facts differ" and not pre.duplicate
    assert any(c.name == "one word swapped" and c.applies for c in pre.guards)


# --- the verdict is always the pipeline's ----------------------------------------------


@cache
def _documents() -> tuple[Document, ...]:
    inputs = [SEED, *(next(case.glob("input.*")) for case in CASES)]
    return tuple(read_document(path) for path in inputs)


def _site_rules(document: Document, index: int) -> SiteRules:
    """Rules for the document's own host built from its paragraphs' first words."""
    words = document.blocks[index].text.split()[:2]
    source = re.escape(" ".join(words)) + ".*"
    rule = SitePattern("site:any.example/x#1", "x", source, compile_pattern(source))
    return SiteRules(
        "any.example", boilerplate=(rule,) * (index % 2), keep=(rule,) * (index % 3 == 0)
    )


@settings(max_examples=150, deadline=None)
@given(
    document_number=st.integers(min_value=0, max_value=len(CASES)),
    position=st.floats(min_value=0, max_value=1, exclude_max=True),
    threshold=st.sampled_from([0.3, 0.5, 0.7, 0.9]),
    containment=st.sampled_from([0.5, 0.75, 0.95]),
    min_words=st.integers(min_value=1, max_value=12),
    keep=st.sampled_from(list(KeepPolicy)),
    switches=st.sampled_from([(True, True), (True, False), (False, True)]),
    with_sites=st.booleans(),
    rule_source=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_explanation_verdict_agrees_with_the_pipeline(
    document_number: int,
    position: float,
    threshold: float,
    containment: float,
    min_words: int,
    keep: KeepPolicy,
    switches: tuple[bool, bool],
    with_sites: bool,
    rule_source: float,
) -> None:
    document = _documents()[document_number]
    count = len(document.blocks)
    sites = (_site_rules(document, int(rule_source * count)),) if with_sites else ()
    config = Config(
        threshold=threshold,
        containment_threshold=containment,
        min_words=min_words,
        keep=keep,
        remove_boilerplate=switches[0],
        remove_duplicates=switches[1],
        sites=sites,
        site="any.example",
    )
    index = int(position * count)
    expected = clean_document(document, config).verdicts[index].removal
    explanation = explain_document(document, index, config)
    assert explanation.removal == expected
    assert explanation.kept == (expected is None)
    assert explanation.verdict.startswith("kept" if expected is None else "removed")


def test_every_fixture_paragraph_agrees_under_defaults() -> None:
    for document in _documents():
        result = clean_document(document)
        for verdict in result.verdicts:
            assert explain_document(document, verdict.index).removal == verdict.removal


# --- command line ----------------------------------------------------------------------


def test_explain_command_renders_rules_scores_and_verdict() -> None:
    index = _index(Reason.DUPLICATE, "near-duplicate")
    removal = clean_file(SEED).verdicts[index].removal
    assert removal is not None and removal.duplicate_of is not None
    result = invoke("explain", SEED, "--paragraph", index + 1)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Exemptions from duplicate removal" in out
    assert "Most similar paragraphs (threshold 0.50" in out
    assert f"Verdict: removed as near-duplicate of ¶{removal.duplicate_of + 1}" in out


def test_explain_json_is_the_explanation() -> None:
    index = _index(Reason.BOILERPLATE)
    result = invoke("explain", SEED, "-p", index + 1, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    explanation: Explanation = explain_file(SEED, index)
    assert record["verdict"] == explanation.verdict
    assert explanation.removal is not None
    assert record["removal"]["rule"] == explanation.removal.rule
    assert len(record["boilerplate_rules"]) == len(explanation.boilerplate_rules)


def test_explain_uses_the_options() -> None:
    index = _index(Reason.BOILERPLATE)
    result = invoke("explain", SEED, "-p", index + 1, "--no-boilerplate")
    assert result.exit_code == 0, result.output
    assert "Verdict: kept" in result.stdout


def test_explain_paragraph_out_of_range_is_bad_input() -> None:
    count = len(clean_file(SEED).verdicts)
    result = invoke("explain", SEED, "-p", count + 1)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        f"dedupe-news: error: {SEED}: no paragraph {count + 1}; "
        f"its paragraphs are numbered 1 to {count} (see diff)"
    ]


def test_explain_missing_file_is_one_line() -> None:
    result = invoke("explain", "does-not-exist.txt", "-p", 1)
    assert result.exit_code == 1
    assert result.stderr.startswith("dedupe-news: error: does-not-exist.txt:")
    assert "Traceback" not in result.output


def test_new_commands_have_help_with_examples() -> None:
    for command in (("explain",), ("config",), ("config", "show")):
        result = invoke(*command, "--help")
        assert result.exit_code == 0, result.output
        assert "Examples" in result.stdout
        assert f"dedupe-news {' '.join(command)}" in result.stdout


# The fixtures' first blocks, several times lsh_min_paragraphs: each paragraph is
# explained against the whole, so the cost grows with the square of the length.
LONG_DOCUMENT_BLOCKS = 400


def test_long_documents_agree_and_say_lsh_chose_the_pairs() -> None:
    blocks = tuple(block for document in _documents() for block in document.blocks)
    blocks = blocks[:LONG_DOCUMENT_BLOCKS]
    long_document = Document(blocks, _documents()[0].metadata, "<all fixtures>")
    config = Config()
    result = clean_document(long_document, config)
    assert len(blocks) > config.lsh_min_paragraphs
    explanations = [explain_document(long_document, v.index, config) for v in result.verdicts]
    assert [e.removal for e in explanations] == [v.removal for v in result.verdicts]
    assert any(e.lsh_candidates for e in explanations)
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(ExplanationReport(next(e for e in explanations if e.lsh_candidates)))
    assert "MinHash LSH" in console.export_text()
