"""The change log starts with the system and stays equal to a full snapshot after any change."""
import footprintlab as fl
from footprintlab import u
from footprintlab.model.diff import snapshot
from hypothesis import given
from hypothesis import strategies as st

SYSTEM = fl.quickstart(n_hours=72)
JOB = SYSTEM.jobs()[0]
SERVER = SYSTEM.servers()[0]


def test_diff_works_without_track_changes():
    system = fl.quickstart(n_hours=48)
    system.jobs()[0].data_download = 500 * u.MB
    frame = system.diff()
    assert frame.attrs["label"] == "streaming's data_download changing from 800 MB to 500 MB"
    assert frame.loc[("Network", "energy"), "delta"] < 0


def test_two_objects_with_the_same_name_stay_apart_in_the_diff():
    system = fl.quickstart(n_hours=48)
    device = system.devices()[0]
    twin = fl.Device(device.name, carbon_footprint_fabrication=1 * u.kg, power=1 * u.W,
                     lifespan=1 * u.year, fraction_of_usage_time=0.5)
    pattern = system.usage_patterns[0]
    pattern.devices = [*pattern.devices, twin]
    objects = system.diff().attrs["objects"]
    assert {device.id, twin.id} <= set(objects)


changes = st.lists(st.tuples(st.sampled_from(["download", "ram", "pue", "devices", "storage"]),
                             st.floats(0.1, 10)), min_size=1, max_size=6)


@given(changes)
def test_incremental_log_equals_a_full_snapshot(steps):
    for kind, factor in steps:
        if kind == "download":
            JOB.data_download = factor * 100 * u.MB
        elif kind == "ram":
            SERVER.ram = (64 + factor) * u.GB
        elif kind == "pue":
            SERVER.power_usage_effectiveness = 1 + factor / 10
        elif kind == "devices":
            SYSTEM.usage_patterns[0].devices = SYSTEM.usage_patterns[0].devices[:1]
        else:
            SERVER.storage = SERVER.storage
    assert SYSTEM.change_log().entries[-1][1] == snapshot(SYSTEM)
