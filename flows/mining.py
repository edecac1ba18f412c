"""The mining flow: the plan's units (`pipeline.plan`) as Prefect tasks, then the report as artifacts.

Every unit is skipped when its inputs and config are unchanged, so a re-run, a resumed crash
or a new crawl file does only the work that is missing. Runs on Prefect's ephemeral local
server unless `PREFECT_API_URL` names a server.
"""

import logging

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.task_runners import ThreadPoolTaskRunner

from flows.artifacts import publish_report
from flows.executor import PrefectExecutor
from flows.quiet_errors import quiet_user_errors
from flows.runner import dask_runner
from pipeline.config import RunConfig, load_config
from pipeline.lock import WorkdirLock
from pipeline.plan import run_and_report
from pipeline.summary import RunSummary
from pipeline.workdir import RunLayout

log = logging.getLogger("pipeline.flow")


@flow(name="bitext-mining", task_runner=ThreadPoolTaskRunner())
def mining_flow(config_path: str, workdir: str | None = None) -> RunSummary:
    """Entry point for `bitext run` and scheduled deployments: one run per work directory at a time."""
    quiet_user_errors()
    cfg = load_config(config_path, workdir)
    with WorkdirLock(cfg.workdir):
        removed = RunLayout(cfg.workdir).remove_temp_files()
        if removed:
            log.info("removed %d temporary file(s) an interrupted run left", removed)
        if cfg.runner.kind == "local":              # this flow's own task runner: threads
            return run_stages(cfg)
        runner = dask_runner(cfg.runner, str(get_client(sync_client=True).api_url).rstrip("/"))
        return on_runner.with_options(task_runner=runner)(cfg)


@flow(name="bitext-mining-stages")
def on_runner(cfg: RunConfig) -> RunSummary:
    """The stages on a task runner the config chose (Dask), which a flow takes when it starts."""
    return run_stages(cfg)


def run_stages(cfg: RunConfig) -> RunSummary:
    summary = run_and_report(cfg, PrefectExecutor(cfg.runner))
    return summary.with_(artifacts=publish_report(summary))
