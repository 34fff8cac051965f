"""Engine guarantees of issue 10: cycles, name binding, qualified classes, hashing, one commit event."""
import footprintlab as fl
import numpy as np
import pytest
from footprintlab import CycleError, Hourly, ModelError, RecomputeError, u
from footprintlab.engine import Input, ModelObject, Reference, calculated


class Looped(ModelObject):
    seed = Input(u.W, min=0)
    other = Reference("Looped", allow_none=True, help="None: no partner")

    @calculated(u.W, "partner's b + seed", "b=other.b", "seed")
    def a(self, b, seed):
        return seed if b is None else b + seed

    @calculated(u.W, "a", "a")
    def b(self, a):
        return a


def test_a_cycle_between_calculated_attributes_is_a_model_error_naming_it():
    first = Looped("first", seed=1 * u.W)
    second = Looped("second", seed=1 * u.W, other=first)
    first.other = second
    with pytest.raises(CycleError, match=r"cycle: Looped 'first'\.a -> Looped 'second'\.b -> "
                                         r"Looped 'second'\.a -> Looped 'first'\.b -> Looped 'first'\.a"):
        first.a
    assert isinstance(CycleError("x"), ModelError)


def test_reads_bind_by_parameter_name_not_by_position():
    class Difference(ModelObject):
        big = Input(u.W)
        small = Input(u.W)

        @calculated(u.W, "big − small", "small", "big")  # listed in the other order on purpose
        def gap(self, big, small):
            return big - small

    assert Difference("d", big=5 * u.W, small=2 * u.W).gap.value == 3 * u.W


def test_a_read_that_matches_no_parameter_fails_when_the_class_is_created():
    with pytest.raises(TypeError, match=r"Broken\.gap: the formula's parameters \['a', 'b'\] do not "
                                        r"match its declared reads \['big', 'small'\]"):
        class Broken(ModelObject):
            big = Input(u.W)
            small = Input(u.W)

            @calculated(u.W, "a − b", "big", "small")
            def gap(self, a, b):
                return a - b


def test_a_wrong_count_of_reads_fails_when_the_class_is_created():
    with pytest.raises(TypeError, match=r"Short\.gap"):
        class Short(ModelObject):
            big = Input(u.W)

            @calculated(u.W, "big", "big")
            def gap(self, big, extra):
                return big


def test_a_users_own_class_with_a_built_in_short_name_does_not_break_the_model():
    class Server(ModelObject):  # a notebook's own class
        power = Input(u.W)

    Server("mine", power=1 * u.W)
    system = fl.quickstart(n_hours=48)
    assert system.total_footprint.value.magnitude > 0
    assert ModelObject.class_named("Server", near=fl.Job) is fl.Server


def test_quantity_hash_agrees_with_equality():
    assert 1000 * u.g == 1 * u.kg
    assert len({1000 * u.g, 1 * u.kg}) == 1
    assert hash(fl.Quantity(5.0)) == hash(5)
    assert len({800 * u.MB, 0.8 * u.GB, 1 * u.W}) == 2


def test_non_finite_calculated_value_is_refused_and_rolled_back():
    class Ratio(ModelObject):
        top = Input(u.W)
        bottom = Input(u.W)

        @calculated(u.dimensionless, "top / bottom", "top", "bottom")
        def ratio(self, top, bottom):
            return top / bottom

    ratio = Ratio("r", top=1 * u.W, bottom=2 * u.W)
    assert ratio.ratio.value.magnitude == 0.5
    with pytest.raises(RecomputeError, match=r"Ratio 'r': ratio: the result is (inf|nan)"):
        ratio.bottom = 0 * u.W
    assert ratio.bottom.value == 2 * u.W and ratio.ratio.value.magnitude == 0.5


def test_non_finite_hourly_result_names_the_hour():
    class Spread(ModelObject):
        load = Input(u.W, hourly=True)
        divisor = Input(u.dimensionless)

        @calculated(u.W, "load / divisor", "load", "divisor")
        def share(self, load, divisor):
            return load / divisor

    spread = Spread("s", load=Hourly([0.0, 1.0], "2030-01-01", u.W), divisor=1)
    spread.share
    with pytest.raises(RecomputeError, match=r"at 2030-01-01 00:00 UTC \(index 0\)"):
        spread.divisor = 0


def test_one_commit_event_carries_inputs_and_calculated_values_per_system():
    one, other = fl.quickstart(n_hours=48), fl.quickstart(n_hours=48)
    seen = []
    unsubscribe = fl.on_commit(seen.append, system=one)
    try:
        job = one.jobs()[0]
        job.data_download = job.data_download.value * 2
        other.jobs()[0].data_download = 1 * u.MB  # another system: not seen
    finally:
        unsubscribe()
    assert len(seen) == 1
    commit = seen[0]
    assert [(o, n) for o, n, _, _ in commit.inputs] == [(job, "data_download")]
    assert commit.changed(one, "total_footprint")
    assert any(n == "network_energy" for _, n, _, _ in commit.calculated)


def test_hourly_values_must_be_one_dimensional():
    with pytest.raises(ValueError, match="one-dimensional"):
        Hourly(np.zeros((2, 2)), "2030-01-01", u.W)
