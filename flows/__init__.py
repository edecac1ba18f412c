"""Prefect orchestration over the `pipeline` library; knows flows, tasks and runners only."""

import os

# Offline by design: Prefect's ephemeral server must not try to phone home, and our
# library loggers should show up in flow-run logs.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")

# Not here, measured (issue 12, benchmarks/startup.py): turning off the temporary server's
# triggers, event persister or event stream-out, logging to the API, block registration or
# migrations on start saves no measurable time on a run; a fresh database per run costs 5 s.
# What the temporary server costs is its start (Prefect's imports), which only `bitext run` can
# overlap with its own work.
