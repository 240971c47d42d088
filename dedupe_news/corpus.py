"""Cross-document deduplication: site boilerplate and syndicated copies.

Applied after every document was cleaned on its own. The kept paragraphs of
all documents are compared through one set of MinHash LSH band keys and every
candidate pair is verified with the same score and fact guards as within a
document (``near_dup.compare``), so paragraphs that differ in a number, a
name or a negation are never merged, and short labels are exempt.

* A paragraph that recurs on at least ``site_min_pages`` pages of one host is
  site boilerplate and is removed on every page of that host.
* Any other paragraph already kept in another document is a syndicated copy
  and is removed, naming the document and paragraph it copies.

Which copy is the original never depends on input order or timing: documents
are visited in a canonical order (earliest ISO date, then id, then source,
then content), and paragraphs stored in an index by an earlier run come
before all of them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import urlsplit

import numpy as np

from dedupe_news.config import Config
from dedupe_news.corpus_index import (
    CorpusIndex,
    IndexedDocument,
    IndexedParagraph,
    IndexSettings,
)
from dedupe_news.corpus_texts import CorpusTexts, TextsBuilder, candidate_pairs, may_match
from dedupe_news.features import ParagraphFeatures, paragraph_features
from dedupe_news.fingerprint import Signatures, fingerprinter_for
from dedupe_news.model import Reason, Removal, Verdict
from dedupe_news.near_dup import (
    EXEMPT_KINDS,
    FRAGMENT_RATIO,
    Candidate,
    Match,
    MatchKind,
    compare,
    is_exempt,
)
from dedupe_news.paragraph_batch import features_of_paragraphs
from dedupe_news.result import Result

SITE_RECURRING_RULE = "site-recurring"
SYNDICATED_RULE = "syndicated"
DEFAULT_SITE_MIN_PAGES = 3
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Undated documents come after dated ones.
_NO_DATE = "9999-99-99"
# Full features rebuilt for verification are kept for this many recent texts:
# enough for a text's run of candidate pairs, bounded for a whole crawl.
FEATURE_CACHE = 2048

# For each distinct text, the verified copies stored by earlier runs with their word counts.
StoredMatches = dict[int, list[tuple[IndexedParagraph, int, Match]]]


@dataclass(frozen=True, slots=True)
class DocumentIdentity:
    """Who a document is in the corpus: id, host and its place in the canonical order."""

    name: str
    host: str
    date: str | None
    rank: tuple[str, str, str, str]


def host_of(result: Result) -> str:
    """The site a document belongs to.

    The url's host (without ``www.``), else the site name, else the folder of
    the input file (files in one folder are one site); empty for stdin.
    """
    meta = result.metadata
    if meta.url:
        host = (urlsplit(meta.url).hostname or "").removeprefix("www.")
        if host:
            return host
    if meta.site:
        return meta.site.casefold()
    if result.source.startswith("<") or result.source == "-":
        return ""
    return str(PurePath(result.source).parent)


def document_identity(result: Result) -> DocumentIdentity:
    date = result.metadata.date
    iso = date[:10] if date and _ISO_DATE.match(date) else None
    name = result.metadata.url or result.source
    digest = hashlib.blake2b(result.text.encode(), digest_size=8).hexdigest()
    return DocumentIdentity(
        name, host_of(result), iso, (iso or _NO_DATE, name, result.source, digest)
    )


@dataclass(frozen=True, slots=True)
class _Occurrence:
    """A kept, non-exempt paragraph of one document of the batch."""

    document: int  # index into the caller's results
    rank: int  # the document's place in the canonical order
    position: int  # verdict index inside the document
    text_id: int  # index into the distinct texts of the batch
    text: str


@dataclass(frozen=True, slots=True)
class _Target:
    """A kept copy a later paragraph may repeat: from the index or from the batch."""

    order: tuple[int, int, str, int]
    document: str
    position: int
    text: str
    word_count: int


class Corpus:
    """Cross-document deduplication state, owned by the caller.

    ``deduplicate`` takes every document's per-document Result and returns
    new Results with corpus removals added. With an ``index`` it also treats
    the index's paragraphs as earlier copies and stores the batch's kept
    paragraphs in it for later runs.
    """

    def __init__(
        self,
        config: Config = Config(),  # noqa: B008 - Config is frozen
        *,
        site_min_pages: int = DEFAULT_SITE_MIN_PAGES,
        index: CorpusIndex | None = None,
    ) -> None:
        if site_min_pages < 2:
            raise ValueError(f"site_min_pages must be at least 2, got {site_min_pages}")
        self.config = config
        self.site_min_pages = site_min_pages
        self.index = index
        self.settings = IndexSettings(config.num_perm, config.shingle_size)
        if index is not None and index.settings != self.settings:
            raise ValueError(f"index uses {index.settings}, the corpus {self.settings}")

    def deduplicate(self, results: Sequence[Result]) -> list[Result]:
        identities = [document_identity(r) for r in results]
        texts, occurrences = self._collect(results, identities)
        matches = self._batch_matches(texts)
        names = {identity.name for identity in identities}
        stored = self._stored_matches(texts, names)
        site = self._site_recurring(occurrences, identities, matches, stored)
        removals = self._syndicated(occurrences, identities, texts, matches, stored, site)
        removals.update(site)
        if self.index is not None:
            self._store(results, identities, occurrences, texts.signatures, removals)
        return [
            replace(result, verdicts=tuple(_apply(result.verdicts, removals, document)))
            for document, result in enumerate(results)
        ]

    def _collect(
        self, results: Sequence[Result], identities: Sequence[DocumentIdentity]
    ) -> tuple[CorpusTexts, list[_Occurrence]]:
        """The distinct eligible texts and every occurrence of them, in canonical order.

        A document's full features live only until its texts are added.
        """
        ranked = sorted(range(len(results)), key=lambda i: identities[i].rank)
        capacity = sum(1 for r in results for v in r.verdicts if v.removal is None)
        builder = TextsBuilder(capacity, self.config.num_perm)
        fingerprinter = fingerprinter_for(self.config.num_perm)
        occurrences: list[_Occurrence] = []
        for rank, document in enumerate(ranked):
            eligible = self._eligible(results[document])
            rows = fingerprinter.signatures([f.shingles for _, f in eligible])
            for (verdict, feature), row in zip(eligible, rows, strict=True):
                text_id = builder.add(verdict.block.text, feature, row)
                occurrences.append(
                    _Occurrence(document, rank, verdict.index, text_id, verdict.block.text)
                )
        return builder.build(), occurrences

    def _eligible(self, result: Result) -> list[tuple[Verdict, ParagraphFeatures]]:
        """Kept paragraphs that may be removed as copies (labels and the like may not)."""
        verdicts = result.kept
        features = features_of_paragraphs(
            [v.block.text for v in verdicts], self.config.shingle_size
        )
        kept = list(zip(verdicts, features, strict=True))
        lead = next((f.exact_key for v, f in kept if v.block.kind not in EXEMPT_KINDS), None)
        lead_keys = frozenset() if lead is None else frozenset({lead})
        return [
            (v, f)
            for v, f in kept
            if not is_exempt(Candidate(v.index, v.block.kind, f), self.config, lead_keys)
        ]

    def _features(self, texts: CorpusTexts) -> Callable[[int], ParagraphFeatures]:
        """Full features of a text, rebuilt on demand for the pairs worth verifying."""

        @lru_cache(maxsize=FEATURE_CACHE)
        def features(text_id: int) -> ParagraphFeatures:
            return paragraph_features(texts.texts[text_id], self.config.shingle_size)

        return features

    def _batch_matches(self, texts: CorpusTexts) -> dict[int, list[tuple[int, Match]]]:
        """Verified pairs of distinct texts that share at least one LSH band.

        Only texts with a match have an entry. A pair whose shingle overlap
        is below the threshold is rejected on the compact shingles, exactly
        as ``compare`` would reject it (distinct texts never share an exact key).
        """
        matches: dict[int, list[tuple[int, Match]]] = {}
        pairs = candidate_pairs(texts.signatures, self.settings)
        worth = texts.may_match_pairs(pairs[:, 0], pairs[:, 1], self.config.threshold)
        features = self._features(texts)
        for a, b in pairs[worth].tolist():
            match = compare(features(a), features(b), self.config)
            if match is not None:
                matches.setdefault(a, []).append((b, match))
                matches.setdefault(b, []).append((a, match))
        return matches

    def _stored_matches(self, texts: CorpusTexts, batch_names: set[str]) -> StoredMatches:
        """For each distinct text, the verified copies an earlier run stored.

        A document of this batch already in the index (a re-run) is not
        compared with itself.
        """
        found: StoredMatches = {}
        if self.index is None or not len(texts):
            return found
        features = self._features(texts)

        @lru_cache(maxsize=FEATURE_CACHE)
        def stored_features(text: str) -> ParagraphFeatures:
            return paragraph_features(text, self.config.shingle_size)

        for text_id, candidates in enumerate(self.index.query(texts.signatures)):
            shingles = texts.shingle_set(text_id) if candidates else frozenset()
            for paragraph in candidates:
                if paragraph.document in batch_names:
                    continue
                stored = stored_features(paragraph.text)
                if not may_match(stored.shingles, shingles, self.config.threshold):
                    continue
                match = compare(stored, features(text_id), self.config)
                if match is not None:
                    found.setdefault(text_id, []).append((paragraph, stored.word_count, match))
        return found

    def _site_recurring(
        self,
        occurrences: Sequence[_Occurrence],
        identities: Sequence[DocumentIdentity],
        matches: dict[int, list[tuple[int, Match]]],
        stored: StoredMatches,
    ) -> dict[tuple[int, int], Removal]:
        """Paragraphs whose copies appear on at least ``site_min_pages`` pages of their host."""
        pages_by_text: dict[int, set[tuple[str, str]]] = {}
        for occurrence in occurrences:
            identity = identities[occurrence.document]
            pages_by_text.setdefault(occurrence.text_id, set()).add((identity.host, identity.name))
        removals: dict[tuple[int, int], Removal] = {}
        for occurrence in occurrences:
            host = identities[occurrence.document].host
            if not host:
                continue
            text_id = occurrence.text_id
            related = [text_id, *(other for other, _ in matches.get(text_id, ()))]
            pages = {name for t in related for h, name in pages_by_text[t] if h == host}
            pages.update(p.document for p, _, _ in stored.get(text_id, ()) if p.host == host)
            if len(pages) >= self.site_min_pages:
                label = f"on {len(pages)} pages of {host}"
                removal = Removal(Reason.BOILERPLATE, SITE_RECURRING_RULE, label)
                removals[(occurrence.document, occurrence.position)] = removal
        return removals

    def _syndicated(
        self,
        occurrences: Sequence[_Occurrence],
        identities: Sequence[DocumentIdentity],
        texts: CorpusTexts,
        matches: dict[int, list[tuple[int, Match]]],
        stored: StoredMatches,
        site_recurring: dict[tuple[int, int], Removal],
    ) -> dict[tuple[int, int], Removal]:
        """Copies of a paragraph kept in another (canonically earlier) document.

        Visited in canonical order, so the kept copy is the earliest one. A
        later copy that is fuller than the kept one (the kept one is a
        fragment of it) stays: removing it would lose text.
        """
        kept: dict[int, list[_Target]] = {}
        removals: dict[tuple[int, int], Removal] = {}
        exact = Match(MatchKind.EXACT, 1.0, 1.0)
        for occurrence in occurrences:
            if (occurrence.document, occurrence.position) in site_recurring:
                continue
            name = identities[occurrence.document].name
            mine = texts.word_counts[occurrence.text_id]
            options: list[tuple[_Target, Match]] = [
                (
                    _Target((0, 0, p.document, p.position), p.document, p.position, p.text, words),
                    m,
                )
                for p, words, m in stored.get(occurrence.text_id, ())
                if not p.site_recurring
            ]
            related = [(occurrence.text_id, exact), *matches.get(occurrence.text_id, ())]
            for text_id, match in related:
                target = next((t for t in kept.get(text_id, ()) if t.document != name), None)
                if target is not None:
                    options.append((target, match))
            options = [(t, m) for t, m in options if not t.word_count < FRAGMENT_RATIO * mine]
            if options:
                target, match = min(options, key=lambda o: (-o[1].similarity, o[0].order))
                removals[(occurrence.document, occurrence.position)] = Removal(
                    Reason.DUPLICATE,
                    SYNDICATED_RULE,
                    "copy of",
                    duplicate_of=target.position,
                    similarity=match.similarity,
                    duplicate_of_document=target.document,
                    duplicate_of_text=target.text,
                )
                continue
            order = (1, occurrence.rank, name, occurrence.position)
            target = _Target(order, name, occurrence.position, occurrence.text, mine)
            kept.setdefault(occurrence.text_id, []).append(target)
        return removals

    def _store(
        self,
        results: Sequence[Result],
        identities: Sequence[DocumentIdentity],
        occurrences: Sequence[_Occurrence],
        signatures: Signatures,
        removals: dict[tuple[int, int], Removal],
    ) -> None:
        """Store the batch's new documents with their kept and site-recurring paragraphs."""
        assert self.index is not None
        known = self.index.known({identity.name for identity in identities})
        documents = {
            identity.name: IndexedDocument(
                identity.name, result.source, identity.host, identity.date
            )
            for identity, result in zip(identities, results, strict=True)
            if identity.name not in known
        }
        paragraphs: list[IndexedParagraph] = []
        rows: list[int] = []
        for occurrence in occurrences:
            identity = identities[occurrence.document]
            removal = removals.get((occurrence.document, occurrence.position))
            if identity.name in known or (removal and removal.reason is Reason.DUPLICATE):
                continue
            paragraphs.append(
                IndexedParagraph(
                    identity.name,
                    occurrence.position,
                    identity.host,
                    occurrence.text,
                    removal is not None,
                )
            )
            rows.append(occurrence.text_id)
        if documents:
            # The rows are picked per chunk by the index: a copy of them all would
            # be as large as the batch's signatures.
            self.index.add(list(documents.values()), paragraphs, signatures, np.array(rows))


def _apply(
    verdicts: Sequence[Verdict], removals: dict[tuple[int, int], Removal], document: int
) -> list[Verdict]:
    return [
        replace(v, removal=removals[(document, v.index)])
        if v.removal is None and (document, v.index) in removals
        else v
        for v in verdicts
    ]
