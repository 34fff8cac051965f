"""Usage: jobs, journey steps, journeys and usage patterns (who does what, when, where)."""
from __future__ import annotations

import math

from footprintlab.engine import (
    Hourly,
    Input,
    ModelError,
    ModelObject,
    Reference,
    ReferenceList,
    ReverseLink,
    Text,
    calculated,
    graph,
    u,
)
from footprintlab.engine.declarations import InputError
from footprintlab.engine.graph import unique_objects
from footprintlab.model import intensity
from footprintlab.model.timeseries import (
    local_to_utc,
    shifted_weighted_sum,
    spread_over_duration,
    sum_series,
)

PER_START = 1 * u.occurrence


class Job(ModelObject):
    """A request to a server made during a journey step."""

    server = Reference("Server", reverse="jobs")
    data_upload = Input(u.MB, min=0)
    data_download = Input(u.MB, min=0, slider=(0, 2000))
    data_stored = Input(u.MB, min=0)
    request_duration = Input(u.min, min=0)
    compute_needed = Input(u.cpu_core, min=0, also=(u.gpu,), slider=(0, 8))
    ram_needed = Input(u.MB, min=0)
    steps = ReverseLink("UsageJourneyStep", "jobs")

    @calculated(u.occurrence, "Σ steps containing the job (× times listed) of the step's hourly starts",
                "job_lists=steps[].jobs", "step_starts=steps[].hourly_starts")
    def hourly_starts(self, job_lists, step_starts):
        parts = []
        for jobs, starts in zip(job_lists, step_starts, strict=True):
            count = sum(1 for job in jobs if job is self)
            parts.append(starts if count == 1 else starts * count)  # one step: share its array
        return sum_series(parts, u.occurrence)

    @calculated(u.occurrence, "hourly starts spread over the request duration", "starts=hourly_starts",
                "duration=request_duration")
    def hourly_concurrency(self, starts, duration):
        return spread_over_duration(starts, duration.m_as(u.h))

    def hourly_ram_need(self):
        """RAM needed each hour: hourly concurrency × RAM needed (not stored; servers sum it)."""
        return self.hourly_concurrency.value * (self.ram_needed.value / PER_START)

    def hourly_compute_need(self):
        """Compute needed each hour: hourly concurrency × compute needed (not stored)."""
        return self.hourly_concurrency.value * (self.compute_needed.value / PER_START)

    def hourly_data_stored(self):
        """Data written each hour: hourly starts × data stored (not stored)."""
        return self.hourly_starts.value * (self.data_stored.value / PER_START)


class UsageJourneyStep(ModelObject):
    """A step of a usage journey: time spent by the user and the jobs it triggers."""

    user_time_spent = Input(u.min, min=0, slider=(0, 120))
    jobs = ReferenceList("Job", reverse="steps", default=[])
    usage_journeys = ReverseLink("UsageJourney", "steps")

    @calculated(u.MB, "Σ jobs' (data upload + data download)", "uploads=jobs[].data_upload",
                "downloads=jobs[].data_download")
    def data_transferred_per_start(self, uploads, downloads):
        total = 0 * u.MB
        for up, down in zip(uploads, downloads, strict=True):
            total = total + up + down
        return total

    @calculated(u.occurrence, "Σ journeys containing the step of their hourly starts, shifted by the "
                "time spent in the steps before it", "step_lists=usage_journeys[].steps",
                "offset_lists=usage_journeys[].step_offsets", "journey_starts=usage_journeys[].hourly_starts")
    def hourly_starts(self, step_lists, offset_lists, journey_starts):
        parts = []
        for steps, offsets, starts in zip(step_lists, offset_lists, journey_starts, strict=True):
            mine = [(offset, 1.0) for step, offset in zip(steps, offsets, strict=True) if step is self]
            if len(mine) == 1 and mine[0][0] == 0:
                parts.append(starts)  # the first step starts with its journeys: share the array
            elif mine:
                parts.append(shifted_weighted_sum(starts, mine, u.occurrence))
        return sum_series(parts, u.occurrence)


