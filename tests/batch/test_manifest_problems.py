"""`manifest.json` failures keep each problem's fields: one failure per organisation, its
problems in one line (`message`) and each with file, line, column, key, message, severity."""

from __future__ import annotations

import json
from pathlib import Path

from guide.batch.manifest import Failure
from guide.batch.run import run_batch
from guide.errors import Problem
from guide.options import BuildOptions
from tests.conftest import GOOD


def test_each_failure_lists_its_problems_with_their_fields(tmp_path: Path) -> None:
    orgs = tmp_path / "orgs"
    orgs.mkdir()
    broken = orgs / "broken.yaml"
    broken.write_text(
        GOOD.replace("name: Acme Corp", "nme: Acme Corp").replace("endpoint-admin", "chef")
    )
    clash = orgs / "sub" / "Broken.yaml"
    clash.parent.mkdir()
    clash.write_text(GOOD)
    out = tmp_path / "out"
    outcomes = run_batch([broken, clash], BuildOptions(output_dir=out, formats=("html",)))
    assert [outcome.status for outcome in outcomes] == ["failed", "failed"]
    failures = json.loads((out / "manifest.json").read_text())["failures"]
    assert [failure["organisation"] for failure in failures] == [str(broken), str(clash)]
    problems = failures[0]["problems"]
    assert {"file", "line", "column", "key", "message", "severity"} == set(problems[0])
    by_key = {problem["key"]: problem for problem in problems}
    assert by_key["organisation.nme"] == {
        "file": str(broken),
        "line": 2,
        "column": 3,
        "key": "organisation.nme",
        "message": "unknown key 'nme' (did you mean name?); valid keys here: name, logo, "
        "colours, locale, fonts",
        "severity": "error",
    }
    assert by_key["team.roles.chef"]["line"] == 7
    assert failures[0]["message"] == "; ".join(
        str(Problem(Path(p["file"]), p["message"], p["line"], p["column"], p["key"]))
        for p in problems
    )
    # a failure found before the organisation is read has no line, but still its file
    (folder_clash,) = failures[1]["problems"]
    assert folder_clash["file"] == str(clash) and folder_clash["line"] is None
    assert "output folder 'Broken' is already used by" in folder_clash["message"]


def test_a_warning_keeps_its_severity_in_one_line_and_in_its_fields() -> None:
    warning = Problem(Path("acme.yaml"), "'Zoë': no font", 2, 9, "organisation.name", "warning")
    assert str(warning) == "acme.yaml:2:9: warning: organisation.name: 'Zoë': no font"
    failure = Failure("acme.yaml", (Problem(Path("acme.yaml"), "bad\nthing", 3),))
    assert failure.as_json() == {
        "organisation": "acme.yaml",
        "message": "acme.yaml:3: bad; thing",
        "problems": [
            {
                "file": "acme.yaml",
                "line": 3,
                "column": None,
                "key": None,
                "message": "bad; thing",
                "severity": "error",
            }
        ],
    }
