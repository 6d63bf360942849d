"""``guide serve`` end to end, in a real headless Chromium (Debian's ``chromium`` package).

The server runs as the user would start it; the browser is driven by Playwright. Without
Chromium the tests are skipped, except on CI, where ``.ci/run`` installs it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
#: A real browser: slow to start, so a bare ``pytest`` leaves these tests out.
pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip(
        "Chromium is not installed (Debian: apt-get install chromium)", allow_module_level=True
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

ORG = """\
organisation: {name: Preview Test Ltd}
training: {date: 2027-03-01}
team: {roles: {endpoint-admin: 2, m365-admin: 1}}
content: {add: [chapters]}
"""
CHAPTER = """\
---
title: Our own lab notes
order: 150
reviewed: 2026-11-27
---
## Before the session

{text}
"""


class Server:
    def __init__(self, org: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "guide", "serve", str(org), "--port", "0"],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        self.lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            self.lines.append(line)
            if found := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                self.url = found.group(1)
                return
            if not line and self.process.poll() is not None:
                break
        raise AssertionError("the server did not start: " + "".join(self.lines))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=200) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "lab.md").write_text(CHAPTER.format(text="First draft."))
    org = tmp_path / "preview.yaml"
    org.write_text(ORG)
    server = Server(org)
    yield server, org
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    assert server.process.stderr is not None
    server.process.stderr.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_preview_shows_the_guide_and_follows_edits_and_errors(
    site: tuple[Server, Path], browser: Browser, tmp_path: Path
) -> None:
    server, org = site
    page: Page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    expect(page.locator(".cover-org")).to_have_text("Preview Test Ltd")
    expect(page.locator("h1", has_text="Our own lab notes")).to_be_visible()
    expect(page.locator(".screen-sidebar")).to_contain_text("MD-102: Endpoint Administrator")

    # a saved chapter shows without a manual reload, at the same place in the page
    page.locator("#lab").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -120)")
    before = page.evaluate("window.scrollY")
    assert before > 500
    save(tmp_path / "chapters" / "lab.md", CHAPTER.format(text="Second draft, saved."))
    expect(page.get_by_text("Second draft, saved.")).to_be_visible(timeout=15_000)
    page.wait_for_load_state("load")
    page.wait_for_function(f"Math.abs(window.scrollY - {before}) < 60", timeout=5_000)

    # a broken organisation file: the overlay names the file, line and problem
    save(org, ORG.replace("team: {roles:", "team: {rolez:"))
    overlay = page.locator("#guide-preview-error")
    expect(overlay).to_be_visible(timeout=15_000)
    expect(overlay).to_contain_text(f"{org.name}:3")
    expect(overlay).to_contain_text("rolez")
    status, body = server.get("/")  # a plain request sees it too
    assert status == 200 and b"guide-preview-error" in body and b"rolez" in body
    assert server.process.poll() is None  # the server lives on

    # fixed: the overlay goes, the guide is back
    save(org, ORG)
    expect(overlay).to_have_count(0, timeout=15_000)
    expect(page.get_by_text("Second draft, saved.")).to_be_visible()

    # the screenshot is a page, not a blank
    from PIL import Image

    shot = Image.open(io.BytesIO(page.screenshot())).convert("L")
    low, high = shot.getextrema()
    assert high - low > 150
    assert len(set(shot.resize((64, 64)).tobytes())) > 20

    # the PDF of the same guide, rebuilt behind the page
    status, data = server.get("/guide.pdf")
    assert status == 200
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "Preview Test Ltd" in text and "Second draft, saved." in text

    # Ctrl-C stops it cleanly
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    assert server.process.stderr is not None
    assert "Stopped." in server.process.stderr.read()


def test_preview_reads_well_on_a_phone(site: tuple[Server, Path], browser: Browser) -> None:
    server, _ = site
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(server.url)
    expect(page.locator(".cover-org")).to_have_text("Preview Test Ltd")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    toc = page.locator(".screen-toc")
    expect(toc).not_to_have_attribute("open", "")  # the contents fold away on a phone
    toc.locator("summary").click()
    expect(toc.get_by_role("link", name="Exam day")).to_be_visible()


def test_only_the_page_and_its_files_are_served(site: tuple[Server, Path]) -> None:
    server, _ = site
    assert server.get("/assets/styles/guide.css")[0] == 200
    for path in ("/assets/../pyproject.toml", "/assets/org/preview.yaml", "/etc/passwd"):
        assert server.get(path)[0] == 404, path
    # a page elsewhere that reaches 127.0.0.1 through its own DNS name gets nothing
    rebound = urllib.request.Request(server.url, headers={"Host": "attacker.example:80"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(rebound, timeout=10)
    with refused.value:
        assert refused.value.code == 403


def test_the_sidebar_marks_where_the_reader_is(site: tuple[Server, Path], browser: Browser) -> None:
    server, _ = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    page.evaluate("document.getElementById('ab-650').scrollIntoView()")
    chapter = page.locator(".screen-toc .contents-chapter.current")
    expect(chapter).to_have_count(1)
    expect(chapter.locator("> a")).to_have_attribute("href", "#ab-650")
    page.evaluate("document.getElementById('lab').scrollIntoView()")
    expect(chapter.locator("> a")).to_have_attribute("href", "#lab")


# WCAG 2.2 AA: axe-core (bundled by axe-playwright-python) on the screen edition and the
# preview, at a desktop and a phone width

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = ((1280, 900), (390, 844))


def serious_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options).response
    return [
        f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['target']}"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.fixture(scope="module")
def screen_editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("screen")
    light = tmp_path_factory.mktemp("light") / "light.yaml"  # colours too pale for text as given
    light.write_text(
        'organisation: {name: Light Ltd, colours: {primary: "#FFE000", accent: "#FFC0CB"}}\n'
        "training: {date: 2027-03-12}\nteam: {roles: {endpoint-admin: 2, m365-admin: 1}}\n",
        encoding="utf-8",
    )
    orgs = [*(REPO / "orgs" / f"{name}.yaml" for name in ("contoso", "northwind")), light]
    subprocess.run(
        [sys.executable, "-m", "guide", "build", *map(str, orgs), "-o", str(out), "-f", "html"],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return {org.stem: out / org.stem / "guide.html" for org in orgs}


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_screen_edition_has_no_serious_accessibility_violation(
    screen_editions: dict[str, Path], browser: Browser, width: int, height: int
) -> None:
    for name, html in screen_editions.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(html.as_uri())
        assert serious_violations(page) == [], name
        page.close()


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_preview_has_no_serious_accessibility_violation(
    site: tuple[Server, Path], browser: Browser, width: int, height: int
) -> None:
    server, _ = site
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server.url)
    expect(page.locator(".cover-org")).to_have_text("Preview Test Ltd")
    assert serious_violations(page) == []


def test_a_keyboard_reader_skips_to_the_guide_and_sees_where_focus_is(
    screen_editions: dict[str, Path], browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(screen_editions["contoso"].as_uri())
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("#guide-main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the guide, not back in the sidebar
    assert page.evaluate("document.activeElement.closest('main') !== null")
