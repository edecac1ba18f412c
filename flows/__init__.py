"""Prefect orchestration over the `pipeline` library; knows flows, tasks and runners only."""

import os

# Offline by design: Prefect's ephemeral server must not try to phone home, and our
# library loggers should show up in flow-run logs.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
