"""Every package folder is declared in pyproject.toml (or an install would miss it)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = {"core": "footprintlab", "widgets": "footprintlab.widgets", "js": "footprintlab.js"}


def test_every_package_is_declared():
    text = (ROOT / "pyproject.toml").read_text()
    declared = set(re.findall(r'"(footprintlab(?:\.[a-z_]+)*)"', text.split("packages = [")[1].split("]")[0]))
    found = set()
    for folder, prefix in PREFIXES.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / folder).parts
            if "tests" in parts:
                continue
            found.add(".".join((prefix, *parts)) if parts else prefix)
    assert found == declared
