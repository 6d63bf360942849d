"""WeasyPrint loads without running a program, and still loads where it needs the search."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from guide.render.engine import import_quickly

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux loader")


@pytest.fixture(scope="module")
def engine_start() -> subprocess.CompletedProcess[str]:
    """A fresh process imports WeasyPrint through the engine, counting programs it starts."""
    code = (
        "import ctypes.util, subprocess\n"
        "search = ctypes.util.find_library\n"
        "runs = []\n"
        "start = subprocess.Popen.__init__\n"
        "def counted(self, *args, **kwargs):\n"
        "    runs.append(args[0])\n"
        "    start(self, *args, **kwargs)\n"
        "subprocess.Popen.__init__ = counted\n"
        "from guide.render.engine import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "assert ctypes.util.find_library is search, 'the library search was not restored'\n"
        "assert weasyprint.HTML(string='<p>x</p>').write_pdf().startswith(b'%PDF')\n"
        "print(len(runs), runs[:3])\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_the_engine_loads_and_restores_the_library_search(
    engine_start: subprocess.CompletedProcess[str],
) -> None:
    assert engine_start.returncode == 0, engine_start.stderr


def test_the_engine_loads_without_running_a_program(
    engine_start: subprocess.CompletedProcess[str],
) -> None:
    """Plain `import weasyprint` runs ldconfig, gcc and ld about 38 times (0.2 s)."""
    assert engine_start.returncode == 0, engine_start.stderr
    assert engine_start.stdout.startswith("0 "), engine_start.stdout


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package `needs_search` that records whether the library search answered it."""
    folder = tmp_path / "needs_search"
    folder.mkdir()
    (folder / "first_part.py").write_text(
        "import ctypes.util\nfound = ctypes.util.find_library('c') is not None\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(ctypes.util, "find_library", _found)
    yield folder
    for name in ("needs_search", "needs_search.first_part"):
        sys.modules.pop(name, None)


def _found(name: str) -> str:
    return f"lib{name}.so.6"


def test_a_library_only_the_search_finds_still_loads(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The import fails without the search: it runs again with it, and nothing of the failed
    attempt (or its banner) is left behind."""
    (package / "__init__.py").write_text(
        "from needs_search import first_part\n"
        "if not first_part.found:\n"
        "    print('could not import some external libraries')\n"
        "    raise OSError('cannot load library c')\n",
        encoding="utf-8",
    )
    module = import_quickly("needs_search")
    assert module.first_part.found
    assert sys.modules["needs_search.first_part"] is module.first_part
    assert ctypes.util.find_library is _found
    assert capsys.readouterr().out == ""
