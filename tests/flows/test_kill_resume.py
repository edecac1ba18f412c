"""A run killed with SIGKILL at several points and started again mines exactly what an
uninterrupted run mines, and resumes rather than starting over."""

import signal
import time

from flows.mining import mining_flow

from .conftest import assert_same_mining, run_bitext, small_config

# Each kill waits for the first file of a stage to appear, so it lands mid-way through that stage.
KILL_POINTS = ["shards", "lid", "embeddings"]


def _kill_when(proc, marker) -> bool:
    """SIGKILL `proc` as soon as `marker` holds a file; False if it finished first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if marker.is_dir() and any(p.is_file() for p in marker.rglob("*")):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.005)
    return False


def test_killed_runs_resume_to_the_uninterrupted_result(tmp_path, bitext_env):
    reference = tmp_path / "reference"
    reference.mkdir()
    mining_flow(str(small_config(reference)))

    config = small_config(tmp_path)
    workdir = tmp_path / "work"
    for point in KILL_POINTS:
        proc = run_bitext(["run", str(config)], bitext_env)
        assert _kill_when(proc, workdir / point), proc.stdout.read()
        assert proc.returncode == -signal.SIGKILL
    final = run_bitext(["run", str(config)], bitext_env)
    out, _ = final.communicate(timeout=180)
    assert final.returncode == 0, out
    assert "de-en:" in out
    assert_same_mining(workdir / "pairs/de-en", reference / "work/pairs/de-en")
    assert not list(workdir.rglob(".tmp-*"))
    shard_line = next(line for line in out.splitlines() if line.startswith("Tasks run"))
    assert "shard 0/" in shard_line  # sharding finished before the last kill and was not redone
