"""One run per work directory: an exclusive lock on `{workdir}/.bitext.lock`.

The lock is a kernel `flock`, so it dies with its process: a run killed with SIGKILL
leaves a lock file that the next run simply takes over. The file holds who runs, so a
second run can say which one is in the way.
"""

import fcntl
import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

from pipeline.errors import BitextError

LOCK_NAME = ".bitext.lock"


class WorkdirLock:
    def __init__(self, workdir: Path):
        self.path = Path(workdir) / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> "WorkdirLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BitextError(f"{self.path.parent}: in use by {describe_holder(self.path)}; "
                              "wait for it to finish or use another --workdir") from None
        holder = {"pid": os.getpid(), "host": socket.gethostname(),
                  "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(holder).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing releases the flock
            self._fd = None


def describe_holder(path: Path) -> str:
    try:
        holder = json.loads(Path(path).read_text())
        return f"run pid {holder['pid']} on {holder['host']} since {holder['started']}"
    except (OSError, ValueError, KeyError):
        return "another run"


def check_unlocked(workdir: Path) -> None:
    """Fail at once, before a flow starts, when another run holds the work directory."""
    if (Path(workdir) / LOCK_NAME).exists():
        with WorkdirLock(workdir):
            pass
