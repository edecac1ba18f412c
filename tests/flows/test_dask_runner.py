"""`runner: dask` runs the tasks on a two-worker local Dask cluster and mines the same pairs."""

from flows.mining import mining_flow

from .conftest import assert_same_mining, small_config


def test_two_worker_dask_cluster_mines_what_threads_mine(tmp_path):
    threads, dask = tmp_path / "threads", tmp_path / "dask"
    threads.mkdir()
    dask.mkdir()
    mining_flow(str(small_config(threads)))
    summary = mining_flow(str(small_config(dask, extra="runner: {kind: dask, n_workers: 2, threads_per_worker: 1}\n")))
    assert summary.work["embed"]["ran"] >= 2
    assert_same_mining(dask / "work/pairs/de-en", threads / "work/pairs/de-en")
