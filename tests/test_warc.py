"""WARC input: HTML responses become documents, every other record is skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from batch_support import CASE_PAGES, Response, run_cli, write_warc
from warcio.archiveiterator import ArchiveIterator

from dedupe_news import clean_html
from dedupe_news.records import document_id

PAGES = CASE_PAGES[:3]
URIS = [
    "https://news.example/politics/2024/08/13/budget.html",
    "https://news.example/sport/derby?id=7",
    "http://blog.example/posts/hail",
]


def _responses() -> list[Response]:
    """Three HTML pages (one stored gzip-encoded) among a CSS file, an image and a 404."""
    html = [p.read_bytes() for p in PAGES]
    return [
        Response(URIS[0], html[0], date="2024-08-13T10:15:00Z"),
        Response("https://news.example/style.css", b"body { color: red }", "text/css"),
        Response(URIS[1], html[1], "text/html", date="2024-08-14T23:59:59Z", encoding="gzip"),
        Response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        Response(
            "https://news.example/gone", b"<html><p>Not found</p></html>", status="404 Not Found"
        ),
        Response(URIS[2], html[2], "application/xhtml+xml", date="2024-09-01T00:00:00Z"),
    ]


def _records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_html_responses_become_records_in_archive_order(tmp_path: Path, name: str) -> None:
    archive = tmp_path / name
    write_warc(archive, _responses())
    done = run_cli("clean", archive)
    assert done.returncode == 0, done.stderr
    records = _records(done.stdout)
    assert [r["url"] for r in records] == URIS
    crawl_days = ["2024-08-13", "2024-08-14", "2024-09-01"]
    own_dates = [
        clean_html(page.read_bytes(), url=uri).metadata.date
        for page, uri in zip(PAGES, URIS, strict=True)
    ]
    # The page's publication date wins; the crawl day fills in when it states none.
    assert [r["date"] for r in records] == [
        own or day for own, day in zip(own_dates, crawl_days, strict=True)
    ]
    assert [r["id"] for r in records] == [document_id(uri) for uri in URIS]
    for record, page, uri in zip(records, PAGES, URIS, strict=True):
        assert record["source"].startswith(f"{archive}#")
        expected = clean_html(page.read_bytes(), url=uri)
        assert record["paragraphs"] == list(expected.paragraphs)
        assert record["title"] == expected.metadata.title


def test_source_offsets_point_at_the_records(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, _responses())
    records = _records(run_cli("clean", archive).stdout)
    with archive.open("rb") as stream:
        for record in records:
            stream.seek(int(record["source"].rsplit("#", 1)[1]))
            warc_record = next(iter(ArchiveIterator(stream)))
            assert warc_record.rec_type == "response"
            assert warc_record.rec_headers.get_header("WARC-Target-URI") == record["url"]


def test_directories_and_globs_pick_up_archives(tmp_path: Path) -> None:
    folder = tmp_path / "crawls"
    folder.mkdir()
    write_warc(folder / "a.warc.gz", _responses()[:1])
    write_warc(folder / "b.warc", _responses()[2:3])
    (folder / "notes.json").write_text("{}")
    by_folder = run_cli("clean", folder)
    by_glob = run_cli("clean", f"{folder}/*.warc*")
    assert by_folder.returncode == 0, by_folder.stderr
    assert [r["url"] for r in _records(by_folder.stdout)] == [URIS[0], URIS[1]]
    assert by_glob.stdout == by_folder.stdout


def test_truncated_archive_keeps_what_came_before(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, _responses())
    last = _records(run_cli("clean", whole).stdout)[-1]["source"]
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(
        data[: len(data) - 600]
    )  # inside the last response, as a killed crawler leaves it
    out = tmp_path / "out.jsonl"
    done = run_cli("clean", cut, "-o", out)
    assert done.returncode == 1
    assert [r["url"] for r in _records(out.read_text(encoding="utf-8"))] == URIS[:2]
    (error,) = _records((tmp_path / "out.errors.jsonl").read_text(encoding="utf-8"))
    assert error["id"] == document_id(URIS[2])
    assert error["source"] == f"{cut}#{last.rsplit('#', 1)[1]}"
    assert error["error"].startswith("truncated record")


def test_archive_cut_inside_a_header_is_one_error(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, _responses())
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.rindex(b"WARC-Type: response") + 5])
    out = tmp_path / "out.jsonl"
    done = run_cli("clean", cut, "-o", out)
    assert done.returncode == 1
    assert [r["url"] for r in _records(out.read_text(encoding="utf-8"))] == URIS[:2]
    (error,) = _records((tmp_path / "out.errors.jsonl").read_text(encoding="utf-8"))
    assert error["source"].startswith(f"{cut}#")
    assert error["error"] == "damaged record header"


def test_oversized_response_is_an_error_record(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    big = b"<html><body><article>" + b"<p>filler words here.</p>" * 20_000 + b"</article></body>"
    responses = [Response(URIS[0], PAGES[0].read_bytes()), Response(URIS[1], big)]
    write_warc(archive, responses, noise=False)
    out = tmp_path / "out.jsonl"
    done = run_cli("clean", archive, "-o", out, "--max-bytes", "300000")
    assert done.returncode == 1
    assert [r["url"] for r in _records(out.read_text(encoding="utf-8"))] == [URIS[0]]
    (error,) = _records((tmp_path / "out.errors.jsonl").read_text(encoding="utf-8"))
    assert error["id"] == document_id(URIS[1])
    assert "larger than the limit" in error["error"]


def test_not_an_archive_is_one_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(b"this is not a WARC file at all\n" * 10)
    done = run_cli("clean", fake, CASE_PAGES[0])
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [f"dedupe-news: error: {fake}: not a WARC file"]
    assert [r["source"] for r in _records(done.stdout)] == [str(CASE_PAGES[0])]


def test_crawl_day_fills_in_a_missing_publication_date(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Ferry timetable</title></head><body><article>"
        + "".join(
            f"<p>The harbour ferry leaves the north pier every {n} minutes on weekdays and "
            f"the council says the timetable will hold through the winter season {n}.</p>"
            for n in (10, 20, 30)
        )
        + "</article></body></html>"
    ).encode()
    assert clean_html(page).metadata.date is None
    archive = tmp_path / "undated.warc.gz"
    write_warc(archive, [Response("http://blog.example/ferry", page, date="2024-10-02T08:00:00Z")])
    done = run_cli("clean", archive, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert [r["date"] for r in _records(done.stdout)] == ["2024-10-02"]
