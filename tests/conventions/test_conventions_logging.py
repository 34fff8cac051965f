"""Library code never prints (the commands and notebook front ends aside); diagnostics go to
``logging.getLogger("footprintlab.<module>")``; cautions are warnings of documented categories."""
import ast
import logging
from pathlib import Path

import footprintlab as fl

CORE = Path(fl.__file__).parent
# modules whose job is to talk to a user: command-line entry points and front ends
FRONT_ENDS = {"cli.py", "report_cli.py", "onprem/cli.py", "hpc/cli.py", "budget/report.py",
              "budget/run.py", "budget/plugin.py", "measure/magic.py", "workshop/checks.py",
              "workshop/__init__.py"}


def _calls(tree, name):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name) and node.func.id == name]


def _library_modules():
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE).as_posix()
        command = path.name == "cli.py" or path.name.endswith("_cli.py")
        if relative not in FRONT_ENDS and not command and "/course/" not in relative:
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def test_library_code_never_prints():
    printing = [f"{name}:{call.lineno}" for name, tree in _library_modules()
                for call in _calls(tree, "print")]
    assert printing == []


def test_library_warnings_name_a_documented_category():
    bare = []
    for name, tree in _library_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "warn" and getattr(node.func.value, "id", "") == "warnings":
                category = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "category"), None)
                first = node.args[0] if node.args else None
                named = isinstance(category, ast.Name) and category.id != "UserWarning"
                constructed = isinstance(first, ast.Call) and category is None
                if not (named or constructed or isinstance(category, ast.Name) and
                        category.id == "level"):
                    bare.append(f"{name}:{node.lineno}")
    assert bare == []


def test_diagnostics_go_to_module_loggers(caplog):
    with caplog.at_level(logging.INFO, logger="footprintlab"):
        fl.onprem.estimate(fl.examples.path("fleet.csv"))
    records = [r for r in caplog.records if r.name == "footprintlab.onprem.estimate"]
    assert records and "estimated 10 row(s)" in records[0].getMessage()
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("footprintlab").handlers)
