"""Task runners, retry policy and GPU placement, from the run config's `runner` section."""

from contextlib import AbstractContextManager, nullcontext

from prefect.tasks import Task, exponential_backoff

from pipeline.atomic import disk_full
from pipeline.config import RunnerConfig
from pipeline.errors import BitextError


def dask_runner(cfg: RunnerConfig, api_url: str | None = None):
    """A Dask cluster: the one at `address`, else a local one (`runner: local` is the flow's own threads).

    Local workers are pointed at this process's Prefect API (`api_url`), so their task runs
    show up in the same flow run instead of on throwaway servers of their own.
    """
    from prefect_dask import DaskTaskRunner

    if cfg.address:
        return DaskTaskRunner(address=cfg.address)
    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs={"n_workers": cfg.n_workers, "threads_per_worker": cfg.threads_per_worker,
                                          "processes": True, "dashboard_address": None,
                                          "env": {"PREFECT_API_URL": api_url} if api_url else {},
                                          # local workers share this machine's accelerator, if any
                                          **({"resources": {cfg.gpu_resource: 1}} if cfg.gpu_resource else {})})


def gpu_placement(cfg: RunnerConfig, wants_gpu: bool) -> AbstractContextManager:
    """Around a task's submission: on Dask with `gpu_resource` set, a unit that wants a GPU is annotated to
    need one unit of that resource, so the scheduler sends it only to workers that declare it."""
    if not (wants_gpu and cfg.kind == "dask" and cfg.gpu_resource):
        return nullcontext()
    import dask

    return dask.annotate(resources={cfg.gpu_resource: 1})


def retry_unless_user_error(task, task_run, state) -> bool:
    """Retry transient failures (I/O, a lost worker); bad input and a full disk fail the same way every time."""
    return not isinstance(state.data, BitextError) and not disk_full(state.data)


def with_retries(task: Task, cfg: RunnerConfig) -> Task:
    delays = exponential_backoff(cfg.retry_delay_seconds) if cfg.retry_delay_seconds else 0
    return task.with_options(retries=cfg.retries, retry_delay_seconds=delays,
                             retry_condition_fn=retry_unless_user_error)
