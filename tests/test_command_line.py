"""The ``footprintlab`` command as a newcomer meets it: usage texts, unknown verbs, error exits."""
import subprocess
import sys

import pytest


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "footprintlab.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_help_is_an_ordinary_usage_text_listing_the_verbs():
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: footprintlab")
    for verb in ("report", "app", "onprem", "hpc"):
        assert f"\n  {verb} " in result.stdout
    assert "::" not in result.stdout and "``" not in result.stdout


@pytest.mark.parametrize("verb", ["report", "app", "onprem", "hpc"])
def test_each_verb_has_its_own_usage_text(verb):
    result = run(verb, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: footprintlab {verb}")
    assert "``" not in result.stdout


def test_unknown_verb_is_an_error_listing_the_verbs():
    result = run("bogus")
    assert result.returncode == 2
    assert "unknown verb 'bogus'; choose one of report, app, onprem, hpc" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_model_file_is_one_line_and_exit_2(tmp_path):
    result = run("report", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope.json" in lines[0] and "Traceback" not in result.stderr


def test_invalid_model_file_names_the_json_path(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "footprintlab", "objects": [}')
    result = run("report", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith("footprintlab report: error:") and "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "report", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip()


def test_a_closed_pipe_ends_quietly():
    process = subprocess.Popen([sys.executable, "-m", "footprintlab.cli", "report"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the table is printed
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0
    assert b"BrokenPipe" not in stderr and b"Traceback" not in stderr
