"""Shared fixtures: the bundled examples built once, and helpers to write organisation files."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from guide import defaults
from guide.batch.run import find_org_files
from guide.build import BuildResult, build_guide
from guide.compose.gather import load_shared_content
from guide.options import BuildOptions

#: Input files the tests build from (Learn-style content, Markdown cases).
FIXTURES = Path(__file__).parent / "fixtures"

#: A small valid organisation file that tests vary.
GOOD = """\
organisation:
  name: Acme Corp
training:
  date: 2027-03-01
team:
  roles:
    endpoint-admin: 2
"""


@dataclass(frozen=True)
class BuiltGuide:
    result: BuildResult
    reader: PdfReader

    def page_text(self, index: int) -> str:
        return self.reader.pages[index].extract_text() or ""

    @property
    def text(self) -> str:
        return "\n".join(self.page_text(i) for i in range(len(self.reader.pages)))

    def chapter_starts(self) -> dict[str, int]:
        """Top-level bookmark title -> 1-based page number it points at."""
        return {
            item.title: self.reader.get_destination_page_number(item) + 1
            for item in self.reader.outline
            if not isinstance(item, list)
        }

    @property
    def squashed(self) -> str:
        """All text with whitespace collapsed (line breaks fall anywhere in running text) and
        words hyphenated at a line end (WeasyPrint's U+2010) made whole again."""
        return re.sub(r"\s+", " ", re.sub(r"\u2010\s+", "", self.text))


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltGuide]:
    """Every bundled organisation, built once for the whole test session."""
    options = BuildOptions(output_dir=tmp_path_factory.mktemp("examples"))
    shared = load_shared_content(options.folders)
    built = {}
    for org_file in find_org_files([defaults.ORGS_DIR]):
        result = build_guide(org_file, options, shared)
        built[result.slug] = BuiltGuide(result, PdfReader(result.pdf))
    return built


WriteOrg = Callable[..., Path]


@pytest.fixture
def write_org(tmp_path: Path) -> WriteOrg:
    """Write an organisation file (dedented YAML) into a temporary folder and return its path."""

    def write(text: str, name: str = "acme.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def build_one(org_file: Path, output_dir: Path) -> BuiltGuide:
    result = build_guide(org_file, BuildOptions(output_dir=output_dir))
    return BuiltGuide(result, PdfReader(result.pdf))
