"""The HTML report in a real headless Chromium: counts, links, filter, no network.

The report and the JSON it is checked against are made by the installed
``dedupe-news`` command in separate processes, as a user would make them.
Chromium is Debian's (``make browser`` installs it); playwright only drives it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route, sync_playwright

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "seed" / "000_f3ea3e044085c9d1.txt"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HIGHLIGHT = "rgb(255, 243, 176)"
REASONS = ("kept", "boilerplate", "duplicate")
HOSTILE = (
    "The council said <script>window.pwned = 1</script> and <img src=x "
    'onerror="window.pwned = 2"> were in the minutes & the "agenda" it published.'
)

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI: `make test` installs it")
    pytest.skip(
        f"Chromium is not installed at {CHROMIUM} and could not be installed here "
        "(`make browser` installs Debian's chromium)",
        allow_module_level=True,
    )


def _dedupe_news() -> str:
    script = Path(sys.executable).parent / "dedupe-news"
    found = str(script) if script.exists() else shutil.which("dedupe-news")
    assert found is not None, "the dedupe-news console script is not installed"
    return found


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [_dedupe_news(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="module")
def inputs(workdir: Path) -> list[Path]:
    hostile = workdir / "hostile.txt"
    hostile.write_text(f"Council minutes\n\n{HOSTILE}\n\nAdvertisement\n\n{HOSTILE}\n")
    cases = sorted(p for p in (FIXTURES / "cases").glob("*/input.*"))
    return [SEED, *cases, hostile]


@pytest.fixture(scope="module")
def records(inputs: list[Path]) -> list[dict[str, Any]]:
    loaded = json.loads(_run("clean", *inputs, "--format", "json").stdout)
    assert isinstance(loaded, list)
    return loaded


@pytest.fixture(scope="module")
def report(workdir: Path, inputs: list[Path]) -> Path:
    page = workdir / "report.html"
    _run("diff", *inputs, "--html", page)
    return page


class Browser:
    """A page of the report and every request the browser tried to make."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.context = context
        self.page = page
        self.requests: list[str] = []


@pytest.fixture(scope="module")
def browser(workdir: Path, report: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(workdir / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1100, "height": 900},
        )
        context.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " (e) => window.__violations.push(e.violatedDirective));"
        )
        page = context.new_page()
        session = Browser(context, page)
        page.on("request", lambda request: session.requests.append(request.url))

        def refuse_network(route: Route, request: Request) -> None:
            if request.url.startswith("file://"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", refuse_network)
        page.goto(report.as_uri())
        yield session
        context.close()


def _cell(page: Page, doc: str, name: str) -> int:
    return int(page.inner_text(f'#summary tr[data-doc="{doc}"] td[data-count="{name}"]'))


def _visible(page: Page, selector: str) -> int:
    count = page.evaluate(
        "(s) => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null).length",
        selector,
    )
    assert isinstance(count, int)
    return count


def test_page_makes_no_network_request(browser: Browser, report: Path) -> None:
    assert browser.requests == [report.as_uri()]
    assert browser.page.evaluate("window.__violations") == []


def test_counts_match_clean_json(browser: Browser, records: list[dict[str, Any]]) -> None:
    page = browser.page
    sources = page.locator("#summary tbody tr td:first-child a").all_inner_texts()
    assert sources == [record["source"] for record in records]
    for number, record in enumerate(records, start=1):
        for reason in REASONS:
            expected = record["counts"][reason]
            assert _cell(page, str(number), reason) == expected, (record["source"], reason)
            shown = _visible(page, f'#doc-{number} .para[data-reason="{reason}"]')
            assert shown == expected, (record["source"], reason)
    for reason in REASONS:
        assert _cell(page, "all", reason) == sum(r["counts"][reason] for r in records)


def test_hostile_text_is_shown_not_run(browser: Browser, records: list[dict[str, Any]]) -> None:
    page = browser.page
    assert page.evaluate("typeof window.pwned") == "undefined"
    hostile = len(records)
    kept = page.locator(f'#doc-{hostile} .para[data-reason="kept"] p').all_inner_texts()
    assert HOSTILE in kept
    removed = page.locator(f'#doc-{hostile} .para[data-reason="duplicate"] del').all_inner_texts()
    assert removed == [HOSTILE]
    assert page.locator(f"#doc-{hostile} img").count() == 0


def test_duplicate_link_highlights_its_target(browser: Browser, workdir: Path) -> None:
    page = browser.page
    link = page.locator("#doc-1 a.dup-link").first
    target = link.get_attribute("href")
    assert target is not None and target.startswith("#doc-1-p-")
    background = "(e) => getComputedStyle(e).backgroundColor"
    assert page.locator(target).evaluate(background) != HIGHLIGHT
    link.click()
    assert page.evaluate("document.querySelector(':target').id") == target[1:]
    assert page.locator(target).evaluate(background) == HIGHLIGHT
    assert page.locator(target).is_visible()
    screenshot = workdir / "report-target.png"
    page.screenshot(path=str(screenshot))
    assert screenshot.read_bytes().startswith(b"\x89PNG")


def test_reason_filter_hides_and_shows(browser: Browser, workdir: Path) -> None:
    page = browser.page
    page.evaluate("location.hash = '#summary'")  # no paragraph is the :target
    total = page.locator(".para").count()
    duplicates = page.locator('.para[data-reason="duplicate"]').count()
    assert duplicates > 0
    assert _visible(page, ".para") == total
    page.uncheck('input[data-reason="duplicate"]')
    assert _visible(page, '.para[data-reason="duplicate"]') == 0
    assert _visible(page, ".para") == total - duplicates
    assert page.inner_text("#shown") == f"{total - duplicates} paragraphs shown"
    page.screenshot(path=str(workdir / "report-filtered.png"), full_page=False)
    page.check('input[data-reason="duplicate"]')
    assert _visible(page, '.para[data-reason="duplicate"]') == duplicates
    assert _visible(page, ".para") == total


def test_hidden_target_is_shown_when_linked(browser: Browser) -> None:
    page = browser.page
    page.uncheck('input[data-reason="kept"]')
    link = page.locator("#doc-1 a.dup-link").first
    target = link.get_attribute("href")
    assert target is not None
    page.evaluate("location.hash = '#summary'")
    assert not page.locator(target).is_visible()
    link.click()
    assert page.locator(target).is_visible()
    page.check('input[data-reason="kept"]')
