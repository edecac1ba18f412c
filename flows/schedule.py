"""The mining flow as a Prefect deployment on a cron schedule (`bitext serve`)."""

from pathlib import Path

from prefect.client.schemas.schedules import CronSchedule
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from pydantic import ValidationError

from flows.mining import mining_flow
from pipeline.errors import BitextError
from pipeline.preflight import check_config


def cron_schedule(expr: str) -> CronSchedule:
    try:
        return CronSchedule(cron=expr)
    except ValidationError:
        raise BitextError(f"--cron {expr!r}: not a cron expression (five fields, e.g. \"0 3 * * *\")") from None


def mining_deployment(config: Path, cron: str, name: str | None = None,
                      workdir: Path | None = None) -> RunnerDeployment:
    """Checks the config, its input files and its encoder's files now, as `bitext run` does, so a typo or a
    missing model fails here and not at 3 a.m.; runs read the config afresh each time."""
    check_config(config, workdir)
    return mining_flow.to_deployment(
        name=name or f"bitext-{Path(config).stem}", schedules=[cron_schedule(cron)],
        parameters={"config_path": str(Path(config).resolve()),
                    "workdir": str(Path(workdir).resolve()) if workdir else None},
        entrypoint_type=EntrypointType.MODULE_PATH)
