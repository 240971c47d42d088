"""A self-contained HTML report of a run: every paragraph with its fate.

One page with no outside resources: inline CSS and a small inline script,
both allowed by hash in a Content-Security-Policy of ``default-src 'none'``,
so the page can fetch nothing. Paragraph ``j`` (¶j) of document ``i`` (both
counted from 1) has the id ``doc-i-p-j``; a removed duplicate links to the
paragraph it repeats, and the link's target is highlighted with ``:target``.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from html import escape

from dedupe_news import __version__
from dedupe_news.config import Config
from dedupe_news.model import Reason, Verdict
from dedupe_news.report import paragraph_number
from dedupe_news.result import Result

FILTERS = ("kept", Reason.BOILERPLATE.value, Reason.DUPLICATE.value)

CSS = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem;
  color: #1d1d1f; background: #fff; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .6rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.settings, .meta { color: #555; font-size: .9rem; }
.filter { position: sticky; top: 0; background: #f6f6f6; padding: .5rem .8rem; margin: 1rem 0;
  border: 1px solid #ddd; border-radius: 4px; z-index: 1; }
.filter label { margin-right: 1rem; }
.para { display: flex; gap: .6rem; padding: .3rem .4rem; border-left: 4px solid transparent;
  scroll-margin-top: 4rem; }
.para .num { color: #888; min-width: 3.2rem; text-align: right; flex: none; }
.para p { margin: 0; overflow-wrap: anywhere; }
.para.boilerplate { border-left-color: #d9a400; }
.para.duplicate { border-left-color: #c62828; }
.para del { color: #777; }
.why { font-size: .85rem; }
.tag { display: inline-block; border-radius: 3px; padding: 0 .35rem; color: #fff; }
.tag.boilerplate { background: #9a7500; } .tag.duplicate { background: #c62828; }
.kind-heading p { font-weight: bold; }
body.hide-kept .para.kept, body.hide-boilerplate .para.boilerplate,
body.hide-duplicate .para.duplicate { display: none; }
.para:target { display: flex !important; background: #fff3b0; outline: 3px solid #e0a800; }
"""

SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('input[data-reason]');
  function apply() {
    boxes.forEach(function (box) {
      document.body.classList.toggle('hide-' + box.dataset.reason, !box.checked);
    });
    var shown = 0;
    document.querySelectorAll('.para').forEach(function (para) {
      if (para.offsetParent !== null) { shown += 1; }
    });
    document.getElementById('shown').textContent = shown + ' paragraphs shown';
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  apply();
})();
"""


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


CSP = (
    f"default-src 'none'; style-src '{_hash(CSS)}'; script-src '{_hash(SCRIPT)}'; "
    "base-uri 'none'; form-action 'none'"
)


def paragraph_id(document: int, index: int) -> str:
    """The anchor of block ``index`` (0-based) of document ``document`` (1-based)."""
    return f"doc-{document}-p-{index + 1}"


def _why(verdict: Verdict, document: int, result: Result) -> str:
    removal = verdict.removal
    assert removal is not None
    reason = removal.reason.value
    parts = [f'<span class="tag {reason}">{reason}</span> {escape(removal.label)}']
    if removal.duplicate_of is not None:
        target = result.verdicts[removal.duplicate_of].block.text
        parts[0] += (
            f' <a class="dup-link" href="#{paragraph_id(document, removal.duplicate_of)}"'
            f' title="{escape(target)}">{paragraph_number(removal.duplicate_of)}</a>'
        )
    parts.append(f"rule <code>{escape(removal.rule)}</code>")
    if removal.similarity is not None:
        parts.append(f"overlap {removal.similarity:.2f}")
    return " · ".join(parts)


def _paragraph(verdict: Verdict, document: int, result: Result) -> str:
    text = escape(verdict.block.text)
    number = paragraph_number(verdict.index)
    kind = f"kind-{verdict.block.kind.value}"
    ident = paragraph_id(document, verdict.index)
    if verdict.removal is None:
        return (
            f'<div class="para kept {kind}" id="{ident}" data-reason="kept">'
            f'<span class="num">{number}</span><div><p>{text}</p></div></div>'
        )
    reason = verdict.removal.reason.value
    rule = escape(verdict.removal.rule)
    return (
        f'<div class="para {reason} {kind}" id="{ident}" data-reason="{reason}" '
        f'data-rule="{rule}"><span class="num">{number}</span><div><p><del>{text}</del></p>'
        f'<p class="why">{_why(verdict, document, result)}</p></div></div>'
    )


def _document(result: Result, document: int) -> Iterator[str]:
    meta = result.metadata
    title = f" — {escape(meta.title)}" if meta.title else ""
    yield f'<section class="document" id="doc-{document}">'
    yield f"<h2>{document}. {escape(result.source)}{title}</h2>"
    facts = [
        f"{name}: {escape(value)}"
        for name, value in (
            ("author", meta.author),
            ("date", meta.date),
            ("site", meta.site),
            ("language", meta.language),
            ("url", meta.url),
        )
        if value
    ]
    if facts:
        yield f'<p class="meta">{" · ".join(facts)}</p>'
    for verdict in result.verdicts:
        yield _paragraph(verdict, document, result)
    yield "</section>"


def _count_cells(counts: Counter[str], paragraphs: int) -> str:
    cells = [f'<td class="n" data-count="paragraphs">{paragraphs}</td>']
    cells += [f'<td class="n" data-count="{name}">{counts[name]}</td>' for name in FILTERS]
    return "".join(cells)


def _summary(results: Sequence[Result]) -> Iterator[str]:
    headers = "".join(f'<th class="n">{name}</th>' for name in ("paragraphs", *FILTERS))
    yield '<table class="summary" id="summary">'
    yield f"<thead><tr><th>document</th>{headers}</tr></thead><tbody>"
    total: Counter[str] = Counter()
    for number, result in enumerate(results, start=1):
        counts = result.counts()
        total.update(counts)
        title = escape(result.metadata.title or "")
        yield (
            f'<tr data-doc="{number}"><td><a href="#doc-{number}" title="{title}">'
            f"{escape(result.source)}</a></td>{_count_cells(counts, len(result.verdicts))}</tr>"
        )
    paragraphs = sum(len(r.verdicts) for r in results)
    yield (
        f'</tbody><tfoot><tr data-doc="all"><th>{len(results)} documents</th>'
        f"{_count_cells(total, paragraphs)}</tr></tfoot></table>"
    )


def _rules(results: Sequence[Result]) -> Iterator[str]:
    rules: Counter[str] = Counter()
    for result in results:
        rules.update(result.rule_counts())
    if not rules:
        return
    yield f"<details><summary>Removals by rule ({len(rules)} rules)</summary>"
    yield '<table class="rules"><thead><tr><th>reason</th><th>rule</th>'
    yield '<th class="n">removed</th></tr></thead><tbody>'
    for key, count in sorted(rules.items(), key=lambda item: (-item[1], item[0])):
        reason, rule = key.split(":", 1)
        yield (
            f"<tr><td>{escape(reason)}</td><td><code>{escape(rule)}</code></td>"
            f'<td class="n">{count}</td></tr>'
        )
    yield "</tbody></table></details>"


def _settings(config: Config) -> str:
    values = (
        ("threshold", f"{config.threshold:.2f}"),
        ("containment threshold", f"{config.containment_threshold:.2f}"),
        ("shingle size", str(config.shingle_size)),
        ("min words", str(config.min_words)),
        ("keep", config.keep.value),
        ("language", config.language or "all"),
    )
    return '<p class="settings">' + " · ".join(f"{n} {escape(v)}" for n, v in values) + "</p>"


def _filter() -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-reason="{name}" checked> {name}</label>'
        for name in FILTERS
    )
    return f'<div class="filter">show: {boxes}<output id="shown"></output></div>'


def render_html(results: Sequence[Result], config: Config | None = None) -> str:
    """The whole report as one HTML page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>dedupe-news report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>dedupe-news report</h1>",
        f'<p class="meta">dedupe-news {escape(__version__)}</p>',
    ]
    if config is not None:
        parts.append(_settings(config))
    parts.extend(_summary(results))
    parts.extend(_rules(results))
    parts.append(_filter())
    for number, result in enumerate(results, start=1):
        parts.extend(_document(result, number))
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"
