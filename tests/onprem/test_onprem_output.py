"""CSV output: JavaScript number text, minimal quoting, both writers equal, no overwrite."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from footprintlab.onprem.output import (
    OutputExistsError,
    js_number,
    js_numbers,
    staged_output,
    to_csv_text,
    write_csv_chunk,
)


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


def test_staged_output_never_replaces_a_file_that_appears_meanwhile(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(OutputExistsError, match="appeared while writing"):
        with staged_output(target, force=False, unique=False) as (handle, final):
            handle.write("new\n")
            target.write_text("someone else's\n")
    assert target.read_text() == "someone else's\n"
    with staged_output(target, force=False, unique=True) as (handle, final):
        handle.write("new\n")
    assert final[0].name == "out.footprint.csv" and final[0].read_text() == "new\n"
    assert target.read_text() == "someone else's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.footprint.csv"]


def test_staged_output_leaves_nothing_on_error(tmp_path):
    with pytest.raises(RuntimeError):
        with staged_output(tmp_path / "o.csv", force=False, unique=False) as (handle, _):
            handle.write("partial")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_whole_cli_gives_the_same_bytes_without_pyarrow(tmp_path):
    import subprocess
    import sys

    from onprem_helpers import GOOD_ROW, csv_text

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
