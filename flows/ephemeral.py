"""A temporary Prefect server for one `bitext run`, started before anything heavy is imported.

Without `PREFECT_API_URL`, Prefect starts a temporary server itself, but only once the flow is
called: after this process has imported the flow, checked the config and imported Prefect's server
module (2 s on its own), so the server's own start-up (about 5 s) comes on top of all that. Started
here first, as the same kind of server (Prefect's app in ephemeral mode, no UI), it comes up on the
second core while this process does the rest, and this process never imports the server module.
"""

import atexit
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager

from flows.server import check_answers
from pipeline.errors import BitextError

log = logging.getLogger("pipeline.flow")
_START_TIMEOUT_S = 120


def create_app():
    """The uvicorn factory of the server process: Prefect's API app as its temporary server has it."""
    from prefect.server.api.server import create_app as prefect_app

    return prefect_app(ephemeral=True, final=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TemporaryServer:
    def __init__(self):
        self.port = _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.healthy = False
        self.log = tempfile.TemporaryFile()     # its output: the reason, should it fail to start
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "flows.ephemeral:create_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT_SERVER_UI_ENABLED": "0"},
            stdout=self.log, stderr=subprocess.STDOUT)
        # Stopped at exit, after Prefect's own exit hooks (registered later, so run earlier) have sent
        # the run's last logs and events: stopping it sooner leaves them retrying against a closed port.
        atexit.register(self.stop)

    def wait(self) -> str:
        """The API URL once the server answers; a one-line error if it died or never came up."""
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BitextError(f"Prefect's temporary server exited with status {self.process.returncode} "
                                  f"({self._last_line()}); set PREFECT_API_URL to a running server "
                                  "(`prefect server start`)")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        self.healthy = True
                        return self.api_url
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise BitextError(f"Prefect's temporary server did not answer within {_START_TIMEOUT_S} s; "
                          "set PREFECT_API_URL to a running server (`prefect server start`)")

    def _last_line(self) -> str:
        self.log.seek(0)
        lines = [line for line in self.log.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1].strip() if lines else "no output"

    def stop(self) -> None:
        """Gracefully once it serves; before that it is still importing (uvicorn defers signals until the app
        has loaded, seconds later) and has touched nothing, so it is killed."""
        if self.process.poll() is None and not self.healthy:
            self.process.kill()
            self.process.wait()
        elif self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class PrefectApi:
    """The Prefect API a run talks to: the configured one, or a temporary server started on entering
    (so that it comes up while the caller imports), stopped at exit.

        with PrefectApi() as api:
            from flows.mining import mining_flow     # 2 s of imports, while the server starts
            with api.in_force():                      # waits for the server
                mining_flow(...)
    """

    def __enter__(self) -> "PrefectApi":
        self.server = None if os.environ.get("PREFECT_API_URL") else TemporaryServer()
        self._used = False
        return self

    @contextmanager
    def in_force(self):
        from prefect.settings import (
            PREFECT_API_URL,
            PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
            PREFECT_UI_URL,
            temporary_settings,
        )

        if self.server is None or PREFECT_API_URL.value():    # a Prefect profile may name a server too
            self._stop()
            check_answers(PREFECT_API_URL.value(), "start it (`prefect server start`) or unset PREFECT_API_URL "
                          "to run on a temporary server")
            yield
            return
        url = self.server.wait()
        self._used = True
        log.info("temporary Prefect server on %s", url.removesuffix("/api"))
        # Heartbeats serve crash detection on a server that outlives the run; here each flow run's end
        # would wait up to a second for its heartbeat thread. This server has no UI to link to.
        with temporary_settings({PREFECT_API_URL: url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None, PREFECT_UI_URL: ""}):
            yield

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None and not self._used:   # nothing of Prefect's ran: stop at once
            self._stop()

    def _stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None