class UsageJourney(ModelObject):
    """An ordered list of steps a user goes through."""

    steps = ReferenceList("UsageJourneyStep", reverse="usage_journeys")
    usage_patterns = ReverseLink("UsagePattern", "usage_journeys")

    @calculated(u.min, "Σ steps' user time spent", "times=steps[].user_time_spent")
    def duration(self, times):
        total = 0 * u.min
        for time in times:
            total = total + time
        return total

    @calculated(None, "start of each step after the journey's start, in hours (Σ time of the steps "
                "before it)", "times=steps[].user_time_spent")
    def step_offsets(self, times):
        offsets, elapsed = [], 0.0
        for time in times:
            offsets.append(elapsed)
            elapsed += time.m_as(u.h)
        return offsets

    @calculated(None, "data transferred per start of each step, in GB (steps in order)",
                "per_start=steps[].data_transferred_per_start")
    def step_data_transferred(self, per_start):
        return [data.m_as(u.GB) for data in per_start]

    @calculated(u.occurrence, "Σ usage patterns running the journey of their UTC hourly starts × the "
                "journey's weight in the pattern", "journey_lists=usage_patterns[].usage_journeys",
                "weight_lists=usage_patterns[].journey_weight_values",
                "starts=usage_patterns[].utc_journey_starts")
    def hourly_starts(self, journey_lists, weight_lists, starts):
        # journeys/h = Σ_patterns Σ_(entries of this journey) weight × pattern starts/h
        parts = []
        for journeys, weights, pattern_starts in zip(journey_lists, weight_lists, starts, strict=True):
            weight = sum(w for journey, w in zip(journeys, weights, strict=True) if journey is self)
            if weight:
                parts.append(pattern_starts if weight == 1 else pattern_starts * weight)
        return sum_series(parts, u.occurrence)


def _check_weights(text: str) -> None:
    """``journey_weights``' check: refuses what :func:`parse_weights` refuses."""
    parse_weights(text)


def parse_weights(text: str) -> list[float]:
    """``"0.7, 0.3"`` -> ``[0.7, 0.3]``; empty -> ``[]`` (1 each). Refuses what is not a list of
    finite numbers > 0."""
    if text is None or not text.strip():
        return []
    weights = []
    for part in text.replace(";", ",").split(","):
        try:
            weight = float(part)
        except ValueError:
            raise ValueError(f"expected weights as numbers separated by commas, e.g. '0.7, 0.3'; "
                             f"{part.strip()!r} is not a number") from None
        if not math.isfinite(weight) or weight <= 0:
            raise ValueError(f"each weight must be a finite number > 0, got {part.strip()!r}")
        weights.append(weight)
    return weights


def format_weights(weights) -> str:
    return ", ".join(f"{float(w):g}" if float(w) == float(f"{float(w):g}") else repr(float(w))
                     for w in weights)


def _split_journeys(value):
    """A dict {journey: weight}, a list of journeys (weight 1 each) or one journey ->
    (journeys, weights text or None when not given)."""
    if isinstance(value, dict):
        journeys = list(value)
        weights = [value[j] for j in journeys]
        for journey, weight in zip(journeys, weights, strict=True):
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(
                    weight) or weight <= 0:
                raise InputError(f"usage_journeys: the weight of {getattr(journey, 'name', journey)!r} "
                                 f"must be a finite number > 0 (got {weight!r})")
        return journeys, format_weights(weights)
    if isinstance(value, ModelObject):
        return [value], ""
    return value, None


class _WeightedJourneys(ReferenceList):
    """``UsagePattern.usage_journeys``: a list of journeys (1 each) or a dict {journey: weight}."""

    def set(self, obj, value):
        journeys, weights = _split_journeys(value)
        with graph.batch():
            super().set(obj, journeys)
            obj.journey_weights = weights if weights is not None else ""


