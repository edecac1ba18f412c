"""A pair's mining units killed with SIGKILL at three points and started again: the same pairs as an
uninterrupted run, and no unit that had finished is done again."""

import json
import pickle
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq

from pipeline.mining.tasks import pair_job, pair_units

from .test_tasks import APPROX, ENCODER, mine_as_tasks, settled, workdir

RUN = """import json, pickle, sys
from pipeline.work import run_in_process
done = run_in_process(pickle.load(open(sys.argv[1], "rb")))
print(json.dumps(sorted(u for u, o in done.items() if o.ran)))
"""
KILL_AFTER = ["mine-search", "mine-margin", "mine-candidates"]   # the first manifest of each


def _start(units_file):
    return subprocess.Popen([sys.executable, "-c", RUN, str(units_file)], stdout=subprocess.PIPE, text=True)


def _manifests(root) -> list:
    """Written manifests: not one still being written (`.tmp-*`, which the restart removes)."""
    return [p for p in root.rglob("*.json") if not p.name.startswith(".tmp-")]


def _finished(layout) -> set[str]:
    return {str(p.relative_to(layout.root)) for p in _manifests(layout.root / "manifests")}


def _kill_after_first(proc, manifests) -> bool:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifests.is_dir() and _manifests(manifests):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    return False


def test_killed_mining_resumes_to_the_same_pairs_redoing_only_unfinished_units(tmp_path):
    cfg = settled(task_rows=24, block_size=8, **APPROX)
    reference_layout, shards = workdir(tmp_path / "reference")
    mine_as_tasks(reference_layout, shards, cfg)

    layout, shards = workdir(tmp_path / "killed")
    units = pair_units(pair_job(layout, ENCODER, "de", "en", shards, cfg))
    units_file = tmp_path / "units.pkl"
    units_file.write_bytes(pickle.dumps(units))
    for stage in KILL_AFTER:
        proc = _start(units_file)
        assert _kill_after_first(proc, layout.root / "manifests" / stage), f"finished before any {stage} unit"
        assert proc.returncode == -signal.SIGKILL
    finished = _finished(layout)
    final = _start(units_file)
    out, _ = final.communicate(timeout=300)
    assert final.returncode == 0
    ran = json.loads(out.splitlines()[-1])
    assert len(ran) == len(units) - len(finished) > 0     # every finished unit kept; only the rest ran
    for name in ("pairs.parquet", "candidates.parquet"):
        got, want = (pq.read_table(lay.pair_dir("de", "en") / name) for lay in (layout, reference_layout))
        assert got == want, name
