"""Time the handouts of a 30-person session against one guide, in one process, same machine.

Prints a table of medians; run with `python bench/handouts_speed.py [runs]`. Target: the
30 handouts take at most 2x one guide, since they are laid out together and then split.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from guide.compose.gather import load_shared_content
from guide.compose.prepare import prepare_file
from guide.editions.documents import handout_files, render_job
from guide.options import BuildOptions

ROLES = ["endpoint-admin", "endpoint-admin", "security-admin", "it-operations", "m365-admin"]


def session_file(folder: Path, people: int) -> Path:
    members = "".join(
        f"    - {{name: Attendee {index:02d}, role: {ROLES[index % len(ROLES)]}}}\n"
        for index in range(people)
    )
    path = folder / "session.yaml"
    path.write_text(
        "organisation: {name: Bench Corp}\ntraining: {date: 2027-01-18, venue: Room 1, "
        f"trainer: Sam}}\nteam:\n  members:\n{members}",
        encoding="utf-8",
    )
    return path


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as folder:
        options = BuildOptions(output_dir=Path(folder) / "out")
        shared = load_shared_content(options.folders)
        org_file = session_file(Path(folder), 30)
        guide_times, handout_times, pages = [], [], 0
        render_job(
            "<p>warm-up</p>", prepare_file(org_file, options, shared).org, options.folders
        ).render()
        for _ in range(runs):
            started = time.perf_counter()
            guide = prepare_file(org_file, options, shared)
            render_job(guide.html, guide.org, options.folders).render()
            guide_times.append(time.perf_counter() - started)

            started = time.perf_counter()
            files = handout_files(guide, options)
            handout_times.append(time.perf_counter() - started)
            pages = files[0].pages
        one_guide = statistics.median(guide_times)
        thirty = statistics.median(handout_times)
        print(f"{runs} runs, medians, one process")
        print(f"{'what':<44}{'seconds':>10}")
        print(f"{'one guide (prepare + render)':<44}{one_guide:>10.2f}")
        print(f"{'30 handouts (' + str(pages) + ' pages, render + split)':<44}{thirty:>10.2f}")
        print(f"{'ratio handouts / guide (target <= 2.0)':<44}{thirty / one_guide:>10.2f}")


if __name__ == "__main__":
    main()
