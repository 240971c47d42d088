"""Helpers of the batch tests: generated pages, WARC archives, running the real CLI."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).parent.parent
CASES = sorted(p for p in (ROOT / "tests" / "fixtures" / "cases").iterdir() if p.is_dir())
CASE_PAGES = [c / "input.html" for c in CASES if (c / "input.html").exists()]
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_f3ea3e044085c9d1.txt"


def generate_pages(directory: Path, count: int) -> list[Path]:
    """``count`` HTML pages: the golden cases in turn, with a paragraph of their own
    where the page has an article element."""
    directory.mkdir(parents=True, exist_ok=True)
    pages = []
    for number in range(count):
        html = CASE_PAGES[number % len(CASE_PAGES)].read_text(encoding="utf-8")
        own = (
            f"<p>Page {number} of this generated batch adds one paragraph that no other "
            f"page has, so that every record of the run differs from the others.</p>"
        )
        page = directory / f"page-{number:04d}.html"
        page.write_text(html.replace("</article>", own + "</article>", 1), encoding="utf-8")
        pages.append(page)
    return pages


def slow_page(path: Path, paragraphs: int = 12_000) -> Path:
    """A large page of distinct paragraphs: several seconds of extraction and comparison."""
    words = [f"w{n}" for n in range(997)]
    body = "".join(
        "<p>" + " ".join(words[(i * 7 + k * 13) % len(words)] for k in range(40)) + ".</p>"
        for i in range(paragraphs)
    )
    path.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    return path


@dataclass(frozen=True, slots=True)
class Response:
    uri: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    date: str = "2024-08-13T10:15:00Z"
    encoding: str | None = None  # Content-Encoding of the body as stored


def write_warc(path: Path, responses: list[Response], *, noise: bool = True) -> None:
    """A WARC (gzipped per record when the name ends in .gz) of these responses.

    With ``noise`` every response is preceded by its request record and the
    archive starts with a warcinfo record and ends with a metadata record.
    """
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        if noise:
            writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for response in responses:
            if noise:
                request = StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
                )
                writer.write_record(
                    writer.create_warc_record(
                        response.uri, "request", payload=io.BytesIO(b""), http_headers=request
                    )
                )
            headers = [("Content-Type", response.content_type)]
            body = response.body
            if response.encoding == "gzip":
                body = gzip.compress(body)
                headers.append(("Content-Encoding", "gzip"))
            headers.append(("Content-Length", str(len(body))))
            writer.write_record(
                writer.create_warc_record(
                    response.uri,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=StatusAndHeaders(response.status, headers, protocol="HTTP/1.1"),
                    warc_headers_dict={"WARC-Date": response.date},
                )
            )
        if noise:
            writer.write_record(
                writer.create_warc_record(
                    "metadata:crawl",
                    "metadata",
                    payload=io.BytesIO(b"outlinks: none\r\n"),
                    warc_content_type="application/warc-fields",
                )
            )


def console_script() -> str:
    script = Path(sys.executable).parent / "dedupe-news"
    found = str(script) if script.exists() else shutil.which("dedupe-news")
    assert found is not None, "the dedupe-news console script is not installed"
    return found


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["NO_COLOR"] = "1"
    return env


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [console_script(), *(str(a) for a in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        env=subprocess_env(),
        cwd=cwd,
        check=False,
    )
