"""Issue 11, HPC: no lost file, no leaked token, no silent wrong result.

Each test is named after the defect it prevents. The command is run as users run it (a real
``python -m footprintlab.cli hpc`` subprocess) where the defect shows there; servers are real
loopback HTTP servers (tests/hpc/conftest.py).
"""

import base64
import io
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
from footprintlab.hpc import (
    CountryFallback,
    GBCarbonIntensityClient,
    PrometheusPowerClient,
    intensity_from_series,
    job_footprints,
    read_intensity_csv,
    read_power_csv,
    read_sacct,
)
from footprintlab.hpc._errors import InputFileError
from footprintlab.hpc._redact import redact
from footprintlab.hpc.cli import build_parser, main
from footprintlab.hpc.gb_intensity import CacheWarning

TOKEN = "s3cret-T0ken-42"
SACCT = """JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State
71|alice|phys|cpu|n1|8|2024-01-10T00:00:00|2024-01-10T01:00:00|COMPLETED
"""
T0 = pd.Timestamp("2024-01-10T00:00Z").value / 1e9
GB_CHUNK = "/intensity/2024-01-04T00:00Z/2024-01-18T00:00Z"


def run_cli(*args, env=None, timeout=60):
    """``footprintlab hpc ARGS`` in a fresh interpreter; returns the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "footprintlab.cli", "hpc", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture
def clean_env(tmp_path):
    """The user's environment without credentials; HOME in tmp (no real config file)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOOTPRINTLAB_")}
    env["HOME"] = str(tmp_path / "home")
    env["FOOTPRINTLAB_CONFIG"] = str(tmp_path / "config.ini")
    return env


@pytest.fixture
def inputs(tmp_path):
    sacct = tmp_path / "sacct.txt"
    sacct.write_text(SACCT)
    power = tmp_path / "power.csv"
    t = T0 + np.arange(0, 3601, 60.0)
    pd.DataFrame({"timestamp": t, "node": "n1", "watts": 200.0}).to_csv(power, index=False)
    intensity = tmp_path / "intensity.csv"
    intensity.write_text("from,intensity\n2024-01-10T00:00Z,100\n2024-01-10T00:30Z,100\n")
    config = tmp_path / "config.ini"
    config.write_text("[prometheus]\ntoken = unused\n")
    return {"sacct": sacct, "power": power, "intensity": intensity, "config": config}


def cli_args(inputs, *extra):
    return [str(inputs["sacct"]), "--power", str(inputs["power"]),
            "--intensity", str(inputs["intensity"]), *extra]


# --- inputs are never written ------------------------------------------------------------------

@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("which", ["sacct", "power", "intensity", "config"])
def test_output_that_is_an_input_is_refused_and_the_input_kept(inputs, which, force, capsys,
                                                               monkeypatch):
    monkeypatch.setenv("FOOTPRINTLAB_CONFIG", str(inputs["config"]))
    before = inputs[which].read_bytes()
    args = cli_args(inputs, "-o", str(inputs[which])) + (["--force"] if force else [])
    assert main(args) == 2
    assert inputs[which].read_bytes() == before
    assert "is the input file" in capsys.readouterr().err


def test_output_symlink_to_the_power_file_is_refused_in_a_real_run(inputs, tmp_path, clean_env):
    link = tmp_path / "result.csv"
    link.symlink_to(inputs["power"])
    before = inputs["power"].read_bytes()
    done = run_cli(*cli_args(inputs, "-o", link, "--force"), env=clean_env)
    assert done.returncode == 2
    assert "is the input file" in done.stderr and "Traceback" not in done.stderr
    assert inputs["power"].read_bytes() == before and link.is_symlink()


def test_file_exists_message_names_force(inputs, tmp_path, capsys):
    out = tmp_path / "out.csv"
    out.write_text("mine")
    assert main(cli_args(inputs, "-o", str(out))) == 2
    assert "--force" in capsys.readouterr().err and out.read_text() == "mine"


# --- tokens never appear -----------------------------------------------------------------------

def test_401_answer_echoing_the_bearer_token_does_not_leak_it(inputs, echo_server, clean_env):
    clean_env["FOOTPRINTLAB_PROMETHEUS_TOKEN"] = TOKEN
    done = run_cli(inputs["sacct"], "--power", echo_server.url, "--country", "FR",
                   env=clean_env)
    assert echo_server.requests[0][1]["Authorization"] == f"Bearer {TOKEN}"  # it was sent
    assert done.returncode == 2 and "HTTP 401" in done.stderr
    assert TOKEN[:6] not in done.stderr + done.stdout  # not even a part of it
    assert "Bearer ***" in done.stderr  # the echo is there, masked


