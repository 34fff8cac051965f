"""Usage: jobs, journey steps, journeys and usage patterns (who does what, when, where)."""
from __future__ import annotations

from footprintlab.engine import (
    Hourly,
    Input,
    ModelObject,
    Reference,
    ReferenceList,
    ReverseLink,
    calculated,
    u,
)
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
        for jobs, starts in zip(job_lists, step_starts):
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
        for up, down in zip(uploads, downloads):
            total = total + up + down
        return total

    @calculated(u.occurrence, "Σ journeys containing the step of their hourly starts, shifted by the "
                "time spent in the steps before it", "step_lists=usage_journeys[].steps",
                "offset_lists=usage_journeys[].step_offsets", "journey_starts=usage_journeys[].hourly_starts")
    def hourly_starts(self, step_lists, offset_lists, journey_starts):
        parts = []
        for steps, offsets, starts in zip(step_lists, offset_lists, journey_starts):
            mine = [(offset, 1.0) for step, offset in zip(steps, offsets) if step is self]
            if len(mine) == 1 and mine[0][0] == 0:
                parts.append(starts)  # the first step starts with its journeys: share the array
            elif mine:
                parts.append(shifted_weighted_sum(starts, mine, u.occurrence))
        return sum_series(parts, u.occurrence)


class UsageJourney(ModelObject):
    """An ordered list of steps a user goes through."""

    steps = ReferenceList("UsageJourneyStep", reverse="usage_journeys")
    usage_patterns = ReverseLink("UsagePattern", "usage_journey")

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

    @calculated(u.occurrence, "Σ usage patterns' hourly journey starts (UTC)",
                "starts=usage_patterns[].utc_journey_starts")
    def hourly_starts(self, starts):
        return sum_series(starts, u.occurrence)


class UsagePattern(ModelObject):
    """Who runs a journey, how often (hourly starts in the country's local time), where and on what."""

    usage_journey = Reference("UsageJourney", reverse="usage_patterns")
    devices = ReferenceList("Device", reverse="usage_patterns")
    network = Reference("Network", reverse="usage_patterns")
    country = Reference("Country", reverse="usage_patterns")
    hourly_usage_journey_starts = Input(u.occurrence, hourly=True, min=0)
    systems = ReverseLink("System", "usage_patterns")

    @calculated(u.occurrence, "hourly journey starts converted from the country's local time to UTC",
                "starts=hourly_usage_journey_starts", "country.timezone")
    def utc_journey_starts(self, starts, timezone):
        return local_to_utc(starts, timezone)

    @calculated(u.occurrence, "UTC journey starts spread over the journey duration",
                "starts=utc_journey_starts", "usage_journey.duration")
    def journeys_in_parallel(self, starts, duration):
        return spread_over_duration(starts, duration.m_as(u.h))

    @calculated(u.GB, "Σ steps of (UTC starts shifted by the step's offset × data transferred per "
                "start of the step)", "starts=utc_journey_starts", "offsets=usage_journey.step_offsets",
                "per_start=usage_journey.steps[].data_transferred_per_start")
    def hourly_data_transferred(self, starts, offsets, per_start):
        # GB = Σ_steps starts(t − offset_k) × GB per start of step k
        weights = [(data / PER_START).m_as(u.GB / u.occurrence) for data in per_start]
        return shifted_weighted_sum(starts, zip(offsets, weights), u.GB)

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
        """The jobs of this pattern's journey, in step order (with repeats)."""
        return [job for step in self.usage_journey.steps for job in step.jobs]


__all__ = ["Job", "UsageJourneyStep", "UsageJourney", "UsagePattern", "Hourly"]
