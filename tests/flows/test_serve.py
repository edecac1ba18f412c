"""`bitext serve CONFIG --cron EXPR`: a deployment of the mining flow on that schedule."""

import signal
import time

import pytest

from bitext_cli import main
from flows.schedule import mining_deployment

from ..conftest import REPO
from .conftest import run_bitext


def test_bad_cron_is_a_one_line_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", str(REPO / "configs/sample.yaml"), "--cron", "0 3 * *"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: --cron '0 3 * *': not a cron expression")


def test_deployment_runs_the_flow_for_the_config_on_the_schedule():
    deployment = mining_deployment(REPO / "configs/sample.yaml", "0 3 * * *")
    assert deployment.name == "bitext-sample"
    assert deployment.entrypoint == "flows.mining.mining_flow"  # importable from any directory
    assert deployment.parameters == {"config_path": str(REPO / "configs/sample.yaml"), "workdir": None}
    assert [s.schedule.cron for s in deployment.schedules] == ["0 3 * * *"]


def test_serve_registers_the_scheduled_deployment_with_the_server(tmp_path, bitext_env):
    from prefect.client.orchestration import get_client

    proc = run_bitext(["serve", str(REPO / "configs/sample.yaml"), "--cron", "30 2 * * 1", "--name", "nightly",
                       "--workdir", str(tmp_path)], bitext_env)
    try:
        deadline, found = time.monotonic() + 90, None
        with get_client(sync_client=True) as client:
            while found is None and time.monotonic() < deadline and proc.poll() is None:
                try:
                    found = client.read_deployment_by_name("bitext-mining/nightly")
                except Exception:
                    time.sleep(0.5)
        assert found is not None, proc.stdout.read() if proc.poll() is not None else "no deployment"
        assert [s.schedule.cron for s in found.schedules] == ["30 2 * * 1"]
        assert found.parameters["workdir"] == str(tmp_path)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