class UsagePattern(ModelObject):
    """Who runs which journeys, how often (hourly starts in the country's local time), where and on
    what. Each hourly start runs ``w`` journeys of each kind (``usage_journeys={casual: 0.7,
    binge: 0.3}``; weights need not sum to 1; a list means 1 each; ``usage_journey=j`` is
    ``usage_journeys=[j]``)."""

    usage_journeys = _WeightedJourneys("UsageJourney", reverse="usage_patterns")
    journey_weights = Text("", check=_check_weights, help=(
        "journeys of each kind per hourly start, in the order of usage_journeys, e.g. '0.7, 0.3'; "
        "empty: 1 each"))
    devices = ReferenceList("Device", reverse="usage_patterns")
    network = Reference("Network", reverse="usage_patterns")
    country = Reference("Country", reverse="usage_patterns")
    hourly_usage_journey_starts = Input(u.occurrence, hourly=True, min=0)
    systems = ReverseLink("System", "usage_patterns")

    def __init__(self, name: str, usage_journey=None, **inputs):
        if usage_journey is not None:
            if "usage_journeys" in inputs:
                raise TypeError(f"UsagePattern {name!r}: give usage_journey or usage_journeys, not both")
            inputs["usage_journeys"] = [usage_journey]
        if "usage_journeys" in inputs:
            journeys, weights = _split_journeys(inputs["usage_journeys"])
            inputs["usage_journeys"] = journeys
            if weights:
                if inputs.get("journey_weights"):
                    raise TypeError(f"UsagePattern {name!r}: weights given twice (usage_journeys as a "
                                    "dict and journey_weights)")
                inputs["journey_weights"] = weights
        super().__init__(name, **inputs)

    @property
    def usage_journey(self):
        """The pattern's journey when it has exactly one (else an error naming usage_journeys)."""
        journeys = self.usage_journeys
        if len(journeys) != 1:
            raise AttributeError(f"UsagePattern {self.name!r} runs {len(journeys)} journeys; "
                                 "read usage_journeys (and journey_weight_values) instead")
        return journeys[0]

    @usage_journey.setter
    def usage_journey(self, journey):
        self.usage_journeys = [journey]

    def weighted_journeys(self) -> list:
        """``[(journey, weight), ...]`` in order."""
        return list(zip(self.usage_journeys, self.journey_weight_values.value, strict=True))

    @calculated(None, "one weight per journey: the journey weights given, or 1 each",
                "journeys=usage_journeys", "text=journey_weights")
    def journey_weight_values(self, journeys, text):
        weights = parse_weights(text)
        if not weights:
            return [1.0] * len(journeys)
        if len(weights) != len(journeys):
            raise ModelError(f"{len(weights)} journey weights for {len(journeys)} usage journeys; give "
                             "one weight per journey, in the order of usage_journeys")
        return weights

    @calculated(None, "the country's carbon intensity: average, hourly series if given, and what "
                "to do with hours it does not cover", "average=country.average_carbon_intensity",
                "hourly=country.hourly_carbon_intensity", "gaps=country.carbon_intensity_gaps")
    def country_intensity(self, average, hourly, gaps):
        return intensity.GridIntensity(average, hourly, gaps, f"Country {self.country.name!r}")

    @calculated(u.occurrence, "hourly journey starts converted from the country's local time to UTC",
                "starts=hourly_usage_journey_starts", "country.timezone")
    def utc_journey_starts(self, starts, timezone):
        return local_to_utc(starts, timezone)

    @calculated(u.occurrence, "Σ journeys of (UTC starts × weight) spread over the journey's duration",
                "starts=utc_journey_starts", "durations=usage_journeys[].duration",
                "weights=journey_weight_values")
    def journeys_in_parallel(self, starts, durations, weights):
        # journeys in progress = Σ_j boxcar(starts × w_j, duration_j)
        parts = [spread_over_duration(starts if w == 1 else starts * w, d.m_as(u.h))
                 for d, w in zip(durations, weights, strict=True)]
        return parts[0] if len(parts) == 1 else sum_series(parts, u.occurrence)

    @calculated(u.GB, "Σ journeys × weight × Σ steps of (UTC starts shifted by the step's offset × data "
                "transferred per start of the step)", "starts=utc_journey_starts",
                "offset_lists=usage_journeys[].step_offsets", "data_lists=usage_journeys[].step_data_transferred",
                "weights=journey_weight_values")
    def hourly_data_transferred(self, starts, offset_lists, data_lists, weights):
        # GB = Σ_j w_j × Σ_steps starts(t − offset_k) × GB per start of step k
        terms = [(offset, w * data / PER_START.magnitude) for offsets, data_list, w in
                 zip(offset_lists, data_lists, weights, strict=True) for offset, data in zip(offsets, data_list, strict=True)]
        return shifted_weighted_sum(starts, terms, u.GB)

    @calculated(u.kWh, "hourly data transferred × network bandwidth energy intensity",
                "data=hourly_data_transferred", "intensity=network.bandwidth_energy_intensity")
    def network_energy(self, data, intensity):
        return data * intensity

    @calculated(u.kg, "network energy × country carbon intensity (hourly if given, else average)",
                "energy=network_energy", "average=country.average_carbon_intensity",
                "hourly=country.hourly_carbon_intensity", "gaps=country.carbon_intensity_gaps")
    def network_energy_footprint(self, energy, average, hourly, gaps):
        # kg = kWh × g/kWh
        return intensity.energy_footprint(energy, average, hourly, gaps, f"Country {self.country.name!r}",
                                          f"usage pattern {self.name!r}'s network")

    def jobs(self) -> list:
        """The jobs of this pattern's journeys, in step order (with repeats; each journey once)."""
        return [job for journey in unique_objects(self.usage_journeys) for step in journey.steps
                for job in step.jobs]


__all__ = ["Job", "UsageJourneyStep", "UsageJourney", "UsagePattern", "Hourly"]
