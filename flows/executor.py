"""Units of work (`pipeline.work`) as Prefect tasks: one task run per unit, on the flow's task runner.

A unit waits for the units it names (`wait_for`), so a shard is embedded as soon as its language
ID is done. Caching is Prefect's job nowhere here: every unit skips itself through its manifest.
"""

import logging

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from flows.runner import gpu_placement, with_retries
from pipeline.config import RunnerConfig
from pipeline.progress import progress
from pipeline.work import Outcome, Unit, by_stage

log = logging.getLogger("pipeline.flow")


@task(cache_policy=NO_CACHE)
def run_unit(unit: Unit) -> Outcome:
    return unit()


class PrefectExecutor:
    def __init__(self, runner: RunnerConfig):
        self.task, self.runner = with_retries(run_unit, runner), runner

    def __call__(self, units: list[Unit]) -> dict[str, Outcome]:
        futures = {}
        for unit in units:
            waits = [futures[u] for u in unit.after if u in futures]
            # Prefect formats run names with the task's parameters: braces in a file name must stay literal
            label = unit.label.replace("{", "{{").replace("}", "}}")
            named = self.task.with_options(name=unit.stage, task_run_name=label, tags={"gpu"} if unit.gpu else set())
            with gpu_placement(self.runner, unit.gpu):     # tagged too, for Prefect concurrency limits
                futures[unit.id] = named.submit(unit, wait_for=waits)
        for stage, group in by_stage(units).items():   # progress per stage, as tasks finish
            pending = [futures[u.id] for u in group]
            for future in progress(as_completed(pending), len(pending), stage, log):
                future.result()
        return {unit_id: future.result() for unit_id, future in futures.items()}