def test_config_file_without_section_header_does_not_print_the_token(inputs, clean_env,
                                                                      echo_server):
    config = inputs["config"]
    config.write_text(f"token = {TOKEN}\n")
    clean_env["FOOTPRINTLAB_CONFIG"] = str(config)
    done = run_cli(inputs["sacct"], "--power", echo_server.url, "--country", "FR",
                   env=clean_env)
    assert done.returncode == 2 and TOKEN not in done.stderr + done.stdout
    assert f"config file {config}: line 1: no section header" in done.stderr
    assert echo_server.requests == []  # nothing sent with a half-read configuration


def test_token_in_the_url_user_info_is_sent_as_basic_auth_and_never_shown(inputs, clean_env,
                                                                          echo_server):
    host = echo_server.url.removeprefix("http://")
    done = run_cli(inputs["sacct"], "--power", f"http://monitor:{TOKEN}@{host}",
                   "--country", "FR", env=clean_env)
    basic = base64.b64encode(f"monitor:{TOKEN}".encode()).decode()
    assert echo_server.requests[0][1]["Authorization"] == f"Basic {basic}"
    assert done.returncode == 2 and "HTTP 401" in done.stderr
    assert TOKEN[:6] not in done.stderr and basic[:6] not in done.stderr


def test_redaction_masks_secrets_user_info_headers_and_query_tokens():
    text = (f"GET http://u:{TOKEN}@h/x?token={TOKEN}&a=1 Authorization: Bearer {TOKEN} "
            f"authorization: rawvalue {TOKEN}")
    shown = redact(text, [TOKEN])
    assert TOKEN not in shown and "rawvalue" not in shown
    assert "http://***@h/x?token=***&a=1" in shown and "Bearer ***" in shown
    assert redact(f"Basic {TOKEN}") == "Basic ***"  # even when not told the secret


# --- --timeout bounds the whole request --------------------------------------------------------

def test_timeout_bounds_a_request_to_a_server_sending_a_byte_every_0_3_s(inputs, clean_env,
                                                                          dribble_server):
    start = time.monotonic()
    done = run_cli(inputs["sacct"], "--power", dribble_server, "--country", "FR",
                   "--timeout", "1", env=clean_env)
    elapsed = time.monotonic() - start
    assert done.returncode == 2
    assert "within the timeout of 1 s (--timeout)" in done.stderr
    assert elapsed < 5  # interpreter start-up included; it took 12.6 s with per-read timeouts


# --- answers of the wrong shape ----------------------------------------------------------------

@pytest.mark.parametrize("answer", [[], "hello", {"data": []}, {"status": "success",
                                    "data": {"resultType": "matrix", "result": [1, 2]}},
                                    {"status": "success", "data": {"resultType": "matrix",
                                     "result": [{"metric": {"alias": "n1"}, "values": 7}]}}])
def test_prometheus_answer_of_the_wrong_shape_names_the_query_and_the_expected_shape(
        echo_server, answer):
    echo_server.reply = (200, answer)
    client = PrometheusPowerClient(echo_server.url, retries=0)
    with pytest.raises(ValueError, match=r"query 'amperageProbeReading\{.*expected an answer "
                                         r"like \{"):
        client.power_samples(T0, T0 + 60, nodes=["n1"])


@pytest.mark.parametrize("answer", [[], "hello", {"data": {}}, {"data": [1, 2]},
                                    {"data": [{"from": "x"}]}])
def test_gb_answer_of_the_wrong_shape_is_a_clear_error(recorded_server, answer):
    recorded_server.routes[GB_CHUNK] = (200, answer)
    with pytest.raises(ValueError, match=r"GB API 2024-01-04 00:00:00\+00:00\.\.2024-01-18.*"
                                         r"(expected \{'data'|lacks from/to/intensity)"):
        GBCarbonIntensityClient(recorded_server.url, cache_dir=False).fetch("2024-01-05",
                                                                            "2024-01-06")


# --- row numbers are the file's ----------------------------------------------------------------

def test_sacct_error_names_the_files_line_not_an_index_after_dropping_steps(tmp_path):
    lines = ["JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State"]
    for k in range(4):
        lines += [f"{k}|u|a|p|n1|1|2024-01-10T00:00:00|2024-01-10T01:00:00|COMPLETED",
                  f"{k}.batch|||p|n1|1|2024-01-10T00:00:00|2024-01-10T01:00:00|COMPLETED"]
    lines.insert(5, "")  # a blank line still counts as a line of the file
    lines.append("9|u|a|p|n1|1|2024-13-10T00:00:00|2024-01-10T01:00:00|COMPLETED")  # line 11
    path = tmp_path / "sacct.txt"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputFileError) as caught:
        read_sacct(path)
    assert caught.value.line == 11
    assert str(caught.value) == (f"sacct file {path}, line 11, column 'Start': "
                                 "'2024-13-10T00:00:00' is not a date-time like "
                                 "2024-03-31T01:30:00 (or Unknown)")


