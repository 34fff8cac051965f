"""The same computation on pandas and on dask.dataframe (dask.distributed LocalCluster)."""

import io

import pandas as pd
import pytest
from footprintlab.hpc import job_footprints, read_sacct
from footprintlab.hpc.synthetic import generate_cluster, group_samples

dd = pytest.importorskip("dask.dataframe")


@pytest.mark.slow
def test_dask_gives_the_pandas_results(dask_client):
    cluster = generate_cluster(n_nodes=9, n_jobs=300, days=4, timezone="Europe/London", seed=7)
    jobs = read_sacct(io.StringIO(cluster.sacct_text()), timezone="Europe/London")
    samples = cluster.samples()
    expected = job_footprints(jobs, samples, fallback="GB")
    assert expected.jobs["energy_kWh"].notna().all()

    # arbitrary partitions: shuffled on node by job_footprints
    shuffled = dd.from_pandas(samples.sample(frac=1.0, random_state=1), npartitions=4)
    got = job_footprints(jobs, shuffled, fallback="GB")
    pd.testing.assert_frame_equal(got.jobs, expected.jobs, rtol=1e-12)

    # partitions that already hold whole node groups (as the benchmark generates them)
    by_node = dd.from_map(group_samples, cluster.node_groups(nodes_per_chunk=3))
    got = job_footprints(jobs, by_node, fallback="GB", node_partitioned=True)
    pd.testing.assert_frame_equal(got.jobs, expected.jobs, rtol=1e-12)
    merged = got.periods.merge(expected.periods, on=["JobID", "period_start"])
    assert len(merged) == len(expected.periods)
    assert (merged["energy_kWh_x"] - merged["energy_kWh_y"]).abs().max() < 1e-12
    assert dask_client.scheduler_info()["workers"]  # it ran on the cluster's workers
