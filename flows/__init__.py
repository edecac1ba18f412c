"""Prefect orchestration over the `pipeline` library; knows flows, tasks and runners only."""

import os

# Offline by design: Prefect's ephemeral server must not try to phone home, and our
# library loggers should show up in flow-run logs.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")

# Less work for the temporary server `bitext run` starts when no PREFECT_API_URL is set (issue 12;
# benchmarks/startup.py: about 1 CPU second less per run, 0.5 s of wall time). These are server
# settings: only a server started from this process's environment reads them, i.e. Prefect's
# ephemeral one (or a test harness's). A server of your own (`prefect server start`, the one
# `bitext serve` needs) reads its own environment and keeps Prefect's defaults. Set any of them
# yourself to override.
#   - no automations (triggers and their actions): none exist on a server that lives for one run;
os.environ.setdefault("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "false")
#   - no websocket stream of events out: nothing subscribes (the UI is off, and the thread and
#     Dask task runners wait on their own futures, not on events);
os.environ.setdefault("PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED", "false")
#   - events are not written to the database. Flow runs, task runs, logs and the report artifacts
#     still are, so a `prefect server start` on the same database later shows every run; only its
#     event feed lacks these runs' events.
os.environ.setdefault("PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED", "false")
