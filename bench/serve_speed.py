"""How long the live preview takes to show a saved change (issue 7: under 1 second).

    python bench/serve_speed.py [saves]     # default 10 saves of each kind

Serves a copy of the largest bundled example (with an added chapter) and saves, in turn,
the chapter and the organisation file. For each save it prints two medians: until the
server has the new page (polling /_guide/status), and, when Chromium is installed, until
the open page in headless Chromium shows the new text after reloading by itself.
"""

from __future__ import annotations

import json
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from guide import defaults

CHAPTER = "---\ntitle: Bench chapter\norder: 150\nreviewed: 2026-11-27\n---\n## Notes\n\n{}\n"


def status(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url + "_guide/status", timeout=10) as response:
        result: dict[str, object] = json.load(response)
        return result


def main() -> None:
    saves = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    chromium = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        largest = max(defaults.ORGS_DIR.glob("*.yaml"), key=lambda p: p.stat().st_size)
        for asset in defaults.ORGS_DIR.glob("*.svg"):
            shutil.copy(asset, folder)
        org = folder / largest.name
        org_text = largest.read_text(encoding="utf-8") + "\ncontent:\n  add: [chapters]\n"
        if "\ncontent:" in largest.read_text(encoding="utf-8"):
            raise SystemExit(f"{largest} already has a content: section; adapt the bench")
        org.write_text(org_text, encoding="utf-8")
        (folder / "chapters").mkdir()
        chapter = folder / "chapters" / "bench.md"
        chapter.write_text(CHAPTER.format("Text 0"), encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, "-m", "guide", "serve", str(org), "--port", "0"],
            stderr=subprocess.PIPE,
            text=True,
        )
        assert server.stderr is not None
        url = ""
        while not url:
            line = server.stderr.readline()
            if not line:
                raise SystemExit("the server did not start")
            if found := re.search(r"(http://127\.0\.0\.1:\d+/)", line):
                url = found.group(1)
        page = None
        if chromium:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.goto(url)
        server_times: dict[str, list[float]] = {"chapter": [], "organisation file": []}
        browser_times: dict[str, list[float]] = {"chapter": [], "organisation file": []}
        try:
            for number in range(1, saves + 1):
                for kind in server_times:
                    version = status(url)["version"]
                    marker = f"Text {kind} {number}"
                    started = time.perf_counter()
                    if kind == "chapter":
                        chapter.write_text(CHAPTER.format(marker), encoding="utf-8")
                    else:
                        org.write_text(
                            org_text.replace("name: ", f"name: {marker} ", 1), encoding="utf-8"
                        )
                    while status(url)["version"] == version:
                        time.sleep(0.005)
                    server_times[kind].append(time.perf_counter() - started)
                    if page is not None:
                        page.get_by_text(marker).first.wait_for(timeout=10_000)
                        browser_times[kind].append(time.perf_counter() - started)
                    time.sleep(0.3)
        finally:
            server.terminate()
            server.wait()
    print(
        f"Live preview of {largest.name} ({platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}), median of {saves} saves:"
    )
    print("| Save | Server has the new page | Browser shows it |")
    print("|---|---|---|")
    for kind, times in server_times.items():
        shown = browser_times[kind]
        browser = f"{statistics.median(shown):.2f} s" if shown else "no Chromium"
        print(f"| {kind} | {statistics.median(times):.2f} s | {browser} |")


if __name__ == "__main__":
    main()
