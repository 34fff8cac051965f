"""engine="dask" gives the local engine's numbers for the same seed (a real LocalCluster)."""
import footprintlab as fl
import pytest
from footprintlab import u
from trust_fixtures import build


@pytest.mark.slow
def test_dask_and_local_engines_give_identical_numbers(dask_client):
    model = build(hours=72)
    model["device"].power = fl.Uniform(5 * u.W, 15 * u.W)
    model["job"].data_download = fl.LogNormal("900 MB", 1.4)
    system = model["system"]
    local = system.uncertainty(n=300, seed=5)
    remote = system.uncertainty(n=300, seed=5, engine="dask")
    assert remote.samples.equals(local.samples)
    band_local = local.hourly_band((model["server"], "energy_footprint"))
    band_remote = remote.hourly_band((model["server"], "energy_footprint"))
    assert band_local.equals(band_remote)
