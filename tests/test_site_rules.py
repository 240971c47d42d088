"""Per-site rules: applied by host, keep patterns protect, rules named in the removals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dedupe_news.cli as cli
from dedupe_news import Config, ConfigError, Metadata, Reason, clean_file
from dedupe_news.boilerplate import compile_pattern
from dedupe_news.site_rules import SitePattern, SiteRules, document_host, rules_for_host
from tests.conftest import FIXTURES, SEED

ADS_CASE = FIXTURES / "cases" / "en-newspaper-ads-byline" / "input.html"
OTHER_CASE = FIXTURES / "cases" / "es-pullquote" / "input.html"


def pattern(host: str, kind: str, number: int, source: str) -> SitePattern:
    return SitePattern(
        f"site:{host}/{kind}#{number}", f"{host} rule", source, compile_pattern(source)
    )


def site(host: str, boilerplate: tuple[str, ...] = (), keep: tuple[str, ...] = ()) -> SiteRules:
    return SiteRules(
        host,
        tuple(pattern(host, "boilerplate", n, s) for n, s in enumerate(boilerplate, 1)),
        tuple(pattern(host, "keep", n, s) for n, s in enumerate(keep, 1)),
    )


def starts_with(text: str) -> str:
    """A pattern for a paragraph: its first four words, then anything."""
    return re.escape(" ".join(text.split()[:4])) + " .*"


@pytest.mark.parametrize(
    ("metadata", "override", "expected"),
    [
        (Metadata(url="https://www.Example.com/a/b?c=1"), None, "example.com"),
        (Metadata(url="http://news.example.com:8080/x"), None, "news.example.com"),
        (Metadata(site="Diario del Ebro"), None, None),
        (Metadata(site="techwirehq.example"), None, "techwirehq.example"),
        (Metadata(url="https://a.org/"), "www.B.org", "b.org"),
        (Metadata(), None, None),
    ],
)
def test_document_host(metadata: Metadata, override: str | None, expected: str | None) -> None:
    assert document_host(metadata, override) == expected


def test_subdomains_match_their_parent_entry_most_specific_first() -> None:
    sites = (site("example.com"), site("news.example.com"), site("other.org"))
    assert [s.host for s in rules_for_host(sites, "news.example.com")] == [
        "news.example.com",
        "example.com",
    ]
    assert [s.host for s in rules_for_host(sites, "www.example.com")] == ["example.com"]
    assert rules_for_host(sites, "badexample.com") == ()
    assert rules_for_host(sites, None) == ()


def test_site_boilerplate_applies_to_its_host_only() -> None:
    plain = clean_file(ADS_CASE)
    target = plain.kept[-1]
    host = document_host(plain.metadata)
    assert host is not None
    config = Config(sites=(site(host, boilerplate=(starts_with(target.block.text),)),))
    tuned = clean_file(ADS_CASE, config)
    removal = tuned.verdicts[target.index].removal
    assert removal is not None and removal.reason is Reason.BOILERPLATE
    assert removal.rule == f"site:{host}/boilerplate#1"
    # Nothing else changes, and another site's page is untouched.
    others = [v for v in tuned.verdicts if v.index != target.index]
    assert others == [v for v in plain.verdicts if v.index != target.index]
    assert clean_file(OTHER_CASE, config) == clean_file(OTHER_CASE)


def test_parent_entry_applies_to_www_host() -> None:
    plain = clean_file(ADS_CASE)
    assert plain.metadata.url is not None and "//www." in plain.metadata.url
    host = document_host(plain.metadata)
    assert host is not None
    parent = host.split(".", 1)[1] if host.count(".") > 1 else host
    target = plain.kept[0]
    config = Config(sites=(site(parent, boilerplate=(re.escape(target.block.text),)),))
    assert clean_file(ADS_CASE, config).verdicts[target.index].removal is not None


def test_keep_protects_from_boilerplate_and_duplicate_removal() -> None:
    plain = clean_file(SEED)
    by_reason = {
        reason: [v for v in plain.removed if v.removal and v.removal.reason is reason]
        for reason in Reason
    }
    dateline = by_reason[Reason.BOILERPLATE][0].block.text
    copy = by_reason[Reason.DUPLICATE][0]
    keep = (re.escape(dateline), starts_with(copy.block.text))
    tuned = clean_file(SEED, Config(sites=(site("example.com", keep=keep),), site="example.com"))
    for verdict in tuned.verdicts:
        if verdict.block.text == dateline or verdict.block.text.startswith(copy.block.text[:30]):
            assert verdict.removal is None, verdict
    assert len(tuned.kept) > len(plain.kept)
    # Without --site the plain text has no host: the rules do not apply.
    assert clean_file(SEED, Config(sites=(site("example.com", keep=keep),))) == plain


def test_site_option_applies_rules_to_plain_text(tmp_path: Path) -> None:
    plain = clean_file(SEED)
    target = plain.kept[-1].block.text
    config_file = tmp_path / "news.toml"
    config_file.write_text(
        f'[sites."example.com"]\nboilerplate = [{json.dumps(starts_with(target))}]\n',
        encoding="utf-8",
    )
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"})
    args = ["clean", str(SEED), "--format", "json", "--config", str(config_file)]
    without = json.loads(runner.invoke(cli.app, args).stdout)
    assert target in without["paragraphs"]
    result = runner.invoke(cli.app, [*args, "--site", "www.example.com"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert target not in record["paragraphs"]
    (removal,) = [r for r in record["removed"] if r["text"] == target]
    assert removal["rule"] == "site:example.com/boilerplate#1"
    assert removal["reason"] == "boilerplate"
    diff = runner.invoke(
        cli.app, ["diff", str(SEED), "--config", str(config_file), "--site", "example.com"]
    )
    assert "boilerplate: example.com site boilerplate rule #1" in diff.stdout


def test_bundled_example_configuration_does_what_the_readme_says() -> None:
    example = Path(__file__).parent.parent / "examples" / "tuning.toml"
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"})
    args = ["clean", str(SEED), "--format", "json", "--config", str(example)]
    result = runner.invoke(cli.app, [*args, "--site", "meridianworld.example"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    rules = {r["text"].split()[0]: r["rule"] for r in record["removed"]}
    assert rules["Adding,"] == "site:meridianworld.example/boilerplate#1"
    briefing = "Pentagon press secretary John Kirby declined to comment on the missile launch."
    assert briefing in record["paragraphs"]
    assert briefing not in clean_file(SEED).paragraphs
    html = FIXTURES / "cases" / "seed-html" / "input.html"
    page = runner.invoke(
        cli.app, ["clean", str(html), "--format", "json", "--config", str(example)]
    )
    assert briefing in json.loads(page.stdout)["paragraphs"]


def test_site_must_be_a_host_name() -> None:
    with pytest.raises(ConfigError, match="host name"):
        Config(site="not a host")
    result = CliRunner().invoke(cli.app, ["clean", str(SEED), "--site", "not a host"])
    assert result.exit_code == 2
