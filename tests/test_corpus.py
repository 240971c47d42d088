"""Cross-document deduplication: site boilerplate, syndicated copies, canonical order."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_news.corpus import SITE_RECURRING_RULE, SYNDICATED_RULE, Corpus, host_of
from dedupe_news.model import Metadata, Reason
from dedupe_news.pipeline import clean_blocks
from dedupe_news.result import Result
from tests.corpus_docs import document, paragraph

RNG = random.Random(7)
LEAD = paragraph(RNG)
FOOTER = paragraph(RNG, 12)


def _removed(result: Result) -> dict[str, dict[str, Any]]:
    return {r["text"]: r for r in result.to_record()["removed"]}


def _corpus() -> list[Result]:
    """Three pages of one site with a footer, a story syndicated to two other sites."""
    rng = random.Random(11)
    site = [
        document(
            [paragraph(rng), paragraph(rng), FOOTER],
            url=f"https://news.example/{i}",
            date=f"2024-05-0{i + 1}",
        )
        for i in range(3)
    ]
    original = document([LEAD, paragraph(rng)], url="https://wire.example/a", date="2024-05-01")
    edited = LEAD.replace(LEAD.split()[3], "zzquo", 1)
    copies = [
        document([LEAD, paragraph(rng)], url="https://daily.example/b", date="2024-05-02"),
        document([edited, paragraph(rng)], url="https://other.example/c", date="2024-05-03"),
        document([LEAD, paragraph(rng)], url="https://other.example/d"),
    ]
    return [*site, original, *copies]


def test_site_boilerplate_removed_on_every_page_of_its_host() -> None:
    results = Corpus().deduplicate(_corpus())
    for result in results[:3]:
        removal = _removed(result)[FOOTER]
        assert removal["reason"] == Reason.BOILERPLATE.value
        assert removal["rule"] == SITE_RECURRING_RULE
    assert all(len(r.kept) == 2 for r in results[:3])


def test_fewer_pages_than_the_minimum_is_not_site_boilerplate() -> None:
    results = Corpus(site_min_pages=4).deduplicate(_corpus())
    first = results[0]
    assert FOOTER in first.paragraphs
    # The later pages' footers repeat the first page's: syndicated within the site.
    assert _removed(results[1])[FOOTER]["rule"] == SYNDICATED_RULE


def test_syndicated_copies_name_the_earliest_document() -> None:
    results = Corpus().deduplicate(_corpus())
    assert LEAD in results[3].paragraphs
    for copy in results[4:]:
        (removal,) = copy.to_record()["removed"]
        assert removal["rule"] == SYNDICATED_RULE
        assert removal["duplicate_of_document"] == "https://wire.example/a"
        assert removal["duplicate_of_index"] == 0
        assert removal["duplicate_of"] == LEAD
        assert 0.5 <= removal["similarity"] <= 1.0
        assert len(copy.kept) == 1


def test_the_earliest_date_wins_whatever_the_order() -> None:
    late = document([LEAD], url="https://a.example/late", date="2024-06-01")
    early = document([LEAD], url="https://z.example/early", date="2024-01-01")
    for results in ([late, early], [early, late]):
        by_url = {r.metadata.url: r for r in Corpus().deduplicate(results)}
        assert by_url["https://z.example/early"].paragraphs == (LEAD,)
        assert by_url["https://a.example/late"].paragraphs == ()


def test_paragraphs_that_differ_in_a_fact_are_both_kept() -> None:
    base = "The council approved 12 new buses for the northern district on Monday morning."
    other = base.replace("12", "40")
    names = "Okafor scored the winning goal for the home side in the final minute of the match."
    results = Corpus().deduplicate(
        [
            document([base, names], url="https://a.example/1"),
            document([other, names.replace("Okafor", "Lindqvist")], url="https://b.example/2"),
        ]
    )
    assert all(len(r.removed) == 0 for r in results)


def test_short_labels_are_exempt() -> None:
    label = "Harbour district budget vote"
    pages = [document([label, paragraph(RNG)], url=f"https://a.example/{i}") for i in range(4)]
    assert all(label in r.paragraphs for r in Corpus().deduplicate(pages))


def test_a_fuller_later_copy_is_kept() -> None:
    fragment = " ".join(LEAD.split()[:12]) + "."
    results = Corpus().deduplicate(
        [
            document([fragment], url="https://a.example/1", date="2024-01-01"),
            document([LEAD], url="https://b.example/2", date="2024-01-02"),
        ]
    )
    assert results[1].paragraphs == (LEAD,)


def test_within_document_removals_are_unchanged() -> None:
    inner = clean_blocks([LEAD, "Advertisement", LEAD], metadata=Metadata(url="https://a.example"))
    (result,) = Corpus().deduplicate([inner])
    assert result == inner


def test_host_comes_from_url_then_site_then_folder() -> None:
    def result(source: str, **meta: str) -> Result:
        return clean_blocks([LEAD], metadata=Metadata(**meta), source=source)

    assert host_of(result("x", url="https://www.news.example/a", site="News")) == "news.example"
    assert host_of(result("x", site="The News")) == "the news"
    assert host_of(result("crawl/site-a/page.txt")) == "crawl/site-a"
    assert host_of(result("<stdin>")) == ""


def _records(results: list[Result]) -> list[dict[str, Any]]:
    return sorted((r.to_record() for r in results), key=lambda r: r["source"])


CORPUS = _corpus()
EXPECTED = _records(Corpus().deduplicate(CORPUS))


@settings(max_examples=40, deadline=None)
@given(st.permutations(CORPUS))
def test_the_result_does_not_depend_on_document_order(shuffled: list[Result]) -> None:
    assert _records(Corpus().deduplicate(shuffled)) == EXPECTED


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(2, 4))
def test_any_corpus_is_order_independent_and_loses_no_text(
    rng: random.Random, site_min_pages: int
) -> None:
    pool = [paragraph(rng, rng.randint(6, 30)) for _ in range(6)]
    docs = [
        document(
            rng.sample(pool, rng.randint(1, 4)),
            url=f"https://{rng.choice('ab')}.example/{i}",
            date=rng.choice([None, "2024-01-01", "2024-01-02"]),
        )
        for i in range(6)
    ]
    corpus = Corpus(site_min_pages=site_min_pages)
    results = corpus.deduplicate(docs)
    shuffled = docs[:]
    rng.shuffle(shuffled)
    assert _records(corpus.deduplicate(shuffled)) == _records(results)
    kept = {p for r in results for p in r.paragraphs}
    for result in results:
        for verdict in result.removed:
            removal = verdict.removal
            assert removal is not None
            if removal.rule == SYNDICATED_RULE:
                assert removal.duplicate_of_text in kept


def test_the_report_names_the_other_document() -> None:
    from dedupe_news.report import describe

    results = Corpus().deduplicate(_corpus())
    (verdict,) = results[4].removed
    assert verdict.removal is not None
    assert describe(verdict.removal) == "copy of ¶1 of https://wire.example/a, overlap 1.00"
