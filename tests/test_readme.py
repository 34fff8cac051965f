"""Every ```python block of README.md runs as written, in order, in one namespace, in a temporary
folder, against the installed package (issue 12)."""
import re
import warnings
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks() -> list[tuple[int, str]]:
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, match.start()) + 2, match.group(1)) for match in BLOCK.finditer(text)]


def test_the_readme_has_python_blocks():
    assert len(python_blocks()) >= 5


def test_every_python_block_runs_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FOOTPRINTLAB_COUNTRY", "FRA")
    namespace: dict = {"__name__": "readme"}
    for line, source in python_blocks():
        # line numbers in tracebacks are README.md's own
        code = compile("\n" * (line - 1) + source, str(README), "exec")
        try:
            with warnings.catch_warnings():  # documented cautions are shown to users, not errors
                warnings.simplefilter("default")
                exec(code, namespace)
        except Exception as exc:  # the block's README line in the failure message
            pytest.fail(f"README.md block at line {line} failed: {type(exc).__name__}: {exc}")
