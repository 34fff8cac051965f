import pytest
from footprintlab.hpc import expand_nodelist


@pytest.mark.parametrize("text, expected", [
    ("cpu-p-[1-3,7]", ["cpu-p-1", "cpu-p-2", "cpu-p-3", "cpu-p-7"]),
    ("n[01-03]", ["n01", "n02", "n03"]),
    ("n[098-101]", ["n098", "n099", "n100", "n101"]),
    ("gpu1,cpu-p-[2-3],login", ["gpu1", "cpu-p-2", "cpu-p-3", "login"]),
    ("r[1-2]n[1-2]", ["r1n1", "r1n2", "r2n1", "r2n2"]),
    ("node5", ["node5"]),
    ("None assigned", []),
    ("", []),
    (None, []),
])
def test_expand_nodelist(text, expected):
    assert expand_nodelist(text) == expected


@pytest.mark.parametrize("text, message", [
    ("n[1-3", r"without a matching '\]'"),
    ("n1-3]", r"without a matching '\['"),
    ("n[a-c]", "'a-c' is not a number"),
    ("n[5-2]", "runs backwards"),
])
def test_bad_nodelist_names_the_problem(text, message):
    with pytest.raises(ValueError, match=message):
        expand_nodelist(text)
