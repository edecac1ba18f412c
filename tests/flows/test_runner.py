"""Tasks retry transient failures but not bad input."""

import pytest
from prefect import flow, task

from flows.executor import PrefectExecutor
from flows.runner import dask_runner, with_retries
from pipeline.config import RunnerConfig
from pipeline.errors import BitextError
from pipeline.work import Outcome, Unit


def _flaky_flow(error: Exception):
    attempts = []

    @task
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise error
        return len(attempts)

    retried = with_retries(flaky, RunnerConfig(retries=2, retry_delay_seconds=0))

    @flow
    def run() -> int:
        return retried()

    return run, attempts


def test_transient_failure_is_retried():
    run, attempts = _flaky_flow(OSError("NFS hiccup"))
    assert run() == 2 and len(attempts) == 2


def test_bad_input_is_not_retried():
    run, attempts = _flaky_flow(BitextError("x.txt: not valid UTF-8"))
    with pytest.raises(BitextError):
        run()
    assert len(attempts) == 1


def where_am_i() -> Outcome:
    from distributed import get_worker

    return Outcome(True, get_worker().name)


def test_units_that_want_a_gpu_run_only_on_workers_that_declare_one():
    """Routing by Dask resource, checked without a GPU: one of two workers declares the resource."""
    from distributed import Scheduler, SpecCluster, Worker

    workers = {"gpu": {"cls": Worker, "options": {"nthreads": 1, "resources": {"GPU": 1}}},
               "cpu": {"cls": Worker, "options": {"nthreads": 1}}}
    with SpecCluster(workers=workers, scheduler={"cls": Scheduler, "options": {"dashboard_address": ":0"}}) as cluster:
        cfg = RunnerConfig(kind="dask", address=cluster.scheduler_address, gpu_resource="GPU", retries=0)
        units = [Unit("search", str(i), where_am_i, gpu=True) for i in range(6)]
        units += [Unit("merge", str(i), where_am_i) for i in range(6)]

        @flow(task_runner=dask_runner(cfg))
        def run() -> dict:
            return PrefectExecutor(cfg)(units)

        done = run()
    assert {done[f"search:{i}"].value for i in range(6)} == {"gpu"}
    assert {done[f"merge:{i}"].value for i in range(6)} <= {"gpu", "cpu"}


def die_once(log: str) -> Outcome:
    """Kills its own worker process the first time it runs, as the OOM killer or a lost node would."""
    import os
    import signal

    from distributed import get_worker

    with open(log, "a") as attempts:
        attempts.write(f"{get_worker().name}\n")
    if sum(1 for _ in open(log)) == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return Outcome(True, "done")


def test_a_worker_killed_mid_task_is_replaced_and_its_task_runs_again(tmp_path):
    """Dask reschedules a lost worker's task (Prefect's own retries are off here, so it is not them)."""
    cfg = RunnerConfig(kind="dask", n_workers=2, threads_per_worker=1, retries=0)
    log = tmp_path / "attempts"

    @flow(task_runner=dask_runner(cfg))
    def run() -> dict:
        return PrefectExecutor(cfg)([Unit("search", "0", die_once, (str(log),))])

    assert run()["search:0"].value == "done"
    assert len(log.read_text().splitlines()) == 2
