"""Suite-wide settings: the hypothesis profiles.

``ci`` (the default) keeps each property test to a few hundred examples; set
``FOOTPRINTLAB_HYPOTHESIS=long`` for a longer search (thousands of examples each).
"""
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile(
    "long", max_examples=5_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("FOOTPRINTLAB_HYPOTHESIS", "ci"))


@pytest.fixture(scope="session")
def dask_client():
    """A real Dask LocalCluster of 2 worker processes on 127.0.0.1 (one for the whole session)."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
