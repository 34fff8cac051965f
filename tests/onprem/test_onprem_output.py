"""CSV output: JavaScript number text, minimal quoting, both writers equal, no overwrite."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from footprintlab import _files
from footprintlab.onprem import cli
from footprintlab.onprem.output import (
    OutputExistsError,
    OutputIsInputError,
    js_number,
    js_numbers,
    to_csv_text,
    write_csv_chunk,
)
from onprem_helpers import GOOD_ROW, csv_text


@pytest.mark.parametrize("value, text", [
    (324.0, "324"), (0.1344583615586605, "0.1344583615586605"),
    (1.9619334000000003e-06, "0.0000019619334000000003"), (3.9238668e-7, "3.9238668e-7"),
    (1e21, "1e+21"), (1.2345678901234568e20, "123456789012345680000"), (1e-7, "1e-7"),
    (0.000001, "0.000001"), (-0.5, "-0.5"), (1e16, "10000000000000000"), (0.0, "0"),
    (float("nan"), ""),
])
def test_js_number(value, text):
    assert js_number(value) == text
    assert js_numbers(np.array([value]))[0] == text


def test_js_numbers_agrees_with_js_number_across_magnitudes():
    rng = np.random.default_rng(6)
    values = rng.random(3000) * 10.0 ** rng.integers(-12, 24, 3000)
    assert js_numbers(values).tolist() == [js_number(v) for v in values]


FRAME = pd.DataFrame({
    "text": pd.Series(["plain", "a,b", 'say "hi"', "two\nlines", ""], dtype="str"),
    "floats": [324.0, 3.9238668e-7, float("nan"), 2.5e12, 0.1344583615586605],
    "mixed": pd.Series(["4", 12.0, "36", 0.5, ""], dtype=object),
    "ints": [1, 2, 3, 4, 5],
})
EXPECTED = ('text,floats,mixed,ints\nplain,324,4,1\n"a,b",3.9238668e-7,12,2\n'
            '"say ""hi""",,36,3\n"two\nlines",2500000000000,0.5,4\n,0.1344583615586605,,5\n')


def test_fast_and_fallback_writers_give_the_same_bytes(monkeypatch):
    fast = io.StringIO()
    write_csv_chunk(FRAME, fast, header=True)
    assert fast.getvalue() == EXPECTED
    import builtins

    real_import = builtins.__import__

    def no_arrow(name, *args, **kwargs):
        if name.endswith("_arrow_csv"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_arrow)
    slow = io.StringIO()
    write_csv_chunk(FRAME, slow, header=True)
    assert slow.getvalue() == EXPECTED
    assert to_csv_text(FRAME)["floats"].tolist()[1] == "3.9238668e-7"


def _appearing(monkeypatch, path, text="someone else's\n"):
    """Make ``path`` appear (another program's file) while the CLI writes its first chunk."""
    real = cli.write_csv_chunk

    def write_and_let_another_program_write(part, handle, header):
        if not path.exists():
            path.write_text(text)
        real(part, handle, header)

    monkeypatch.setattr(cli, "write_csv_chunk", write_and_let_another_program_write)


def test_output_that_appears_while_writing_is_never_replaced(example_csv, monkeypatch, capsys):
    target = example_csv.with_name("out.csv")
    _appearing(monkeypatch, target)
    assert cli.main([str(example_csv), "-o", str(target)]) == 2
    assert target.read_text() == "someone else's\n"
    assert "appeared while writing" in capsys.readouterr().err
    assert sorted(p.name for p in example_csv.parent.iterdir()) == ["fleet.csv", "out.csv"]


def test_default_name_taken_meanwhile_moves_to_the_next_free_name(example_csv, monkeypatch):
    taken = example_csv.with_name("fleet.footprint.csv")
    _appearing(monkeypatch, taken)
    assert cli.main([str(example_csv)]) == 0
    assert taken.read_text() == "someone else's\n"
    assert example_csv.with_name("fleet.footprint-2.csv").read_text().startswith("cpuDescription")
    assert sorted(p.name for p in example_csv.parent.iterdir()) == [
        "fleet.csv", "fleet.footprint-2.csv", "fleet.footprint.csv"]


def test_failed_run_leaves_no_temporary_file(example_csv, monkeypatch):
    def broken_disk(part, handle, header):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli, "write_csv_chunk", broken_disk)
    assert cli.main([str(example_csv), "-o", str(example_csv.with_name("o.csv"))]) == 2
    assert sorted(p.name for p in example_csv.parent.iterdir()) == ["fleet.csv"]


def test_output_errors_are_the_shared_writer_errors():
    assert OutputExistsError is _files.OutputExistsError
    assert OutputIsInputError is _files.OutputIsInputError
    assert issubclass(OutputExistsError, FileExistsError)


def test_symlink_to_the_input_is_refused_even_with_force(example_csv, capsys):
    link = example_csv.with_name("link.csv")
    link.symlink_to(example_csv)
    before = example_csv.read_bytes()
    assert cli.main([str(example_csv), "-o", str(link), "--force"]) == 2
    assert example_csv.read_bytes() == before and link.is_symlink()
    assert "is the input file" in capsys.readouterr().err


def test_carbon_intensity_file_is_never_overwritten(tmp_path, capsys):
    source = tmp_path / "fleet.csv"
    source.write_text(csv_text(GOOD_ROW))
    series = tmp_path / "intensity.csv"
    series.write_text("time,g_per_kwh\n2024-01-01T00:00:00Z,80\n")
    assert cli.main([str(source), "-o", str(series), "--carbon-intensity", str(series),
                     "--force"]) == 2
    assert series.read_text() == "time,g_per_kwh\n2024-01-01T00:00:00Z,80\n"
    assert "is the input file" in capsys.readouterr().err


def test_force_replaces_and_keeps_the_mode(example_csv):
    target = example_csv.with_name("out.csv")
    target.write_text("old\n")
    target.chmod(0o640)
    assert cli.main([str(example_csv), "-o", str(target), "--force"]) == 0
    assert target.read_text().startswith("cpuDescription")
    assert target.stat().st_mode & 0o777 == 0o640


def test_whole_cli_gives_the_same_bytes_without_pyarrow(tmp_path):
    import subprocess
    import sys

    rows = [GOOD_ROW,
            GOOD_ROW.replace("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
                             '"AMD PRO A8-8600B R6, 10 Compute Cores 4C+6G"'),
            GOOD_ROW.replace(",24,168,730,8760", ",,,,4380").replace("France", "US"),
            GOOD_ROW.replace("2024-01-31T00:00:00Z", "31/01/2024 12:00").replace(",40,", ",,")]
    source = tmp_path / "fleet.csv"
    source.write_text(csv_text(*rows * 3))
    run = "from footprintlab.onprem.cli import main; sys.exit(main(sys.argv[1:]))"
    codes = {"yes": f"import sys; {run}",
             "no": f"import sys; sys.modules['pyarrow'] = None; {run}"}  # import fails
    for mode, code in codes.items():
        done = subprocess.run([sys.executable, "-c", code, str(source), "-o",
                               str(tmp_path / f"{mode}.csv")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    fast, slow = (tmp_path / "yes.csv").read_bytes(), (tmp_path / "no.csv").read_bytes()
    assert fast == slow and fast.count(b"\n") == 13
