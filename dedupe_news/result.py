"""The result of cleaning one document: every block with its fate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from dedupe_news.model import Metadata, Reason, Verdict

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Result:
    """Kept paragraphs and removals of one document, in input order.

    Everything a caller needs is derived from ``verdicts``: the kept text can
    be rebuilt from it alone, and every removal carries its reason.
    """

    source: str
    metadata: Metadata
    verdicts: tuple[Verdict, ...]

    @property
    def kept(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.removal is None)

    @property
    def removed(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.removal is not None)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(v.block.text for v in self.verdicts if v.removal is None)

    @property
    def text(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    def counts(self) -> Counter[str]:
        """Removals per reason, plus ``kept``."""
        counts: Counter[str] = Counter()
        for verdict in self.verdicts:
            counts["kept" if verdict.removal is None else verdict.removal.reason.value] += 1
        return counts

    def rule_counts(self) -> Counter[str]:
        """Removals per ``reason:rule``."""
        return Counter(
            f"{v.removal.reason.value}:{v.removal.rule}" for v in self.verdicts if v.removal
        )

    def to_record(self) -> dict[str, Any]:
        """The JSON record. Field names are a stable contract for other tools."""
        removed: list[dict[str, Any]] = []
        for verdict in self.removed:
            removal = verdict.removal
            assert removal is not None
            duplicate_of = removal.duplicate_of_text
            if removal.duplicate_of is not None and removal.duplicate_of_document is None:
                duplicate_of = self.verdicts[removal.duplicate_of].block.text
            removed.append(
                {
                    "index": verdict.index,
                    "text": verdict.block.text,
                    "kind": verdict.block.kind.value,
                    "reason": removal.reason.value,
                    "rule": removal.rule,
                    "duplicate_of": duplicate_of,
                    "duplicate_of_index": removal.duplicate_of,
                    "duplicate_of_document": removal.duplicate_of_document,
                    "similarity": (
                        None if removal.similarity is None else round(removal.similarity, 4)
                    ),
                }
            )
        meta = self.metadata
        return {
            "source": self.source,
            "title": meta.title,
            "author": meta.author,
            "date": meta.date,
            "url": meta.url,
            "site": meta.site,
            "language": meta.language,
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "removed": removed,
            "counts": {
                "kept": self.counts()["kept"],
                Reason.BOILERPLATE.value: self.counts()[Reason.BOILERPLATE.value],
                Reason.DUPLICATE.value: self.counts()[Reason.DUPLICATE.value],
            },
        }
