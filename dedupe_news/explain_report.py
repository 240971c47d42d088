"""The terminal rendering of an Explanation."""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dedupe_news.explain import Check, Explanation, Outcome, RuleCheck, Similar
from dedupe_news.report import describe, paragraph_number

YES, NO = "yes", "no"


def _rules_table(title: str, checks: tuple[RuleCheck, ...]) -> RenderableType:
    shown = [c for c in checks if c.matched or c.rule.startswith("site:")]
    others = Counter(c.outcome for c in checks if c not in shown)
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("rule")
    table.add_column("label or pattern")
    table.add_column("outcome")
    for check in shown:
        style = "bold yellow" if check.matched else ""
        table.add_row(check.rule, check.detail or check.label, check.outcome, style=style)
    notes = []
    if others[Outcome.NO_MATCH]:
        notes.append(f"{others[Outcome.NO_MATCH]} no match")
    if others[Outcome.TOO_LONG]:
        notes.append(f"{others[Outcome.TOO_LONG]} skipped, the paragraph is over their word limit")
    if not shown:
        return Text(f"{title}: none matched ({len(checks)} tried: {', '.join(notes)})")
    note = Text(f"other rules: {', '.join(notes)}", style="dim")
    return Group(table, note) if notes else table


def _checks_table(title: str, checks: tuple[Check, ...]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("check")
    table.add_column("applies")
    table.add_column("detail", style="dim")
    for check in checks:
        table.add_row(
            check.name, YES if check.applies else NO, check.detail, style="bold" * check.applies
        )
    return table


def _guards(similar: Similar) -> str:
    """The fact guards that fired, or that none did."""
    if not similar.guards:
        return ("fragment, adds no fact" if similar.duplicate else "fragment") * similar.fragment
    fired = [g.name for g in similar.guards[:-1] if g.applies]
    if not fired:
        return "no fact differs"
    little_else = similar.guards[-1]
    return f"{', '.join(fired)}; {little_else.detail}"


def _similar_table(explanation: Explanation) -> Table:
    table = Table(
        title=(
            f"Most similar paragraphs (threshold {explanation.threshold:.2f}, "
            f"fragments {explanation.containment_threshold:.2f})"
        ),
        title_justify="left",
        show_edge=False,
    )
    table.add_column("¶", justify="right")
    table.add_column("overlap", justify="right")
    table.add_column("jaccard", justify="right")
    table.add_column("needs", justify="right")
    table.add_column("outcome")
    table.add_column("fact guards", style="dim")
    table.add_column("that paragraph's fate")
    for similar in explanation.similar:
        fate = "kept" if similar.other_removal is None else describe(similar.other_removal)
        table.add_row(
            paragraph_number(similar.index),
            f"{similar.similarity:.2f}",
            f"{similar.jaccard:.2f}",
            f"{similar.threshold:.2f}",
            similar.outcome,
            _guards(similar),
            fate,
            style="red" if similar.duplicate else "",
        )
    return table


class ExplanationReport:
    """A rich renderable of one paragraph's explanation."""

    def __init__(self, explanation: Explanation) -> None:
        self.explanation = explanation

    def __rich__(self) -> RenderableType:
        e = self.explanation
        header = Text(f"{e.source} {paragraph_number(e.index)}", style="bold")
        header.append(f" ({e.kind}, language {e.language or '?'}, site {e.host or '—'})")
        parts: list[RenderableType] = [header, Text(e.text), Text()]
        if e.keep_rules:
            parts += [_rules_table("Site keep rules", e.keep_rules), Text()]
        parts.append(_rules_table("Boilerplate rules", e.boilerplate_rules))
        if e.exemptions:
            parts += [Text(), _checks_table("Exemptions from duplicate removal", e.exemptions)]
        if e.similar:
            parts += [Text(), _similar_table(e)]
            if e.lsh_candidates:
                note = "Long document: only the pairs MinHash LSH proposed were verified."
                parts.append(Text(note, style="dim"))
        elif e.exemptions:
            parts.append(Text("No other paragraph shares a shingle with it.", style="dim"))
        style = "bold green" if e.kept else "bold red"
        parts += [Text(), Text(f"Verdict: {e.verdict}", style=style)]
        return Group(*parts)
