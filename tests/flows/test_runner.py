"""Tasks retry transient failures but not bad input."""

import pytest
from prefect import flow, task

from flows.runner import with_retries
from pipeline.config import RunnerConfig
from pipeline.errors import BitextError


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