def test_power_error_names_the_files_line_after_rows_without_reading(tmp_path):
    rows = ["timestamp,node,watts"] + [f"{T0 + 60 * k},n1," for k in range(5)]  # no reading
    rows += [f"{T0 + 600},n1,100", "", "yesterday,n1,100"]  # line 9
    path = tmp_path / "power.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(InputFileError, match=r"power\.csv, line 9, column 'timestamp': "
                                             r"'yesterday' is neither"):
        read_power_csv(path)


# --- no silent wrong results -------------------------------------------------------------------

def jobs_and(samples_time):
    jobs = read_sacct(io.StringIO(SACCT))
    samples = pd.DataFrame({"node": "n1", "time": samples_time, "watts": 250.0})
    return job_footprints(jobs, samples, fallback="FR").jobs.iloc[0]


def test_samples_only_before_the_job_give_no_energy_and_say_why():
    row = jobs_and(T0 - 3600 + np.arange(0, 3000, 30.0))  # ends 10 min before the job starts
    assert np.isnan(row["energy_kWh"]) and np.isnan(row["co2e_kg"])
    assert row["flags"] == "no_power_data;power_ends_before_job"


def test_samples_stopping_mid_job_are_not_held_to_its_end():
    row = jobs_and(T0 + np.arange(0, 1200, 30.0))  # first 20 of the job's 60 minutes
    assert np.isnan(row["energy_kWh"])
    assert row["flags"] == "no_power_data;power_ends_before_job"


def test_millisecond_timestamps_give_no_energy_and_the_cli_says_why(inputs, capsys):
    t = (T0 + np.arange(0, 3601, 60.0)) * 1000  # Unix ms in a column read as Unix s
    pd.DataFrame({"timestamp": t, "node": "n1", "watts": 200.0}).to_csv(inputs["power"],
                                                                         index=False)
    assert main(cli_args(inputs)) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert np.isnan(table["energy_kWh"].iloc[0])
    assert table["flags"].iloc[0] == "no_power_data;power_starts_after_job"
    assert "are the timestamps in milliseconds?" in captured.err


@pytest.mark.parametrize("watts", ["abc", "inf", "-inf", "nan", "1e999", "-5"])
def test_non_numeric_infinite_or_negative_watts_are_reported_with_their_line(tmp_path, watts):
    path = tmp_path / "power.csv"
    path.write_text(f"timestamp,node,watts\n{T0},n1,100\n{T0 + 60},n1,{watts}\n")
    with pytest.raises(InputFileError, match=rf"line 3, column 'watts': '{watts}' is not a "
                                             r"finite number of watts >= 0"):
        read_power_csv(path)


@pytest.mark.parametrize("cpus", ["1e30", "inf", "2.5", "-1", "NaN", "99999999999", ""])
def test_alloc_cpus_must_be_a_whole_number_and_is_refused_with_its_line(cpus):
    text = SACCT + f"72|bob|chem|cpu|n2|{cpus}|2024-01-10T00:00:00|2024-01-10T00:30:00|FAILED\n"
    with pytest.raises(InputFileError, match=rf"line 3, column 'AllocCPUS': '{cpus}' is not a "
                                             r"whole number of CPUs"):
        read_sacct(io.StringIO(text))


def test_zero_cpus_for_a_job_that_ran_is_refused_but_fine_for_a_pending_one():
    pending = SACCT + "73|bob|chem|cpu|None assigned|0|Unknown|Unknown|PENDING\n"
    assert list(read_sacct(io.StringIO(pending))["alloc_cpus"]) == [8, 0]
    ran = SACCT + "74|bob|chem|cpu|n2|0|2024-01-10T00:00:00|2024-01-10T00:30:00|FAILED\n"
    with pytest.raises(InputFileError, match=r"line 3, column 'AllocCPUS': 0 CPUs for a job"):
        read_sacct(io.StringIO(ran))


def test_sacct_line_with_missing_fields_is_refused_with_its_line():
    text = SACCT + "75|bob|chem|cpu|n2|4|2024-01-10T00:00:00|2024-01-10T00:30:00\n"
    with pytest.raises(InputFileError, match=r"sacct stream, line 3: 8 field\(s\), expected 9 "
                                             r"\(JobID\|User.*\): a field is missing"):
        read_sacct(io.StringIO(text))


