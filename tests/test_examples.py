"""The shipped sample files: each is there, reads cleanly, and the generated ones are reproducible."""
import sys
from pathlib import Path

import footprintlab as fl
import pytest

sys.path.insert(0, str(Path(__file__).parent / "data"))
import make_examples  # noqa: E402


@pytest.mark.parametrize("name", sorted(fl.examples.names()))
def test_each_sample_file_is_installed(name):
    assert fl.examples.path(name).stat().st_size > 0


def test_unknown_sample_name_lists_the_names():
    with pytest.raises(ValueError, match="fleet.csv"):
        fl.examples.path("nope.csv")


def test_generated_samples_are_what_the_script_writes():
    for name, text in make_examples.files().items():
        assert fl.examples.path(name).read_text(encoding="utf-8") == text, name


def test_the_samples_give_a_footprint():
    ex = fl.examples
    assert fl.onprem.validate(ex.path("fleet.csv")).ok
    assert not fl.onprem.validate(ex.path("fleet_with_errors.csv")).ok
    jobs = fl.hpc.read_sacct(ex.path("sacct.txt"), timezone="Europe/London")
    result = fl.hpc.job_footprints(jobs, fl.hpc.read_power_csv(ex.path("power.csv")),
                                   fl.hpc.read_intensity_csv(ex.path("intensity.csv")))
    assert len(result.jobs) == 40 and result.jobs["co2e_kg"].sum() > 0
