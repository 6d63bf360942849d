"""Whether a guide is rendered in parts, in how many documents, and how a build says so.

The choice, measured (bench/parts.py): parts pay for one guide on more than one worker, when
only its PDF is asked for (handouts and a booklet are drawn from the whole layout, in the
worker that makes them), and when the guide is long enough.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guide.options import BuildOptions

if TYPE_CHECKING:
    from guide.render.parts.plan import PartsRender


#: Documents a guide in parts is laid out in, for each worker: enough for the workers to
#: share them evenly, few enough that parsing the stylesheets for each costs little.
RUNS_PER_WORKER = 3
#: As many documents as a guide has parts: each part alone (``guide serve``, where most
#: renders follow an edit of one chapter).
EACH_PART = 10_000


#: A guide whose HTML is shorter is rendered whole. Measured on 2026-12-07 with `guide build`
#: on 2 cores (fonts subset by HarfBuzz, stylesheets parsed once a process), in parts against
#: whole: 52,000 characters 0.89, 55,000 0.96, 65,000 0.96, 92,000 (fabrikam) 0.81, 102,000
#: (northwind) 0.57, 127,000 (contoso) 0.73; and 78,000 (fabrikam without its exam-day
#: chapter) 0.46, since the whole guide was laid out three times to fit its sections and a
#: part is laid out again alone. Shorter guides were not measured: whole, they spend no
#: processor time on the parts' own starts and the join.
WHOLE_BELOW = 50_000


def worth_parts(html: str) -> bool:
    return len(html) >= WHOLE_BELOW


def parts_pay(options: BuildOptions, guides: int, workers: int) -> bool:
    """Whether a run renders its guide in parts: one guide to render, more than one worker
    to render it on, and only the guide's PDF asked for (handouts and booklets are made in
    a worker, from the whole guide)."""
    printed_only = "pdf" in options.formats and not (options.handouts or options.booklet)
    return guides == 1 and workers > 1 and printed_only


def describe(rendered: PartsRender, workers: int) -> str:
    """How a guide was rendered, for ``guide build -v``."""
    kept = rendered.parts - rendered.laid_out
    kept_words = f", {kept} kept from the last build" if kept else ""
    again = f", {rendered.again} laid out again for their page references" if rendered.again else ""
    return f"in {rendered.parts} parts on {workers} workers{kept_words}{again}"
