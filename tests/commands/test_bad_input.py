"""The bad-input suite: each case one bad file, the exact exit code, one clear line naming the
file and the problem, no traceback, and nothing half-written left on disk."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from guide.cli import main
from tests.conftest import GOOD


def png(width: int = 8, height: int = 8) -> bytes:
    stream = BytesIO()
    Image.new("RGB", (width, height), "#336699").save(stream, format="PNG")
    return stream.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a huge size (a decompression bomb) without the pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def with_logo(name: str) -> str:
    return GOOD.replace("  name: Acme Corp", f"  name: Acme Corp\n  logo: {name}")


@dataclass
class Case:
    id: str
    org: str | bytes
    message: str
    files: dict[str, bytes] = field(default_factory=dict)
    name: str = "acme.yaml"
    exit_code: int = 1


CASES = [
    Case("empty file", "", ":1: expected a mapping of keys, found an empty file"),
    Case("top-level list", "- a\n- b\n", ":1: expected a mapping of keys, found list"),
    Case("missing keys listed at once", "paper: A4\n", ":1:1: missing required key 'organisation'"),
    Case(
        "unknown top-level key",
        GOOD + "colour: blue\n",
        ":8:1: colour: unknown key 'colour'; valid keys here: organisation, paper, training, team",
    ),
    Case(
        "unknown role with suggestion",
        GOOD.replace("endpoint-admin", "endpoint-admins"),
        ":7:5: team.roles.endpoint-admins: unknown role 'endpoint-admins' (did you mean "
        "endpoint-admin?)",
    ),
    Case(
        "negative headcount",
        GOOD.replace("endpoint-admin: 2", "endpoint-admin: -3"),
        ":7:5: team.roles.endpoint-admin: must be at least 1 (found -3)",
    ),
    Case(
        "non-integer headcount",
        GOOD.replace("endpoint-admin: 2", "endpoint-admin: six"),
        ":7:5: team.roles.endpoint-admin: expected a whole number, found 'six'",
    ),
    Case(
        "member role not in team.roles",
        GOOD + "  members:\n    - {name: Bo, role: m365-admin}\n",
        ":9:18: team.members[0].role: role 'm365-admin' is not listed under team.roles",
    ),
    Case(
        "unknown exam held",
        GOOD + "  members:\n    - {name: Bo, role: endpoint-admin, certified: [MD-101]}\n",
        "team.members[0].certified[0]: unknown exam 'MD-101' (did you mean MD-102?)",
    ),
    Case(
        "more members than headcount",
        GOOD.replace("endpoint-admin: 2", "endpoint-admin: 1")
        + "  members:\n    - {name: A, role: endpoint-admin}\n"
        "    - {name: B, role: endpoint-admin}\n",
        "team.roles.endpoint-admin: headcount 1 is less than the 2 members named",
    ),
    Case(
        "tab indentation",
        GOOD.replace("    endpoint-admin", "\tendpoint-admin"),
        ":7:1: invalid YAML: found character '\\t' that cannot start any token "
        "(indent with spaces, not tabs)",
    ),
    Case(
        "several documents",
        GOOD + "---\norganisation: {name: Other}\n",
        ":8: several YAML documents in one file; keep only the first",
    ),
    Case(
        "anchors and aliases (alias bomb)",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" + GOOD,
        ":1:4: YAML anchors and aliases are not allowed",
    ),
    Case(
        "python tag",
        GOOD + "paper: !!python/object/apply:os.system [id]\n",
        ":8:8: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    Case(
        "not UTF-8",
        GOOD.replace("Acme Corp", "Acme Café").encode("latin-1"),
        ":2: not UTF-8 text; save the file as UTF-8",
    ),
    Case(
        "NO read as a boolean",
        GOOD.replace("Acme Corp", "NO"),
        ":2:3: organisation.name: expected text, found False; put the "
        "value in quotes to keep it as text",
    ),
    Case(
        "1.10 read as a number",
        GOOD.replace("2027-03-01", "2027-03-01\n  venue: 1.10"),
        ":5:3: training.venue: expected text, found 1.1; put the value in quotes",
    ),
    Case(
        "impossible date",
        GOOD.replace("2027-03-01", "2027-02-30"),
        ":4:3: training.date: '2027-02-30' is not a date: February 2027 has no day 30",
    ),
    Case(
        "date in words",
        GOOD.replace("2027-03-01", "next monday"),
        ":4:3: training.date: found 'next monday', not a date; write it as YYYY-MM-DD, "
        "e.g. 2027-03-12",
    ),
    Case("duplicate key", GOOD + "paper: A4\npaper: Letter\n", ":9:1: duplicate key 'paper'"),
    Case(
        "bidi override in a name",
        GOOD.replace("Acme Corp", '"Acme \u202eproC"'),
        ":2:3: organisation.name: contains a control, newline or bidi-override character",
    ),
    Case(
        "NUL in a name",
        GOOD.replace("Acme Corp", '"Acme\\0Corp"'),
        "organisation.name: contains a control, newline or bidi-override character",
    ),
    Case(
        "newline in a name",
        GOOD.replace("Acme Corp", '"Acme\\nCorp"'),
        "organisation.name: contains a control, newline or bidi-override character",
    ),
    Case(
        "file name not a slug",
        GOOD,
        "file name 'Acme Corp' cannot be used as an output folder",
        name="Acme Corp.yaml",
    ),
    Case(
        "CSS injection through a colour",
        GOOD.replace(
            "  name: Acme Corp", '  name: Acme\n  colours: {primary: "red}@import url(x)"}'
        ),
        ":3:13: organisation.colours.primary: found 'red}@import url(x)'; write a colour",
    ),
    Case(
        "unquoted colour",
        GOOD.replace("  name: Acme Corp", "  name: Acme\n  colours:\n    primary: #0F6CBD"),
        'organisation.colours.primary: found nothing; write a colour as "#RRGGBB" in quotes',
    ),
    Case(
        "paper size", GOOD + "paper: A5\n", ":8:1: paper: 'A5' is not allowed; use 'A4' or 'Letter'"
    ),
    Case(
        "logo outside the folder",
        with_logo("../secret.png"),
        "organisation.logo: logo '../secret.png' is outside the organisation file's folder",
    ),
    Case("logo missing", with_logo("gone.png"), "logo file 'gone.png' not found next to"),
    Case(
        "logo of another type",
        with_logo("logo.gif"),
        "must be a .png or .svg file",
        files={"logo.gif": b"GIF89a"},
    ),
    Case(
        "logo not really a PNG",
        with_logo("logo.png"),
        "not a PNG, JPEG, WebP or SVG image",
        files={"logo.png": b"<html>not an image</html>"},
    ),
    Case(
        "truncated PNG",
        with_logo("logo.png"),
        "damaged image",
        files={"logo.png": png(64, 64)[:60]},
    ),
    Case(
        "30000x30000 PNG",
        with_logo("logo.png"),
        "logo.png: image too large; the limit is 40 megapixels",
        files={"logo.png": png_header_only(30000, 30000)},
    ),
    Case(
        "SVG logo reading a local file",
        with_logo("logo.svg"),
        "blocked reference to file:///etc/hostname",
        files={
            "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" '
            b'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
            b'<image xlink:href="file:///etc/hostname" width="10" height="10"/></svg>'
        },
    ),
    Case(
        "SVG logo reaching the network",
        with_logo("logo.svg"),
        "blocked reference to http://169.254.169.254/latest",
        files={
            "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<image href="http://169.254.169.254/latest/x.png" width="10" height="10"/>'
            b"</svg>"
        },
    ),
    Case(
        "too many members",
        GOOD.replace("  roles:\n    endpoint-admin: 2\n", "  members:\n")
        + "".join(f"    - {{name: P{i}, role: endpoint-admin}}\n" for i in range(1001)),
        "team.members: must have at most 1000 item(s) (found 1001)",
    ),
    Case("huge organisation file", GOOD + "# " + "x" * 1_100_000 + "\n", "file is 1100"),
]


def run_case(case: Case, tmp_path: Path) -> tuple[int, str, Path]:
    folder = tmp_path / "org"
    folder.mkdir()
    org = folder / case.name
    org.write_bytes(case.org.encode() if isinstance(case.org, str) else case.org)
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    (tmp_path / "secret.png").write_bytes(png())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(org), "-o", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unexpected exception: {result.exception!r}"
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr, org


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    exit_code, stderr, org = run_case(case, tmp_path)
    assert exit_code == case.exit_code, stderr
    first = stderr.splitlines()[0]
    assert first.startswith(str(org)), stderr
    assert case.message in stderr, stderr
    out = tmp_path / "out"
    assert not list(out.rglob("*.pdf")) if out.exists() else True
    assert not list(out.rglob("*.tmp")) if out.exists() else True


def test_suite_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


Setup = Callable[[Path], None]
