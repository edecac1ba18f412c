"""`runner: dask` runs the tasks on a two-worker local Dask cluster and mines the same pairs, exact and approximate
(a pair is many units: searches, merges, margins, candidate runs spread over both workers)."""

import pytest

from flows.mining import mining_flow

from .conftest import assert_same_mining, small_config

APPROXIMATE = "mine: {task_rows: 16, index: {kind: ivf-flat, train_size: 100, shard_rows: 24}}\n"


@pytest.mark.parametrize("mine", ["mine: {task_rows: 16}\n", APPROXIMATE], ids=["exact", "approximate"])
def test_two_worker_dask_cluster_mines_what_threads_mine(tmp_path, mine):
    threads, dask = tmp_path / "threads", tmp_path / "dask"
    threads.mkdir()
    dask.mkdir()
    mining_flow(str(small_config(threads, extra=mine)))
    runner = "runner: {kind: dask, n_workers: 2, threads_per_worker: 1}\n"
    summary = mining_flow(str(small_config(dask, extra=mine + runner)))
    assert summary.work["embed"]["ran"] >= 2
    assert summary.work["search"]["ran"] >= 4 and summary.work["candidates"]["ran"] >= 2
    if mine == APPROXIMATE:
        assert summary.work["index"]["ran"] >= 4     # each side trained once and filled per shard
    assert_same_mining(dask / "work/pairs/de-en", threads / "work/pairs/de-en")
