"""Suite-wide settings: the hypothesis profiles.

``ci`` (the default) keeps each property test to a few hundred examples; set
``FOOTPRINTLAB_HYPOTHESIS=long`` for a longer search (thousands of examples each).
"""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile(
    "long", max_examples=5_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("FOOTPRINTLAB_HYPOTHESIS", "ci"))
