"""The HTML report's markup: escaping, anchors, counts, the content security policy.

The page's behaviour in a browser is tested in ``test_html_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import dedupe_news.cli as cli
from dedupe_news.config import Config
from dedupe_news.html_report import paragraph_id, render_html
from dedupe_news.pipeline import clean_blocks, clean_file
from dedupe_news.result import Result

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "seed" / "000_f3ea3e044085c9d1.txt"
SAMPLE = [SEED, *sorted(FIXTURES.glob("cases/*/input.*"))]
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> said the "mayor" today.'


class Page(HTMLParser):
    """Elements of interest, with their attributes and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline: dict[str, list[str]] = {"style": [], "script": []}
        self.text: list[str] = []
        self._open: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in self.inline:
            self._open = tag
            self.inline[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline[self._open][-1] += data
        else:
            self.text.append(data)

    def with_attr(self, name: str) -> list[dict[str, str]]:
        return [attrs for _, attrs in self.tags if name in attrs]


@pytest.fixture(scope="module")
def results() -> list[Result]:
    blocks = ["Council minutes for the harbour plan", HOSTILE, "Advertisement", HOSTILE]
    hostile = clean_blocks(blocks)
    return [*(clean_file(path) for path in SAMPLE), hostile]


@pytest.fixture(scope="module")
def html(results: list[Result]) -> str:
    return render_html(results, Config())


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


def test_policy_allows_exactly_the_inline_style_and_script(page: Page) -> None:
    metas = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert len(metas) == 1
    policy = dict(directive.strip().split(" ", 1) for directive in metas[0]["content"].split(";"))
    assert policy["default-src"] == "'none'"
    assert len(page.inline["style"]) == len(page.inline["script"]) == 1
    assert policy["style-src"] == f"'{_sha256(page.inline['style'][0])}'"
    assert policy["script-src"] == f"'{_sha256(page.inline['script'][0])}'"


def test_nothing_outside_the_page_is_referenced(page: Page, html: str) -> None:
    assert page.with_attr("src") == []
    assert all(a["href"].startswith("#") for a in page.with_attr("href"))
    assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?\s*(https?:)?//""", html)
    assert page.with_attr("style") == []  # inline style attributes would break the policy


def test_hostile_text_is_escaped(html: str, page: Page) -> None:
    assert html.count("<script") == 1
    assert "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in html
    assert sum(HOSTILE in chunk for chunk in page.text) == 2  # kept and struck through


def test_every_paragraph_has_its_anchor_and_reason(results: list[Result], page: Page) -> None:
    by_id = {a["id"]: a for a in page.with_attr("id")}
    for number, result in enumerate(results, start=1):
        for verdict in result.verdicts:
            element = by_id[paragraph_id(number, verdict.index)]
            reason = "kept" if verdict.removal is None else verdict.removal.reason.value
            assert element["data-reason"] == reason


def test_duplicate_links_point_at_the_repeated_paragraph(results: list[Result], page: Page) -> None:
    ids = {a["id"] for a in page.with_attr("id")}
    links = [a["href"] for a in page.with_attr("class") if a["class"] == "dup-link"]
    expected = [
        f"#{paragraph_id(number, v.removal.duplicate_of)}"
        for number, result in enumerate(results, start=1)
        for v in result.removed
        if v.removal is not None and v.removal.duplicate_of is not None
    ]
    assert links == expected and len(links) > 3
    assert all(link[1:] in ids for link in links)


def test_summary_counts_are_the_results(results: list[Result], page: Page) -> None:
    cells = Counter[tuple[str, str]]()
    current = ""
    for tag, attrs in page.tags:
        if tag == "tr" and "data-doc" in attrs:
            current = attrs["data-doc"]
        if "data-count" in attrs:
            cells[(current, attrs["data-count"])] += 1
    assert set(cells.values()) == {1}
    text = "".join(page.text)
    assert all(result.source in text for result in results)
    summary = re.findall(
        r'<tr data-doc="([^"]+)">.*?data-count="kept">(\d+)<.*?'
        r'data-count="boilerplate">(\d+)<.*?data-count="duplicate">(\d+)<',
        render_html(results),
        flags=re.S,
    )
    expected = [
        (str(n), *(str(r.counts()[k]) for k in ("kept", "boilerplate", "duplicate")))
        for n, r in enumerate(results, start=1)
    ]
    totals = [sum(r.counts()[k] for r in results) for k in ("kept", "boilerplate", "duplicate")]
    assert summary == [*expected, ("all", *map(str, totals))]


def test_rendering_is_deterministic(results: list[Result]) -> None:
    assert render_html(results, Config()) == render_html(results, Config())


# An HTML parser turns a carriage return into a line feed: not text a paragraph keeps.
any_text = st.text(st.characters(exclude_characters="\r"), min_size=1, max_size=40)


@settings(max_examples=50, deadline=None)
@given(st.lists(any_text, max_size=6))
def test_property_any_text_round_trips(blocks: list[str]) -> None:
    result = clean_blocks(blocks)
    page = Page(render_html([result]))
    for verdict in result.verdicts:
        assert verdict.block.text in page.text
    assert len(page.inline["script"]) == 1


# --- diff --html -----------------------------------------------------------------------


def test_diff_html_writes_the_report(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = CliRunner().invoke(cli.app, ["diff", str(SEED), "--html", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == render_html([clean_file(SEED)], Config())


def test_diff_html_keeps_old_report_when_every_input_fails(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    result = CliRunner().invoke(
        cli.app, ["diff", str(tmp_path / "missing.txt"), "--html", str(target)]
    )
    assert result.exit_code == 1
    assert target.read_text() == "old"


def test_diff_html_unwritable_is_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "directory"
    blocker.mkdir()
    result = CliRunner().invoke(cli.app, ["diff", str(SEED), "--html", str(blocker)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("dedupe-news: error: cannot write")
