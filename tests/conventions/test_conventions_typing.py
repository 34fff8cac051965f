"""Types: the package ships py.typed, and CI type-checks the public engine API (.ci/typecheck,
mypy, strictness in .ci/mypy.ini; about 15-30 s, so it runs in .ci/run, not in this suite)."""
from pathlib import Path

import footprintlab as fl

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_ships_a_py_typed_marker():
    assert (Path(fl.__file__).parent / "py.typed").exists()
    assert '"footprintlab" = ["py.typed"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_ci_runs_the_type_check_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "ruff check . && .ci/typecheck && python -m pytest" in ci
    assert "footprintlab.engine" in (ROOT / ".ci" / "typecheck").read_text(encoding="utf-8")
