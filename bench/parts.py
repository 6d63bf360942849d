"""One guide on every core: issue 20's figures, measured side by side in one run.

    python bench/parts.py [runs]     # runs per figure (median); default 3

For the largest bundled guide and a generated 200-page guide, each figure a separate
`guide build --force` process: the guide rendered whole on one worker (`--jobs 1`, the
whole-document render) against the default (`--jobs` = cores), which renders one guide in
parts side by side and joins them; the ratio, the path the build took (`-v`), and the peak
memory of the largest process. Then md-to-pdf on the same Markdown, where installed.
Numbers depend on the machine: quote them with it.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import make_long_guide, md_to_pdf_batch, side_by_side

from guide import defaults

PY = sys.executable


def build(org: Path, out: Path, *extra: str) -> str:
    """`guide build --force -v` as its own process; what it printed."""
    result = subprocess.run(
        [PY, "-m", "guide", "build", str(org), "-o", str(out), "--force", "-v", *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout + result.stderr


def peak_mib(org: Path, out: Path, *extra: str) -> float:
    """The peak resident memory of the build's largest process (parent or worker)."""
    args = ["build", str(org), "-o", str(out), "--force", "-q", *extra]
    code = (
        "import resource\nfrom guide.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print(max(resource.getrusage(w).ru_maxrss for w in "
        "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024)"
    )
    result = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True)
    return float(result.stdout.split()[-1])


def path_taken(printed: str) -> str:
    found = re.search(r"rendered (.+)", printed)
    return found[1].strip() if found else "?"


def pages_of(printed: str) -> str:
    found = re.search(r"(\d+) pages", printed)
    return found[1] if found else "?"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cores = os.cpu_count() or 1
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        guides = {
            "contoso (bundled)": defaults.ORGS_DIR / "contoso.yaml",
            "200-page guide": make_long_guide(folder),
        }
        for label, org in guides.items():
            out = folder / "out"
            printed = {"whole": build(org, out, "-j", "1"), "parts": build(org, out)}
            times = side_by_side(
                {
                    "whole": lambda org=org, out=out: build(org, out, "-j", "1"),
                    "parts": lambda org=org, out=out: build(org, out),
                },
                runs,
            )
            memory = {"whole": peak_mib(org, out, "-j", "1"), "parts": peak_mib(org, out)}
            print(f"\n{label}: {pages_of(printed['parts'])} pages")
            for name in ("whole", "parts"):
                print(
                    f"  {name:5}  {times[name]:6.2f} s  peak {memory[name]:5.0f} MiB  "
                    f"rendered {path_taken(printed[name])}"
                )
            print(f"  parts / whole: {times['parts'] / times['whole']:.2f}")
        command = shutil.which("md-to-pdf")
        if command is None:
            print("\nmd-to-pdf: not installed (npm i -g md-to-pdf)")
            return
        seconds, pages = md_to_pdf_batch(command, [guides["contoso (bundled)"]], folder / "md")
        print(f"\nmd-to-pdf, contoso's Markdown, one process: {seconds:.2f} s, {pages} pages")


if __name__ == "__main__":
    main()
