"""`runner: dask` runs the tasks on a two-worker local Dask cluster and mines the same pairs."""

import pyarrow.parquet as pq

from flows.mining import mining_flow

from .conftest import small_config


def test_two_worker_dask_cluster_mines_what_threads_mine(tmp_path):
    threads, dask = tmp_path / "threads", tmp_path / "dask"
    threads.mkdir()
    dask.mkdir()
    mining_flow(str(small_config(threads)))
    summary = mining_flow(str(small_config(dask, extra="runner: {kind: dask, n_workers: 2, threads_per_worker: 1}\n")))
    assert summary["work"]["embed"]["ran"] >= 2
    for name in ("pairs.parquet", "candidates.parquet"):
        assert pq.read_table(dask / "work/pairs/de-en" / name) == pq.read_table(threads / "work/pairs/de-en" / name)