def test_negative_intensity_is_refused_from_every_source(tmp_path, recorded_server):
    path = tmp_path / "intensity.csv"
    path.write_text("from,intensity\n2024-01-10T00:00Z,100\n2024-01-10T00:30Z,-3\n")
    with pytest.raises(InputFileError, match=r"line 3, column 'intensity': '-3' is not a "
                                             r"non-negative number"):
        read_intensity_csv(path)
    series = pd.Series([10.0, -1.0], index=pd.date_range("2024-01-10", periods=2, freq="30min"))
    with pytest.raises(ValueError, match=r"intensity series, row Timestamp\('2024-01-10 "
                                         r"00:30:00'\), column 'intensity'"):
        intensity_from_series(series)
    recorded_server.routes[GB_CHUNK] = (200, {"data": [{
        "from": "2024-01-05T00:00Z", "to": "2024-01-05T00:30Z",
        "intensity": {"forecast": 10, "actual": -7}}]})
    with pytest.raises(ValueError, match=r"data\[0\]: intensity actual -7 is not a "
                                         r"non-negative number"):
        GBCarbonIntensityClient(recorded_server.url, cache_dir=False).fetch("2024-01-05",
                                                                            "2024-01-06")
    with pytest.raises(ValueError, match="is not a non-negative number"):
        CountryFallback("XXX", -1.0, 2024, "test")


def test_corrupted_cache_file_is_named_set_aside_and_fetched_again(recorded_server, tmp_path):
    GBCarbonIntensityClient(recorded_server.url, cache_dir=tmp_path).fetch("2024-01-05",
                                                                           "2024-01-06")
    (cached,) = tmp_path.glob("*.json")
    cached.write_text('{"data": [{"from": "2024-01-05T00:00Z", "to": "2024-01-05T00:3')
    client = GBCarbonIntensityClient(recorded_server.url, cache_dir=tmp_path)
    with pytest.warns(CacheWarning, match=rf"cache file {cached} is unreadable"):
        table = client.fetch("2024-01-05", "2024-01-06")
    assert client.requests_made == 1 and len(table) == 48
    aside = list(tmp_path.glob(f"{cached.name}.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text().endswith("00:3")
    assert json.loads(cached.read_text())["data"]  # fetched again and cached whole


def test_corrupted_cache_in_a_real_run_is_a_warning_not_a_failure(inputs, tmp_path,
                                                                 recorded_server, clean_env):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "20240104T0000_20240118T0000.json").write_text("[1, 2")
    done = run_cli(inputs["sacct"], "--power", inputs["power"], "--intensity", "gb-api",
                   "--gb-api-url", recorded_server.url, "--cache-dir", cache, env=clean_env)
    assert done.returncode == 0, done.stderr
    assert "footprintlab hpc: warning: GB intensity cache file" in done.stderr
    assert "moved to 20240104T0000_20240118T0000.json.corrupt-" in done.stderr


# --- messages, pipes and help ------------------------------------------------------------------

def test_end_before_start_on_local_times_suggests_timezone():
    # London, 27 Oct 2024: 01:50 BST to 01:10 GMT is a 20-minute job, read as UTC it ends first
    text = ("JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State\n"
            "5|a|x|p|n1|1|2024-10-27T01:50:00|2024-10-27T01:10:00|COMPLETED\n")
    with pytest.raises(InputFileError, match=r"line 2, column 'End': End 2024-10-27T01:10:00 "
                                             r"is before Start .* give its zone with "
                                             r"--timezone"):
        read_sacct(io.StringIO(text))
    jobs = read_sacct(io.StringIO(text), timezone="Europe/London")
    assert (jobs["end"] - jobs["start"]).iloc[0] == pd.Timedelta(minutes=20)


def test_closed_pipe_ends_quietly(tmp_path, clean_env):
    lines = ["JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State"]
    lines += [f"{k}|u|a|p|n1|1|2024-01-10T00:00:00|2024-01-10T01:00:00|COMPLETED"
              for k in range(3000)]  # ~600 kB of output: more than a pipe holds
    sacct = tmp_path / "sacct.txt"
    sacct.write_text("\n".join(lines) + "\n")
    command = (f"{sys.executable} -m footprintlab.cli hpc {sacct} --power {tmp_path}/p.csv "
               "--country FR | head -1")
    pd.DataFrame({"timestamp": [T0, T0 + 3600], "node": "n1", "watts": 1.0}).to_csv(
        tmp_path / "p.csv", index=False)
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                          text=True, env=clean_env, timeout=120)
    assert done.stdout.startswith("JobID,User,")
    assert done.stderr == "" and done.returncode == 0


def test_every_option_has_help_and_the_prometheus_defaults_are_documented(clean_env):
    missing = [a.option_strings for a in build_parser()._actions if not a.help]
    assert missing == []
    done = run_cli("--help", env=clean_env)
    text = " ".join(done.stdout.split())  # argparse wraps lines
    assert done.returncode == 0
    assert "default amperageProbeReading" in text
    assert "default amperageProbeLocationName=System Board Pwr Consumption" in text
