"""The layout templates see plain records only, in the chapters' allow-list sandbox.

Like chapters, ``templates/`` are trainer-editable data: they must not reach a pydantic model
(whose public methods read files), the plan or the catalogue, nor call anything the sandbox
has not allowed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from guide import defaults
from guide.compose import layout
from guide.compose.edition import compose
from guide.compose.gather import load_shared_content
from guide.compose.layout_context import LAYOUT_RECORD_TYPES
from guide.compose.prepare import PreparedGuide, prepare_file
from guide.errors import GuideError
from guide.options import BuildOptions, InputFolders
from guide.plan.handouts import make_handouts

PLAIN = (str, int, float, bool, type(None), dt.date, tuple, frozenset, types.MappingProxyType)


@pytest.fixture(scope="module")
def contoso() -> PreparedGuide:
    options = BuildOptions()
    shared = load_shared_content(options.folders)
    return prepare_file(defaults.ORGS_DIR / "contoso.yaml", options, shared)


def reachable(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every value a template can reach from ``value``: fields, items, keys and values."""
    yield path, value
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from reachable(key, f"{path}[key]")
            yield from reachable(item, f"{path}[{key!r}]")
    elif isinstance(value, tuple | frozenset):
        for index, item in enumerate(value):
            yield from reachable(item, f"{path}[{index}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from reachable(getattr(value, field.name), f"{path}.{field.name}")


def contexts(guide: PreparedGuide, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The contexts the trainer edition and the handouts are filled with."""
    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(layout, "_render", lambda _dir, _locale, _name, ctx: seen.append(ctx))
    options = BuildOptions()
    compose(guide.gathered, layout.Edition("trainer", learner_pages={"welcome": 3}), options)
    layout.lay_out_handouts(
        guide.org,
        guide.plan,
        make_handouts(guide.org, guide.plan, guide.gathered.catalogue),
        templates_dir=options.folders.templates_dir,
        stylesheets=(),
        locale=guide.org.locale,
    )
    return seen


def test_layout_templates_reach_only_plain_records(
    contoso: PreparedGuide, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide_context, handouts_context = contexts(contoso, monkeypatch)
    assert guide_context["chapters"] and handouts_context["handouts"]
    for context in (guide_context, handouts_context):
        for name, value in context.items():
            for path, reached in reachable(value, name):
                kind = type(reached)
                assert kind in PLAIN or kind in LAYOUT_RECORD_TYPES or kind is Markup, path


@pytest.mark.parametrize(
    "payload",
    [
        "{{ org.name.format(org) }}",  # str.format reads attributes
        "{{ certs.copy() }}",  # a mapping method chapters may not call either
        "{{ plan.people[0].role.title.encode() }}",
        "{{ lifecycle['MS-102'].__class__ }}",
    ],
)
def test_a_layout_template_may_not_call_or_read_outside_the_allow_list(
    tmp_path: Path, payload: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(defaults.TEMPLATES_DIR, templates)
    cover = templates / "cover.html.j2"
    cover.write_text(cover.read_text(encoding="utf-8") + payload + "\n", encoding="utf-8")
    options = BuildOptions(folders=InputFolders(templates_dir=templates))
    with pytest.raises(GuideError, match=r"template error: .*(unsafe|not safely callable)"):
        shared = load_shared_content(options.folders)
        prepare_file(defaults.ORGS_DIR / "contoso.yaml", options, shared)
