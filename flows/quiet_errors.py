"""Prefect logs a failed task with its traceback; for a user error the one-line message is enough."""

import logging

from pipeline.atomic import disk_full
from pipeline.errors import BitextError

_PREFECT_RUN_LOGGERS = ("prefect.task_runs", "prefect.flow_runs")


class _DropUserErrorTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and (isinstance(record.exc_info[1], BitextError) or disk_full(record.exc_info[1])):
            record.exc_info, record.exc_text = None, None
        return True


def quiet_user_errors() -> None:
    """Keep tracebacks for bugs, drop them for `BitextError`s (bad input, bad config) and a full disk."""
    for name in _PREFECT_RUN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropUserErrorTraceback) for f in logger.filters):
            logger.addFilter(_DropUserErrorTraceback())
