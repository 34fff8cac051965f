"""A System around one job (one step, one journey, a laptop on wifi in France), for the tests of
measured jobs (fl.measure.to_job, fl.hpc.to_jobs and the builder they share)."""
import numpy as np
from footprintlab.engine import Hourly, u
from footprintlab.model import (
    Countries,
    Device,
    Network,
    System,
    UsageJourney,
    UsageJourneyStep,
    UsagePattern,
)


def system_for(job, starts_per_hour: float = 4.0, hours: int = 24) -> System:
    """``job`` called ``starts_per_hour`` times an hour for ``hours`` hours from 2025-01-01."""
    step = UsageJourneyStep("call", user_time_spent=1 * u.min, jobs=[job])
    journey = UsageJourney("journey", steps=[step])
    starts = Hourly(np.full(hours, starts_per_hour), "2025-01-01T00", u.occurrence)
    pattern = UsagePattern("pattern", usage_journey=journey, devices=[Device.laptop()],
                           network=Network.wifi(), country=Countries.FRANCE(),
                           hourly_usage_journey_starts=starts)
    return System("system", usage_patterns=[pattern])
