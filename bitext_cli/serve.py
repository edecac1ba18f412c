"""`bitext serve`: the pipeline as a Prefect deployment on a schedule."""

from pathlib import Path

import click

from bitext_cli.app import cli
from bitext_cli.options import OUTPUT_DIR


@cli.command()
@click.argument("config", type=click.Path(path_type=Path))
@click.option("--cron", required=True, help='Schedule, as a cron expression in UTC, e.g. "0 3 * * *".')
@click.option("--name", default=None, help="Deployment name (default: bitext-CONFIGNAME).")
@click.option("--workdir", type=OUTPUT_DIR, help="Write the runs here instead of the config's workdir.")
def serve(config: Path, cron: str, name: str | None, workdir: Path | None) -> None:
    """Serve the flow for CONFIG on a schedule until interrupted (needs `prefect server start` and
    PREFECT_API_URL; see README)."""
    from flows.server import lasting_server

    lasting_server()        # a temporary server would take the schedule with it: refuse at once
    from prefect import serve as prefect_serve

    from flows.schedule import mining_deployment

    prefect_serve(mining_deployment(config, cron, name, workdir))
