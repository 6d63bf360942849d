"""One guide on every core: issue 20's figures, measured side by side in one run.

    python bench/parts.py [runs]     # runs per figure (median); default 3

For the largest bundled guide and a generated 200-page guide, each figure a separate
`guide build --force` process: the guide rendered whole on one worker (`--jobs 1`, the
whole-document render) against the default (`--jobs` = cores), which renders one guide in
parts side by side and joins them (its kept parts removed first: a full build); the ratio,
the path the build took (`-v`), and the peak memory of the largest process. Then a rebuild
after editing one chapter of the 200-page guide (its other parts kept), `guide serve`'s PDF
after a chapter edit of the bundled guide, and md-to-pdf on the same Markdown where
installed.
Numbers depend on the machine: quote them with it.
"""

from __future__ import annotations

import functools
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import make_long_guide, md_to_pdf_batch, peak_memory_mib, side_by_side
from run import run as run_command

from guide import defaults
from guide.kept import FOLDER as PARTS_CACHE

PY = sys.executable


def build(org: Path, out: Path, *extra: str, cold: bool = True) -> str:
    """`guide build --force -v` as its own process (``cold``: no part kept); what it printed."""
    if cold:
        shutil.rmtree(out / PARTS_CACHE, ignore_errors=True)
    result = subprocess.run(
        [PY, "-m", "guide", "build", str(org), "-o", str(out), "--force", "-v", *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout + result.stderr


def peak_mib(org: Path, out: Path, *extra: str) -> float:
    """The peak memory of a full build's largest process (no part kept)."""
    shutil.rmtree(out / PARTS_CACHE, ignore_errors=True)
    return peak_memory_mib(org, out, *extra)[1]


def rebuild_after_edit(org: Path, out: Path, runs: int) -> tuple[float, float, str]:
    """Seconds of a full build and of a rebuild after one chapter of ``org`` changed."""
    chapter = sorted((org.parent / "chapters").glob("*.md"))[
        len(list((org.parent / "chapters").glob("*.md"))) // 2
    ]
    original = chapter.read_text("utf-8")
    full, again, printed = [], [], ""
    for run in range(runs):
        started = time.perf_counter()
        build(org, out)
        full.append(time.perf_counter() - started)
        chapter.write_text(original.replace("first point", f"first point, edit {run}"), "utf-8")
        started = time.perf_counter()
        printed = build(org, out, cold=False)
        again.append(time.perf_counter() - started)
        chapter.write_text(original, "utf-8")
    return statistics.median(full), statistics.median(again), path_taken(printed)


def serve_chapter_edit(runs: int) -> list[float]:
    """Seconds from a saved chapter to its PDF in ``guide serve``'s preview (bundled guide
    with an added chapter)."""
    from guide.options import BuildOptions
    from guide.serve.preview import Preview

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        org = folder / "contoso.yaml"
        shutil.copy(defaults.ORGS_DIR / "contoso.yaml", org)
        shutil.copy(defaults.ORGS_DIR / "contoso-logo.svg", folder)
        chapter = folder / "notes.md"
        text = "---\ntitle: Our notes\norder: 150\nreviewed: 2026-11-27\n---\n## Notes\n\n{}\n"
        chapter.write_text(text.format("First words."), "utf-8")
        source = org.read_text("utf-8")
        if "content:" not in source:
            org.write_text(source + "\ncontent:\n  add: [notes.md]\n", "utf-8")
        preview = Preview(org, BuildOptions(output_dir=folder / "out"))
        try:
            preview.rebuild()
            preview.pdf(120)
            seconds = []
            for run in range(runs):
                chapter.write_text(text.format(f"Saved words {run}."), "utf-8")
                started = time.perf_counter()
                snapshot = preview.rebuild([chapter])
                while True:
                    pdf = preview.pdf(60)
                    if pdf is not None and pdf.version >= snapshot.version:
                        if pdf.data is None:
                            raise RuntimeError(f"the preview's PDF failed: {pdf.problem}")
                        break
                seconds.append(time.perf_counter() - started)
            return seconds
        finally:
            preview.close()


def path_taken(printed: str) -> str:
    found = re.search(r"rendered (.+)", printed)
    return found[1].strip() if found else "?"


def render_seconds(printed: str) -> float:
    """The engine's seconds in a build's `-v` summary ("render 3.18 s")."""
    found = re.search(r"render (\d+(?:\.\d+)?) s", printed)
    if found is None:
        raise RuntimeError(f"no render time in the build's summary: {printed!r}")
    return float(found[1])


def best_case(whole: float, render: float, cores: int) -> float:
    """The fastest any build in parts could be: the whole build's other work (start, imports,
    preparation, writing) as it is, and its render shared evenly by ``cores`` workers, with
    nothing added for the parts' own starts, page numbers or the join."""
    return whole - render + render / cores


def pages_of(printed: str) -> str:
    found = re.search(r"(\d+) pages", printed)
    return found[1] if found else "?"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cores = os.cpu_count() or 1
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    # the tool as installed, its bytecode compiled (as bench/run.py measures it): where
    # PYTHONDONTWRITEBYTECODE is set, every build would compile its modules again
    run_command(PY, "-m", "compileall", "-q", str(Path(defaults.__file__).parent))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        guides = {
            "contoso (bundled)": defaults.ORGS_DIR / "contoso.yaml",
            "200-page guide": make_long_guide(folder),
        }
        parts_seconds: dict[str, float] = {}
        best_seconds: dict[str, float] = {}
        for label, org in guides.items():
            out = folder / "out"
            printed = {"whole": build(org, out, "-j", "1"), "parts": build(org, out)}
            renders: list[float] = []

            def whole(org: Path = org, out: Path = out, renders: list[float] = renders) -> None:
                renders.append(render_seconds(build(org, out, "-j", "1")))

            parts = functools.partial(build, org, out)
            times = side_by_side({"whole": whole, "parts": parts}, runs)
            memory = {"whole": peak_mib(org, out, "-j", "1"), "parts": peak_mib(org, out)}
            print(f"\n{label}: {pages_of(printed['parts'])} pages")
            for name in ("whole", "parts"):
                print(
                    f"  {name:5}  {times[name]:6.2f} s  peak {memory[name]:5.0f} MiB  "
                    f"rendered {path_taken(printed[name])}"
                )
            print(f"  parts / whole: {times['parts'] / times['whole']:.2f}")
            best = best_case(times["whole"], statistics.median(renders), cores)
            print(
                f"  best case on {cores} cores: {best:.2f} s, {best / times['whole']:.2f} of whole "
                "(what the whole build does besides rendering, and its render shared evenly, "
                "nothing added)"
            )
            parts_seconds[label] = times["parts"]
            best_seconds[label] = best
        org = guides["200-page guide"]
        full, again, path = rebuild_after_edit(org, folder / "edits", runs)
        print(
            f"\n200-page guide, one chapter edited: full build {full:.2f} s, rebuild {again:.2f} s"
        )
        print(f"  rebuild / full: {again / full:.2f}  rendered {path}")
        seconds = serve_chapter_edit(max(runs, 3))
        print(
            f"\nguide serve, a chapter saved to its PDF: median {statistics.median(seconds):.2f} s"
        )
        command = shutil.which("md-to-pdf")
        if command is None:
            print("\nmd-to-pdf: not installed (PUPPETEER_SKIP_DOWNLOAD=1 npm i -g md-to-pdf)")
            return
        print("\nmd-to-pdf on the same Markdown (chapters expanded), one process per guide:")
        for number, (label, org) in enumerate(guides.items()):
            converting = statistics.median(
                md_to_pdf_batch(command, [org], folder / f"md-{number}-{run}")[0]
                for run in range(runs)
            )
            ours, best = parts_seconds[label], best_seconds[label]
            print(
                f"  {label}: md-to-pdf {converting:.2f} s, guide build {ours:.2f} s "
                f"(best case {best:.2f} s)"
            )


if __name__ == "__main__":
    main()
