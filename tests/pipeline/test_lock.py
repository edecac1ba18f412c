"""One run per work directory, across processes; a dead holder's lock is taken over."""

import os
import signal
import subprocess
import sys

import pytest

from pipeline.errors import BitextError
from pipeline.lock import WorkdirLock, check_unlocked

HOLD = "import sys, time; from pipeline.lock import WorkdirLock\n" \
       "with WorkdirLock(sys.argv[1]):\n    print('locked', flush=True); time.sleep(60)\n"


@pytest.fixture
def holder(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    proc.kill()
    proc.wait()


def test_second_run_stops_at_once_naming_the_first(tmp_path, holder):
    with pytest.raises(BitextError, match=rf"{tmp_path}: in use by run pid {holder.pid} on \S+ since 20"):
        with WorkdirLock(tmp_path):
            pass
    with pytest.raises(BitextError, match=f"pid {holder.pid}"):
        check_unlocked(tmp_path)


def test_lock_of_a_killed_run_is_taken_over(tmp_path, holder):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert str(holder.pid) in (tmp_path / ".bitext.lock").read_text()  # the dead run's record is still there
    with WorkdirLock(tmp_path):
        assert f'"pid": {os.getpid()}' in (tmp_path / ".bitext.lock").read_text()
    check_unlocked(tmp_path)
