"""The performance benchmark: prints a table of the targets in issue 6, measured in one run.

    python bench/run.py [runs]        # runs per figure (median); default 3

1. overhead: `guide build` of the largest example against `weasyprint` on the same HTML;
2. batch: 24 organisation files, `--jobs 1` against a loop of separate `guide build`
   processes, and `--jobs 2` against `--jobs 1`;
3. a no-op rebuild of the 24;
4. a 200-page guide: peak memory and wall time against `weasyprint` on its HTML;
5. peers over the same 24 guides' Markdown, each where installed: pandoc with WeasyPrint
   (one process per guide), and md-to-pdf (headless Chromium; one browser for all 24, its
   fastest mode; `npm i -g md-to-pdf`, with PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium
   where Puppeteer's own browser was not downloaded). Neither makes the same document:
   their page counts are printed beside their times.
Figures compared with each other are measured in turn, run after run (see side_by_side);
the peers' batches, which take a minute each, run once.
Numbers depend on the machine: quote them with it.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from guide import defaults
from guide.compose.gather import load_shared_content
from guide.compose.prepare import prepare_file
from guide.options import BuildOptions

PY = sys.executable
ROWS: list[tuple[str, str, str]] = []


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def side_by_side(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each action, run in turn (A B C A B C ...), so that a machine that
    slows down for a while (a VM losing CPU time) slows each of them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def build_each(files: list[Path], out: Path) -> None:
    """A loop of separate `guide build` processes, one per organisation."""
    for file in files:
        run(PY, "-m", "guide", "build", str(file), "-o", str(out), "--force", "-q")


def build_one(org: Path, out: Path) -> list[Path]:
    run(PY, "-m", "guide", "build", str(org), "-o", str(out), "--force", "-q")
    return sorted(out.glob("*/guide.pdf"))


def run(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True)


def build_all(orgs: Path, out: Path, jobs: int) -> None:
    run(PY, "-m", "guide", "build", str(orgs), "-o", str(out), "--force", "-q", "--jobs", str(jobs))


def make_variants(folder: Path, count: int, skip: tuple[str, ...] = ()) -> Path:
    """``count`` organisation files made from the examples (without the ``skip`` chapters)."""
    orgs = folder / ("orgs-short" if skip else "orgs")
    orgs.mkdir()
    shutil.copy(defaults.ORGS_DIR / "contoso-logo.svg", orgs)
    examples = sorted(defaults.ORGS_DIR.glob("*.yaml"))
    for index in range(count):
        source = examples[index % len(examples)].read_text(encoding="utf-8")
        source = source.replace("name: ", f"name: Client {index:02d} ", 1)
        if skip:
            source += f"content:\n  skip: [{', '.join(skip)}]\n"
        (orgs / f"client-{index:02d}.yaml").write_text(source, encoding="utf-8")
    return orgs


def make_long_guide(folder: Path) -> Path:
    chapters = folder / "long" / "chapters"
    chapters.mkdir(parents=True)
    paragraph = (
        "Intune compliance policies decide whether a device may reach company data; "
        "Conditional Access enforces the decision at sign-in. "
    ) * 6
    for number in range(1, 28):  # about 200 pages
        sections = "\n\n".join(
            f"## Section {number}.{s}\n\n{paragraph}\n\n- first point\n- second point\n\n"
            f"| Setting | Value |\n|---|---|\n| Encryption | Required |\n| OS | 11 |\n"
            for s in range(1, 14)
        )
        (chapters / f"extra-{number:02d}.md").write_text(
            f"---\ntitle: Extra chapter {number}\norder: {100 + number}\nreviewed: 2026-11-27\n"
            f"---\n{sections}\n",
            encoding="utf-8",
        )
    org = folder / "long" / "long-guide.yaml"
    org.write_text(
        "organisation: {name: Long Guide Ltd}\ntraining: {date: 2027-01-18}\n"
        "team: {roles: {m365-admin: 3, endpoint-admin: 4}}\n"
        "content: {add: [chapters]}\n",
        encoding="utf-8",
    )
    return org


def markdown_of(files: list[Path], folder: Path) -> list[Path]:
    """Each organisation's guide as one Markdown file (chapters expanded), for the peers."""
    from guide.compose.chapter_context import chapter_context
    from guide.compose.expand import expand_chapter
    from guide.compose.gather import gather

    folder.mkdir()
    options = BuildOptions(output_dir=folder)
    shared = load_shared_content(options.folders)
    written = []
    for file in files:
        guide = gather(file, shared, options)  # the organisation's own chapters too
        org, plan = guide.org, guide.plan
        context = chapter_context(org, plan, guide.catalogue, org.locale)
        parts = [
            f"# {chapter.meta.title}\n\n" + expand_chapter(chapter, context, org.locale)
            for chapter in guide.chapters
            if chapter.is_for(plan.team_roles)
        ]
        path = folder / f"{file.stem}.md"
        path.write_text("\n\n".join(parts), encoding="utf-8")
        written.append(path)
    return written


