"""Inventories in the encodings Windows tools export: detected, chosen, or reported by line."""

from __future__ import annotations

import builtins
import codecs
import subprocess
import sys

import pytest
from footprintlab import onprem
from footprintlab.onprem import textfile
from onprem_helpers import GOOD_ROW, csv_text

CAFE_ROW = GOOD_ROW.replace("web-1", "café-1")
TEXT = csv_text(GOOD_ROW, GOOD_ROW, CAFE_ROW)  # café on line 4 (row 3), column machineName


def _write(tmp_path, data: bytes, name="fleet.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _the_problem(error: onprem.OnPremInputError):
    [problem] = error.report.problems
    return problem


def test_cp1252_byte_is_reported_with_line_column_and_hint_not_unicode_decode_error(tmp_path):
    path = _write(tmp_path, TEXT.encode("cp1252"))
    with pytest.raises(onprem.OnPremInputError) as raised:
        onprem.estimate(path)
    problem = _the_problem(raised.value)
    assert (problem.line, problem.column, problem.value) == (4, "machineName", "caf[0xE9]-1")
    assert "byte 0xE9" in problem.expected and "--encoding cp1252" in problem.expected
    assert str(path) in str(raised.value) and "line 4, column 'machineName'" in str(raised.value)


def test_cp1252_file_read_with_encoding_option_gives_the_utf8_result(tmp_path):
    utf8 = onprem.estimate(_write(tmp_path, TEXT.encode("utf-8"), "a.csv"))
    cp1252 = onprem.estimate(_write(tmp_path, TEXT.encode("cp1252"), "b.csv"), encoding="cp1252")
    assert cp1252["machineName"].tolist() == ["web-1", "web-1", "café-1"]
    assert cp1252.equals(utf8)


@pytest.mark.parametrize("bom, codec, family", [
    (codecs.BOM_UTF8, "utf-8", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
])
def test_byte_order_mark_decides_the_encoding(tmp_path, bom, codec, family):
    expected = onprem.estimate(_write(tmp_path, TEXT.encode("utf-8"), "plain.csv"))
    path = _write(tmp_path, bom + TEXT.encode(codec))
    assert onprem.estimate(path).equals(expected)
    assert onprem.estimate(path, encoding=family).equals(expected)  # the mark is not data
    assert onprem.estimate(path.read_bytes()).equals(expected)


def test_utf16_without_byte_order_mark_gets_a_hint_not_missing_columns(tmp_path):
    path = _write(tmp_path, TEXT.encode("utf-16-le"))
    with pytest.raises(onprem.OnPremInputError) as raised:
        onprem.estimate(path)
    problem = _the_problem(raised.value)
    assert problem.line == 1 and "--encoding utf-16-le" in problem.expected
    assert onprem.estimate(path, encoding="utf-16-le")["machineName"].iat[2] == "café-1"


def test_byte_order_mark_contradicting_the_encoding_option_is_reported(tmp_path):
    path = _write(tmp_path, codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    with pytest.raises(onprem.OnPremInputError, match="UTF-16 byte-order mark, but encoding "
                       "'cp1252' was given"):
        onprem.estimate(path, encoding="cp1252")


def test_byte_undefined_in_the_chosen_encoding_is_reported_with_its_line(tmp_path):
    path = _write(tmp_path, TEXT.replace("café", "caf\x81").encode("latin-1"))  # 0x81: no cp1252
    with pytest.raises(onprem.OnPremInputError) as raised:
        onprem.estimate(path, encoding="cp1252")
    problem = _the_problem(raised.value)
    assert (problem.line, problem.column, problem.value) == (4, "machineName", "caf[0x81]-1")
    assert "not cp1252" in problem.expected


@pytest.mark.parametrize("block", [1, 7, 1 << 20])
def test_line_of_a_bad_byte_is_right_whatever_the_scan_block(tmp_path, monkeypatch, block):
    monkeypatch.setattr(textfile, "SCAN_BLOCK_BYTES", block)
    rows = [GOOD_ROW.replace("web-1", "wéb-1")] * 40 + [CAFE_ROW]  # é is 2 bytes in UTF-8
    data = csv_text(*rows).encode("utf-8").replace("café".encode(), b"caf\xe9")
    with pytest.raises(onprem.OnPremInputError) as raised:
        onprem.estimate(_write(tmp_path, data))
    problem = _the_problem(raised.value)
    assert (problem.line, problem.column, problem.value) == (42, "machineName", "caf[0xE9]-1")


def test_truncated_multibyte_character_at_the_end_is_reported(tmp_path):
    data = csv_text(GOOD_ROW).rstrip("\n").encode() + "é".encode()[:1]  # ends mid-character
    report = onprem.validate(_write(tmp_path, data))
    [problem] = report.problems
    assert (problem.line, problem.column, problem.value) == (2, "annualUptime", "8760[0xC3]")


def test_bytes_input_in_cp1252_is_reported_then_read_with_encoding():
    data = TEXT.encode("cp1252")
    report = onprem.validate(data)
    [problem] = report.problems
    assert (problem.line, problem.column, problem.value) == (4, "machineName", "caf[0xE9]-1")
    assert onprem.estimate(data, encoding="cp1252")["machineName"].iat[2] == "café-1"


def test_reader_without_pyarrow_reports_the_same_problem(tmp_path, monkeypatch):
    path = _write(tmp_path, TEXT.encode("cp1252"))
    real_import = builtins.__import__

    def no_arrow(name, *args, **kwargs):
        if name.endswith("_arrow_csv"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_arrow)
    with pytest.raises(onprem.OnPremInputError) as raised:
        onprem.estimate(path)
    problem = _the_problem(raised.value)
    assert (problem.line, problem.column, problem.value) == (4, "machineName", "caf[0xE9]-1")
    assert onprem.estimate(path, encoding="cp1252")["machineName"].iat[2] == "café-1"


def _onprem(*args):
    return subprocess.run([sys.executable, "-m", "footprintlab.cli", "onprem", *map(str, args)],
                          capture_output=True, text=True)


def test_command_reports_a_cp1252_file_and_reads_it_with_encoding(tmp_path):
    path = _write(tmp_path, TEXT.encode("cp1252"))
    done = _onprem(path, "-o", tmp_path / "out.csv")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "UnicodeDecodeError" not in done.stderr
    assert f"{path}: 1 problem(s)" in done.stderr
    assert "line 4, column 'machineName': got 'caf[0xE9]-1'" in done.stderr
    assert "--encoding cp1252" in done.stderr and not (tmp_path / "out.csv").exists()
    done = _onprem(path, "-o", tmp_path / "out.csv", "--encoding", "cp1252")
    assert done.returncode == 0, done.stderr
    assert "café-1" in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_command_refuses_an_unknown_encoding_by_name(tmp_path):
    path = _write(tmp_path, TEXT.encode("utf-8"))
    done = _onprem(path, "--encoding", "klingon")
    assert done.returncode == 2 and "encoding: 'klingon' is not a text encoding" in done.stderr
    done = _onprem(path, "--validate-only", "--encoding", "klingon")
    assert done.returncode == 2 and "encoding: 'klingon'" in done.stderr
