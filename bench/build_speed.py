"""Time `guide build` of the largest bundled example against WeasyPrint alone on the same HTML.

Prints a table of medians; run it with `python bench/build_speed.py [runs]`. Not a test:
numbers depend on the machine, so the README and issue notes quote them with the machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from guide import defaults
from guide.options import BuildOptions
from guide.prepare import load_sources, prepare_guide


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        org_files = sorted(defaults.ORGS_DIR.glob("*.yaml"))
        sizes = {}
        for org_file in org_files:
            subprocess.run(
                [sys.executable, "-m", "guide", "build", str(org_file), "-o", str(out)],
                check=True,
                capture_output=True,
            )
            sizes[org_file] = len(PdfReader(out / org_file.stem / "guide.pdf").pages)
        largest = max(org_files, key=lambda file: sizes[file])
        html = out / "guide.html"
        options = BuildOptions(output_dir=out)
        guide = prepare_guide(largest, options, load_sources(options))
        html.write_text(guide.html, encoding="utf-8")
        ours, engine = [], []
        for _ in range(runs):
            ours.append(
                timed([sys.executable, "-m", "guide", "build", str(largest), "-o", str(out)])
            )
            engine.append(
                timed([sys.executable, "-m", "weasyprint", str(html), str(out / "engine.pdf")])
            )
        mine, floor = statistics.median(ours), statistics.median(engine)
        print(f"largest example: {largest.name}, {sizes[largest]} pages, {runs} runs (median)")
        print(f"{'what':<46}{'seconds':>10}")
        print(f"{'guide build (whole process)':<46}{mine:>10.2f}")
        print(f"{'weasyprint CLI on the same HTML (floor)':<46}{floor:>10.2f}")
        print(f"{'ratio guide / floor':<46}{mine / floor:>10.2f}")


if __name__ == "__main__":
    main()
