"""The pure JS functions of ``js/`` (layout, graph diffing) under ``node --test``."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).resolve().parents[2] / "js" / "tests"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (.ci/run installs it)")
def test_node_tests_pass():
    result = subprocess.run(["node", "--test", str(JS_TESTS)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
    passed = int(re.search(r"# pass (\d+)", result.stdout).group(1))
    assert passed >= 15  # graph_layout.test.mjs alone has 15 (other files add theirs)
