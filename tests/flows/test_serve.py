"""`bitext serve CONFIG --cron EXPR`: a deployment of the mining flow on that schedule, whose runs fire."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import httpx
import pyarrow.parquet as pq
import pytest

from bitext_cli import main
from flows.schedule import mining_deployment
from pipeline.errors import BitextError

from ..conftest import REPO
from .conftest import run_bitext, small_config


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


def test_a_deployment_refuses_at_once_what_every_scheduled_run_would_fail_on(tmp_path, monkeypatch):
    config = small_config(tmp_path)
    (tmp_path / "en" / "news.txt").write_text("")
    with pytest.raises(BitextError, match=f"^{config}: every input of language 'en' is empty"):
        mining_deployment(config, "0 3 * * *")
    config = small_config(tmp_path)
    config.write_text(config.read_text().replace("encoder: hashing", "encoder: laser2"))
    monkeypatch.setenv("LASER_MODEL_DIR", str(tmp_path))
    with pytest.raises(BitextError, match=f"^{config}: embed: laser2: laser2.pt, laser2.spm not found"):
        mining_deployment(config, "0 3 * * *")


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _without_server(tmp_path: Path) -> dict:
    """No PREFECT_API_URL, and a Prefect home of its own (no profile naming a server)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return {**env, "PREFECT_HOME": str(tmp_path / "prefect-home")}


@pytest.mark.parametrize("server", ["unset", "closed port"])
def test_serve_refuses_to_start_without_a_lasting_server(tmp_path, server):
    env = _without_server(tmp_path)
    if server == "closed port":
        env["PREFECT_API_URL"] = f"http://127.0.0.1:{_free_port()}/api"
    proc = run_bitext(["serve", str(small_config(tmp_path)), "--cron", "* * * * *"], env)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 2, out
    assert out.count("\n") == 1 and out.startswith("error: ")
    assert "`prefect server start`" in out and "PREFECT_API_URL=http://127.0.0.1:4200/api" in out
    if server == "closed port":
        assert f"PREFECT_API_URL={env['PREFECT_API_URL']}: no Prefect server answers" in out
    assert not (tmp_path / "work").exists()


@pytest.fixture
def lasting_server(tmp_path):
    """`prefect server start`, as the README has users start it, on a loopback port with a home of its own."""
    port = _free_port()
    env = {**_without_server(tmp_path), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1",
                               "--port", str(port), "--no-ui"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"prefect server start did not come up: {(tmp_path / 'server.log').read_text()[-2000:]}")
        yield {**env, "PREFECT_API_URL": url}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _completed_runs(url: str) -> list[dict]:
    body = {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}
    return httpx.post(f"{url}/flow_runs/filter", json=body, timeout=10).raise_for_status().json()


def test_a_served_schedule_fires_and_its_run_writes_pairs(tmp_path, lasting_server):
    """The first use of the design: a cron schedule on a real server runs the flow (the server's scheduler
    creates the run, `serve` executes it), and Prefect's own list commands work against that server."""
    url = lasting_server["PREFECT_API_URL"]
    proc = run_bitext(["serve", str(small_config(tmp_path)), "--cron", "* * * * *", "--name", "every-minute",
                       "--workdir", str(tmp_path / "work")], lasting_server)
    try:
        deadline, runs = time.monotonic() + 240, []
        while not runs and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(2)
            runs = _completed_runs(url)
        server_log = (tmp_path / "server.log").read_text()[-3000:]        # e.g. the scheduler's SQLAlchemy 2.1 error
        assert runs, proc.stdout.read() if proc.poll() is not None else f"no scheduled run in 4 minutes: {server_log}"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    assert runs[0]["auto_scheduled"] and runs[0]["deployment_id"]     # the scheduler's run, not one started by hand
    pairs = pq.read_table(tmp_path / "work" / "pairs" / "de-en" / "pairs.parquet")
    assert pairs.num_rows > 0
    assert (tmp_path / "work" / "report.md").is_file()
    listed = subprocess.run([str(Path(sys.executable).parent / "prefect"), "flow-run", "ls"],
                            env={**lasting_server, "COLUMNS": "250"}, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stdout + listed.stderr        # 422 under fastapi>=0.151
    assert runs[0]["name"] in listed.stdout
