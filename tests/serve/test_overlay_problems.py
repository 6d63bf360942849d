"""The preview's overlay and status keep each problem's file, line, column and severity."""

from __future__ import annotations

import json
import re
from pathlib import Path

from guide.errors import Problem
from guide.serve.preview import Snapshot
from guide.serve.server import page


def test_the_overlay_carries_each_problems_fields_as_attributes_and_json() -> None:
    problems = (
        Problem(Path("orgs/acme.yaml"), "unknown key 'rolez'", 6, 3, "team.rolez"),
        Problem(Path("chapters/lab.md"), "image '</script><b>x.png' not found", 12),
    )
    shown = page(Snapshot(version=4, problems=problems))
    assert 'data-file="orgs/acme.yaml" data-line="6" data-column="3"' in shown
    assert "<code>orgs/acme.yaml:6:3: team.rolez: unknown key &#39;rolez&#39;</code>" in shown
    found = re.search(r'id="guide-preview-problems">(.*?)</script>', shown)
    assert found is not None
    assert json.loads(found[1]) == [problem.as_json() for problem in problems]
    assert "</script><b>" not in shown  # a file's words never close the script
