"""Remake docs/preview.png: the screen edition of the Contoso example, at its plan chapter.

    python docs/screenshot.py

Needs Debian's Chromium (apt-get install chromium) and Playwright (the test extras).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from guide import defaults
from guide.build import build_guide
from guide.options import BuildOptions

TARGET = Path(__file__).resolve().parent / "preview.png"


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as temp:
        options = BuildOptions(output_dir=Path(temp), formats=("html",))
        result = build_guide(defaults.ORGS_DIR / "contoso.yaml", options)
        shot = Path(temp) / "shot.png"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(result.pdf.as_uri())
            page.locator("#plan").scroll_into_view_if_needed()
            page.evaluate("document.querySelector('#plan').scrollIntoView()")
            page.screenshot(path=shot)
            browser.close()
        image = Image.open(shot).convert("RGB").quantize(colors=128)
        image.save(TARGET, optimize=True)
    print(f"{TARGET}  {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main()