def _browser() -> dict[str, object]:
    """md-to-pdf's browser: the system's Chromium where puppeteer fetched none
    (``PUPPETEER_SKIP_DOWNLOAD=1 npm i -g md-to-pdf``), without the background traffic a
    closed network refuses."""
    options: dict[str, object] = {"args": ["--no-sandbox"]}
    system = shutil.which("chromium") or shutil.which("chromium-browser")
    if system and not os.environ.get("PUPPETEER_EXECUTABLE_PATH"):
        options["executablePath"] = system
        options["args"] = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ]
    return options


def md_to_pdf_batch(command: str, files: list[Path], folder: Path) -> tuple[float, int]:
    """Seconds for md-to-pdf to convert the guides' Markdown in one invocation (it shares one
    browser across files), with our stylesheet, and the page count of its first PDF."""
    markdown_files = markdown_of(files, folder)
    config = folder / "config.json"
    config.write_text(
        json.dumps(
            {
                "launch_options": _browser(),
                "stylesheet": [str(defaults.STYLES_DIR / "guide.css")],
                "pdf_options": {"format": "A4"},
            }
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    result = subprocess.run(
        [command, "--config-file", str(config), *map(str, markdown_files)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["no message"]
        raise RuntimeError(f"exit {result.returncode}: {lines[-1][:80]}")
    return seconds, len(PdfReader(markdown_files[0].with_suffix(".pdf")).pages)


def pandoc_each(markdown_files: list[Path], css: Path) -> None:
    """A loop of pandoc processes with WeasyPrint as its PDF engine, one per guide."""
    for md in markdown_files:
        run(
            "pandoc",
            str(md),
            "-s",
            "--pdf-engine=weasyprint",
            f"--css={css}",
            "-o",
            str(md.with_suffix(".pdf")),
            "--metadata",
            f"title={md.stem}",
        )


def html_of(org: Path, folder: Path) -> Path:
    options = BuildOptions(output_dir=folder)
    html = folder / f"{org.stem}.html"
    html.write_text(
        prepare_file(org, options, load_shared_content(options.folders)).html, encoding="utf-8"
    )
    return html


def peak_memory_mib(org: Path, out: Path, *extra: str) -> tuple[float, float]:
    """Wall time and the peak resident memory of the build's largest process (the
    render worker, since the parent only prepares)."""
    args = ["build", str(org), "-o", str(out), "--force", "-q", *extra]
    code = (
        "import resource, sys, time\nfrom guide.cli import main\nstart = time.perf_counter()\n"
        f"try:\n    main({args!r})\n"
        "except SystemExit:\n    pass\n"
        "peak = max(resource.getrusage(who).ru_maxrss for who in "
        "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "print(time.perf_counter() - start, peak / 1024)"
    )
    result = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True)
    seconds, mib = result.stdout.split()
    return float(seconds), float(mib)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    try:
        measure(runs)
    finally:  # what was measured is printed, even when a later figure fails
        print_table(runs)


def measure(runs: int) -> None:
    # Measure the tool as installed: pip compiles a package's bytecode when it installs it,
    # and Python caches it on a first run, unless PYTHONDONTWRITEBYTECODE is set (as on the
    # development machine, where every run recompiled the modules: 0.3-0.5 s a build).
    run(PY, "-m", "compileall", "-q", str(Path(defaults.__file__).parent))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        largest = max(defaults.ORGS_DIR.glob("*.yaml"), key=lambda p: p.stat().st_size)
        html = html_of(largest, folder)
        single = side_by_side(
            {
                "ours": lambda: run(
                    PY,
                    "-m",
                    "guide",
                    "build",
                    str(largest),
                    "-o",
                    str(folder / "o1"),
                    "--force",
                    "-q",
                ),
                "floor": lambda: run(PY, "-m", "weasyprint", str(html), str(folder / "floor.pdf")),
            },
            runs,
        )
        ours, floor = single["ours"], single["floor"]
        ROWS.append(
            (
                "1 overhead: guide build / weasyprint on the same HTML",
                f"{ours:.2f} s / {floor:.2f} s",
                f"{ours / floor:.2f} (target <= 1.05)",
            )
        )

        orgs = make_variants(folder, 24)
        files = sorted(orgs.glob("*.yaml"))
        batch = side_by_side(
            {
                "loop": lambda: build_each(files, folder / "loop"),
                "one": lambda: build_all(orgs, folder / "j1", 1),
                "two": lambda: build_all(orgs, folder / "j2", 2),
            },
            runs,
        )
        loop, one, two = batch["loop"], batch["one"], batch["two"]
        ROWS.append(
            (
                "2a batch of 24: --jobs 1 / loop of 24 processes",
                f"{one / 24:.2f} s / {loop / 24:.2f} s per guide",
                f"{one / loop:.2f} (target <= 0.65)",
            )
        )
        ROWS.append(
            (
                "2b batch of 24: --jobs 1 / --jobs 2",
                f"{one:.1f} s / {two:.1f} s",
                f"{one / two:.2f}x faster (target >= 1.7)",
            )
        )
        short = make_variants(folder, 24, skip=("choosing", "md-102", "ms-102", "exam-day"))
        shorts = sorted(short.glob("*.yaml"))
        short_pages = len(PdfReader(next(iter(build_one(shorts[0], folder / "sp")))).pages)
        short_batch = side_by_side(
            {
                "loop": lambda: build_each(shorts, folder / "sl"),
                "one": lambda: build_all(short, folder / "s1", 1),
            },
            runs,
        )
        ROWS.append(
            (
                f"2a again with shorter guides (about {short_pages} pages)",
                f"{short_batch['one'] / 24:.2f} s / {short_batch['loop'] / 24:.2f} s per guide",
                f"{short_batch['one'] / short_batch['loop']:.2f} (target <= 0.65)",
            )
        )
        noop = median_time(
            lambda: run(PY, "-m", "guide", "build", str(orgs), "-o", str(folder / "j2"), "-q"), runs
        )
        ROWS.append(
            ("3 no-op rebuild of the 24 (whole command)", f"{noop:.2f} s", "target < 0.5 s")
        )

        _, batch_mib = peak_memory_mib(orgs, folder / "j1", "--jobs", "1")
        ROWS.append(
            (
                "   batch of 24, --jobs 1: peak memory of the largest process",
                f"{batch_mib:.0f} MiB",
                "a worker must not grow guide after guide",
            )
        )

        long_org = make_long_guide(folder)
        long_html = html_of(long_org, folder)
        seconds, mib = peak_memory_mib(long_org, folder / "long-out")
        pages = len(PdfReader(folder / "long-out" / "long-guide" / "guide.pdf").pages)
        long_floor = median_time(
            lambda: run(PY, "-m", "weasyprint", str(long_html), str(folder / "long.pdf")), 1
        )
        ROWS.append(
            (f"4 long guide ({pages} pages): peak memory", f"{mib:.0f} MiB", "target <= 400 MiB")
        )
        ROWS.append(
            (
                "4 long guide: wall time / weasyprint on its HTML",
                f"{seconds:.1f} s / {long_floor:.1f} s",
                f"{seconds / long_floor:.2f}",
            )
        )
        ours_pages = len(PdfReader(next(iter(sorted((folder / "j2").glob("*/guide.pdf"))))).pages)
        sources_md = markdown_of(files, folder / "md")
        if shutil.which("pandoc"):
            css = defaults.STYLES_DIR / "guide.css"
            name = "5 batch of 24: ours (--jobs 2) / pandoc --pdf-engine=weasyprint"
            try:
                peer = median_time(lambda: pandoc_each(sources_md, css), 1)
            except Exception as error:  # a peer's failure is reported, not the end of the run
                ROWS.append((name, "pandoc failed", str(error)[:100]))
            else:
                ROWS.append((name, f"{two:.1f} s / {peer:.1f} s", f"{two / peer:.2f}"))
        else:
            ROWS.append(("5 pandoc --pdf-engine=weasyprint", "skipped", "pandoc not installed"))
        md_to_pdf = os.environ.get("MD_TO_PDF") or shutil.which("md-to-pdf")
        if md_to_pdf:
            name = "5 batch of 24: ours (--jobs 2) / md-to-pdf, one Chromium for all"
            try:
                chromium = md_to_pdf_batch(md_to_pdf, files, folder / "chromium")
            except Exception as error:  # a peer's failure is reported, not the end of the run
                ROWS.append((name, "md-to-pdf failed", str(error)[:100]))
            else:
                ROWS.append(
                    (
                        name,
                        f"{two:.1f} s / {chromium[0]:.1f} s",
                        f"{two / chromium[0]:.2f} ({chromium[1]} pages a guide; ours {ours_pages})",
                    )
                )
        else:
            ROWS.append(("5 md-to-pdf (headless Chromium)", "skipped", "md-to-pdf not installed"))


def print_table(runs: int) -> None:
    print(
        f"machine: {platform.node()} · {platform.machine()} · Python "
        f"{platform.python_version()} · {runs} run(s) per figure (median)"
    )
    width = max((len(row[0]) for row in ROWS), default=0)
    for name, value, verdict in ROWS:
        print(f"{name:<{width}}  {value:<28}  {verdict}")


if __name__ == "__main__":
    main()
