"""No network, no code or pickles from disk, no entity expansion."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import trafilatura.utils
from bad_inputs import BAD_INPUTS

from dedupe_news import clean_html

PACKAGE = Path(__file__).parent.parent / "dedupe_news"
FORBIDDEN = re.compile(
    r"\b(?:pickle|marshal|shelve|dill|eval|exec|yaml\.load|fetch_url|fetch_response|"
    r"urlopen|requests|urllib3|http\.client|socket|subprocess)\b"
)

# Runs the real CLI with an audit hook that ends the process on any network use.
# (Creating a socket is allowed: urllib3, imported by trafilatura, probes IPv6
# support at import by binding one to ::1, which sends nothing.)
NO_NETWORK = """
import os, sys
NETWORK = {
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
    "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request",
    "http.client.connect", "ftplib.connect", "smtplib.connect",
}
def hook(event, args):
    if event in NETWORK:
        sys.stderr.write(f"NETWORK: {event} {args!r}\\n")
        sys.stderr.flush()
        os._exit(99)
sys.addaudithook(hook)
from dedupe_news.cli import main
sys.argv = ["dedupe-news", *sys.argv[1:]]
main()
"""
LINKED_PAGE = """<!DOCTYPE html><html><head><title>Tram</title>
<link rel="canonical" href="http://news.invalid/tram">
<meta property="og:url" content="https://news.invalid/tram">
<link rel="stylesheet" href="http://cdn.invalid/site.css">
<script src="https://cdn.invalid/app.js"></script></head><body><article>
<img src="http://img.invalid/tram.jpg" alt="A tram">
<p>The regional council approved the new tram line on Tuesday after a long debate.</p>
<p>See <a href="http://news.invalid/more">the full plan</a> and the
<iframe src="http://video.invalid/embed"></iframe> video of the session today.</p>
</article></body></html>"""


def test_package_never_unpickles_evaluates_or_fetches() -> None:
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN.search(line.split("#", 1)[0])
    ]
    assert offenders == []


def test_cli_opens_no_socket(tmp_path: Path) -> None:
    page = tmp_path / "linked.html"
    page.write_text(LINKED_PAGE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, "clean", str(page), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "NETWORK" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert "approved the new tram line" in done.stdout


def test_trafilatura_parses_with_the_html_parser() -> None:
    # libxml2's HTML parser reads no DTD: internal-subset entities stay text
    # and external ones are never loaded.
    assert isinstance(trafilatura.utils.HTML_PARSER, lxml.html.HTMLParser)
    text = clean_html(BAD_INPUTS["entity-bomb.html"]()).text
    assert "&lol9;" in text and "lollol" not in text
    xhtml = b'<?xml version="1.0" encoding="utf-8"?>\n' + BAD_INPUTS["entity-bomb.html"]()
    assert "lollol" not in clean_html(xhtml).text
