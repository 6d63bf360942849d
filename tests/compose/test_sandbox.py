"""The chapter sandbox: chapters see plain records, and may read and call only an allow-list.

The walk below visits everything a chapter can reach from its context, the way Jinja would,
and fails when a new callable (or a library object) becomes reachable: widening what chapters
may do must be a decision made here, not a side effect of adding a field.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jinja2.exceptions import SecurityError
from pydantic import BaseModel

from guide import defaults
from guide.cli import main
from guide.compose import chapter_context as records
from guide.compose.expand import _environment, expand_chapter
from guide.compose.gather import load_shared_content
from guide.content.chapters import Chapter, ChapterMeta
from guide.errors import InputError
from guide.options import InputFolders
from guide.org.organisation import load_organisation
from guide.org.schema import OrganisationInfo
from guide.plan.lifecycle import ExamStatus
from guide.plan.tailor import Cohort, ExamDemand, make_plan
from guide.plan.wording import PrintedNotice

#: Everything a chapter may call. A new entry here is a decision: check it cannot read files,
#: run code or build unbounded data.
ALLOWED_CALLABLES = {
    ("PlanInfo", "uses"),
    *(("mappingproxy", name) for name in ("get", "items", "keys", "values")),
    *(
        ("str", name)
        for name in (
            "capitalize",
            "endswith",
            "lower",
            "lstrip",
            "rstrip",
            "split",
            "startswith",
            "strip",
            "title",
            "upper",
        )
    ),
}
PLAIN_TYPES = {
    str,
    int,
    bool,
    type(None),
    dt.date,
    tuple,
    frozenset,
    types.MappingProxyType,
    records.OrgInfo,
    records.TrainingInfo,
    records.RoleInfo,
    records.PersonInfo,
    ExamDemand,
    Cohort,
    records.ExamCheck,
    records.PlanInfo,
    PrintedNotice,
    records.DomainInfo,
    records.SkillsInfo,
    records.LifecycleInfo,
    records.CertInfo,
    ExamStatus,
}


def chapter(body: str) -> Chapter:
    meta = ChapterMeta(id="t", title="T", order=1, audience="all", reviewed=dt.date(2026, 1, 1))
    return Chapter(Path("content/chapters/t.md"), meta, body, body_first_line=8)


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    """The real context of the bundled Contoso guide: named members, unnamed rest, notices."""
    shared = load_shared_content(InputFolders())
    org = load_organisation(defaults.ORGS_DIR / "contoso.yaml", shared.catalogue)
    catalogue = org.catalogue(shared.catalogue)
    plan = make_plan(org, catalogue, org.spec.training.date or dt.date(2027, 1, 1))
    built = records.chapter_context(org, plan, catalogue, org.locale)
    built["vars"] = types.MappingProxyType({"helpdesk": "desk@example.org"})
    return built


def walk(context: Mapping[str, Any]) -> Iterator[tuple[str, Any, str, Any, bool]]:
    """(expression, object, attribute, value, allowed) for every public attribute of every
    object a chapter can reach, following only what the sandbox lets it read."""
    env = _environment("en_GB")
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = list(context.items())
    while stack:
        expression, obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, Mapping):
            stack.extend((f"{expression}[{key!r}]", value) for key, value in obj.items())
        elif isinstance(obj, tuple):
            stack.extend((f"{expression}[{index}]", value) for index, value in enumerate(obj))
        elif isinstance(obj, frozenset):
            stack.extend((expression + "|list|first", value) for value in obj)
        for attribute in dir(obj):
            if attribute.startswith("_"):
                continue
            value = getattr(obj, attribute)
            allowed = env.is_safe_attribute(obj, attribute, value)
            yield expression, obj, attribute, value, allowed
            if allowed and not callable(value):
                stack.append((f"{expression}.{attribute}", value))


def test_chapters_reach_only_plain_data_and_allowed_callables(context: dict[str, Any]) -> None:
    env = _environment("en_GB")
    reached_types = {type(value) for value in context.values()}
    callables = set()
    for _, obj, attribute, value, allowed in walk(context):
        reached_types.add(type(obj))
        if allowed and callable(value):
            callables.add((type(obj).__name__, attribute))
            assert env.is_safe_callable(value), (type(obj).__name__, attribute)
    assert not [kind for kind in reached_types if issubclass(kind, BaseModel)]
    assert reached_types <= PLAIN_TYPES, reached_types - PLAIN_TYPES
    assert callables == ALLOWED_CALLABLES


def test_every_refused_attribute_is_refused_in_a_real_template(context: dict[str, Any]) -> None:
    """One refused attribute per type, read and called through a real chapter."""
    samples: dict[type, tuple[str, str]] = {}
    for expression, obj, attribute, _, allowed in walk(context):
        if not allowed:
            samples.setdefault(type(obj), (expression, attribute))
    assert {str, int, tuple, dt.date, types.MappingProxyType} <= set(samples)
    for expression, attribute in samples.values():
        for use in ("{{ %s.%s }}", "{{ %s.%s() }}"):
            with pytest.raises(InputError, match=r"t\.md:8: .*(unsafe|not safely callable)"):
                expand_chapter(chapter(use % (expression, attribute) + "\n"), context, "en_GB")


def test_chapters_still_read_and_call_what_they_need(context: dict[str, Any]) -> None:
    body = textwrap.dedent(
        """\
        {{ org.name }} {{ plan.uses('MD-102') }} {{ plan.uses('XX-999') }}
        {% for code, cert in certs.items() if code == 'MD-102' %}{{ cert.skills.domains[0].name }}{% endfor %}
        {% set ns = namespace(n=0) %}{% for p in plan.people %}{% set ns.n = ns.n + p.headcount %}{% endfor %}{{ ns.n == plan.headcount }}
        {% for r in team_roles %}{{ loop.index }}{{ roles[r].title.upper() }}{% endfor %}
        {{ vars.get('helpdesk') }} {{ plan.as_of.year }} {{ lifecycle['MS-102'].state }}
        {% macro shout(text) %}{{ text.upper() }}!{% endmacro %}{{ shout('go') }}
        """  # noqa: E501
    )
    text = expand_chapter(chapter(body), context, "en_GB")
    assert "Contoso" in text
    assert "True False" in text
    assert "Prepare infrastructure for devices" in text.replace("\\", "")
    assert "True" in text.splitlines()[2]
    assert "1ENDPOINT ADMINISTRATOR" in text
    assert "desk@example" in text.replace("\\", "")
    assert "GO\\!" in text


PICKLE = "cposix\\nsystem\\n(S'touch {marker}'\\ntR."


def test_pickle_through_a_model_method_runs_nothing(tmp_path: Path) -> None:
    """The reported exploit: ``org.parse_raw`` on pickle bytes ran a shell command. Chapters
    now get plain records, which have no ``parse_raw``; so that the sandbox itself is tested,
    ``org`` here is the pydantic model the exploit went through, whose ``parse_raw`` unpickles
    (and runs the command) wherever the sandbox lets the call through."""
    marker = tmp_path / "ran"
    payload = PICKLE.format(marker=marker)
    body = f"{{{{ org.parse_raw(\"{payload}\", content_type='application/pickle', allow_pickle=True) }}}}\n"  # noqa: E501
    with pytest.raises(InputError) as error:
        expand_chapter(chapter(body), {"org": OrganisationInfo(name="Acme")}, "en_GB")
    assert str(error.value) == (
        "content/chapters/t.md:8: template error: access to attribute 'parse_raw' of "
        "'OrganisationInfo' object is unsafe. (chapters may use only the values README "
        "'Writing chapters' lists)"
    )
    assert isinstance(error.value.__context__, SecurityError)
    assert not marker.exists()


@pytest.mark.parametrize(
    "call",
    [
        "org.parse_file('/etc/passwd')",
        "org.parse_raw('{}')",
        "org.model_copy()",
        "org.model_dump_json()",
        "org.model_validate({'name': 'x'})",
        "org.schema_json()",
    ],
)
def test_a_library_object_in_the_context_is_refused_too(call: str) -> None:
    """Defence in depth: even a pydantic model handed to a chapter exposes no method."""
    model = OrganisationInfo(name="Acme")
    with pytest.raises(InputError, match=r"t\.md:9: template error: .*unsafe"):
        expand_chapter(chapter(f"line\n{{{{ {call} }}}}\n"), {"org": model}, "en_GB")


def test_guide_check_and_build_refuse_a_hostile_organisation_chapter(tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text(
        "organisation:\n  name: Acme\ntraining:\n  date: 2027-03-01\n"
        "team:\n  roles:\n    endpoint-admin: 2\ncontent:\n  add: [ours.md]\n",
        encoding="utf-8",
    )
    (tmp_path / "ours.md").write_text(
        "---\nid: ours\ntitle: Ours\nreviewed: 2026-11-01\n---\n## Hello\n\n"
        "{{ org.parse_file('/etc/passwd') }}\n",
        encoding="utf-8",
    )
    for command in (["check"], ["build", "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, [*command, str(tmp_path / "acme.yaml")])
        assert result.exit_code == 1, result.output
        problems = [line for line in result.output.splitlines() if "ours.md" in line]
        assert len(problems) == 1, result.output
        assert f"{tmp_path / 'ours.md'}:8:" in problems[0]
        assert "root:" not in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "acme" / "guide.pdf").exists()


@pytest.mark.parametrize(
    "body",
    [
        "{{ 'x' * 100000000 }}",
        "{{ (10 ** 1000000) > 5 }}",
        "{% set ns = namespace(n=3) %}{% for i in range(22) %}{% set ns.n = ns.n * ns.n %}"
        "{% endfor %}{{ ns.n > 5 }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(26) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(26) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "{{ range(100000)|join('-' * 100) }}",
        "{{ ('ab' * 1000)|replace('', 'cdefghijklmnopqrstuvwxyz' * 100) }}",
        "{{ '%99999999d' % 1 }}",
        "{% for i in range(100000) %}{% for j in range(100) %}0123456789{% endfor %}{% endfor %}",
        "{{ 'x'|center(100000000) }}",
        "{{ 'x'|indent(100000000, true) }}",
        "{{ [1]|batch(100000000, 0)|list|length }}",
        "{{ [1, 2]|random }}",
        "{% macro deeper(n) %}{{ deeper(n + 1) }}{% endmacro %}{{ deeper(1) }}",
        "{% set x %}{% for i in range(100000) %}{% for j in range(30) %}abcdefghij{% endfor %}"
        "{% endfor %}{% endset %}{{ x|length }}",
        "{% macro big() %}{{ 'a' * 1500000 }}{% endmacro %}"
        "{% for i in range(100) %}{% set x = big() %}{% endfor %}done",
    ],
)
def test_a_chapter_cannot_build_unbounded_data(body: str) -> None:
    with pytest.raises(InputError, match=r"t\.md:8: "):
        expand_chapter(chapter(body + "\n"), {}, "en_GB")
