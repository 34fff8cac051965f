import io

import pandas as pd
import pytest
from footprintlab.hpc import read_sacct

HEADER = "JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State|ElapsedRaw\n"


def utc(text):
    return pd.Timestamp(text, tz="UTC")


def read(rows, zone="Europe/London", header=HEADER):
    return read_sacct(io.StringIO(header + "".join(r + "\n" for r in rows)), timezone=zone)


def test_steps_are_dropped_and_nodes_expanded():
    jobs = read([
        "101|alice|phys|cpu|cpu-p-[1-3,7]|16|2024-01-10T10:00:00|2024-01-10T11:00:00|COMPLETED"
        "|3600",
        "101.batch|||cpu|cpu-p-1|4|2024-01-10T10:00:00|2024-01-10T11:00:00|COMPLETED|3600",
        "101.extern|||cpu|cpu-p-[1-3,7]|16|2024-01-10T10:00:00|2024-01-10T11:00:00|COMPLETED|3600",
        "102_3|bob|chem|gpu|gpu-q-2|8|2024-01-10T10:00:00|2024-01-10T10:30:00|FAILED|1800",
    ])
    assert list(jobs["JobID"]) == ["101", "102_3"]
    assert jobs["nodes"].iloc[0] == ("cpu-p-1", "cpu-p-2", "cpu-p-3", "cpu-p-7")
    assert list(jobs["n_nodes"]) == [4, 1]
    assert list(jobs["alloc_cpus"]) == [16, 8]
    # January: London is on GMT = UTC
    assert jobs["start"].iloc[0] == utc("2024-01-10T10:00")
    assert list(jobs["flags"]) == ["", ""]


def test_summer_time_is_converted():
    jobs = read(["1|a|x|p|n1|1|2024-07-01T12:00:00|2024-07-01T13:00:00|COMPLETED|3600"])
    assert jobs["start"].iloc[0] == utc("2024-07-01T11:00")
    assert jobs["end"].iloc[0] == utc("2024-07-01T12:00")


def test_ambiguous_autumn_hour_resolved_with_elapsed():
    # 27 Oct 2024: London clocks go from 02:00 BST back to 01:00 GMT; 01:10 happens twice.
    jobs = read([
        # starts in the first 01:10 (BST), ends in the second 01:20 (GMT): 70 minutes
        "1|a|x|p|n1|1|2024-10-27T01:10:00|2024-10-27T01:20:00|COMPLETED|4200",
        # both in the first pass: 10 minutes
        "2|a|x|p|n1|1|2024-10-27T01:10:00|2024-10-27T01:20:00|COMPLETED|600",
        # both in the second pass, resolved through Elapsed = [D-]HH:MM:SS
    ])
    assert jobs["start"].iloc[0] == utc("2024-10-27T00:10")
    assert jobs["end"].iloc[0] == utc("2024-10-27T01:20")
    assert jobs["start"].iloc[1] == utc("2024-10-27T00:10")
    assert jobs["end"].iloc[1] == utc("2024-10-27T00:20")
    assert list(jobs["flags"]) == ["", ""]


def test_ambiguous_with_elapsed_text_second_pass():
    header = "JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State|Elapsed\n"
    jobs = read(["3|a|x|p|n1|1|2024-10-27T00:50:00|2024-10-27T01:30:00|COMPLETED|01:40:00"],
                header=header)
    # 00:50 BST = 23:50 UTC; 100 minutes later is 01:30 GMT = 01:30 UTC
    assert jobs["start"].iloc[0] == utc("2024-10-26T23:50")
    assert jobs["end"].iloc[0] == utc("2024-10-27T01:30")


def test_ambiguous_without_elapsed_is_flagged():
    header = "JobID|User|Account|Partition|NodeList|AllocCPUS|Start|End|State\n"
    jobs = read(["4|a|x|p|n1|1|2024-10-27T01:10:00|2024-10-27T01:20:00|COMPLETED"],
                header=header)
    assert jobs["flags"].iloc[0] == "ambiguous_time"
    assert jobs["start"].iloc[0] == utc("2024-10-27T00:10")  # first occurrence


def test_missing_spring_hour_is_shifted_and_flagged():
    # 31 Mar 2024: 01:00 GMT jumps to 02:00 BST, 01:30 does not exist
    jobs = read(["5|a|x|p|n1|1|2024-03-31T01:30:00|2024-03-31T02:30:00|COMPLETED|1800"])
    assert jobs["start"].iloc[0] == utc("2024-03-31T01:00")
    assert jobs["end"].iloc[0] == utc("2024-03-31T01:30")
    assert jobs["flags"].iloc[0] == "nonexistent_time"


def test_pending_and_running_jobs_are_flagged():
    jobs = read([
        "6|a|x|p|None assigned|1|Unknown|Unknown|PENDING|0",
        "7|a|x|p|n1|1|2024-01-10T10:00:00|Unknown|RUNNING|600",
    ])
    assert list(jobs["flags"]) == ["not_started", "no_end"]
    assert jobs["start"].isna().iloc[0] and jobs["end"].isna().iloc[1]


def test_csv_with_ncpus_and_dataframe_input():
    frame = pd.DataFrame({"JobID": ["8"], "User": ["u"], "Account": ["a"], "Partition": ["p"],
                          "NodeList": ["n[1-2]"], "NCPUS": [4], "Start": ["2024-01-01T00:00:00"],
                          "End": ["2024-01-01T01:00:00"], "State": ["COMPLETED"]})
    jobs = read_sacct(frame, timezone="America/New_York")
    assert jobs["alloc_cpus"].iloc[0] == 4
    assert jobs["start"].iloc[0] == utc("2024-01-01T05:00")


def test_errors_name_column_and_row():
    with pytest.raises(ValueError, match=r"missing column\(s\) Partition"):
        read_sacct(io.StringIO("JobID|User|Account|NodeList|AllocCPUS|Start|End|State\n"))
    with pytest.raises(ValueError, match=r"line 2, column 'Start': '10/01/2024"):
        read(["9|a|x|p|n1|1|10/01/2024 10:00|2024-01-10T11:00:00|COMPLETED|1"])
    with pytest.raises(ValueError, match=r"line 2, column 'AllocCPUS': 'many'"):
        read(["9|a|x|p|n1|many|2024-01-10T10:00:00|2024-01-10T11:00:00|COMPLETED|1"])
    with pytest.raises(ValueError, match="not an IANA zone"):
        read([], zone="Mars/Olympus")


def test_times_with_an_offset_are_absolute():
    frame = pd.DataFrame({"JobID": ["10"], "User": ["u"], "Account": ["a"], "Partition": ["p"],
                          "NodeList": ["n1"], "AllocCPUS": [1],
                          "Start": [pd.Timestamp("2024-07-01T12:00Z")],
                          "End": ["2024-07-01T14:00:00+01:00"], "State": ["COMPLETED"]})
    jobs = read_sacct(frame, timezone="Europe/London")
    assert jobs["start"].iloc[0] == utc("2024-07-01T12:00")
    assert jobs["end"].iloc[0] == utc("2024-07-01T13:00")
