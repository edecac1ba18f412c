"""A pair mined as tasks, killed with SIGKILL (the whole process group) at three points and restarted:
the same pairs as an uninterrupted run, and what was redone.

On N x N seeded synthetic 512-d vectors (synthetic.py, cut into sentence shards as mine_tasks.py
does; ivf-pq, k=4, several query blocks and index shards per side), the pair's units
(`mining.tasks.pair_units`) run in a worker process that executes them `--workers` at a time,
each after the units it waits for, and logs when each starts and ends (appended unbuffered, so
the log survives the kill). First an uninterrupted reference run; then one chain on a clean work
directory: killed a few seconds into an index unit, restarted and killed during the searches,
restarted and killed during `select` (or the units of the decision after it), restarted to the
end. For each kill: the units running at the kill, the units the next start ran (each must have
been running at the kill or never started: no finished unit is redone), and the seconds of work
the kill threw away against the reference run's total. The final pairs and candidates are
compared with the reference row for row and byte for byte.

    .venv/bin/python benchmarks/mine_kill.py --n 200000 [--scoring margin learned]
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

from measure import load_average, print_table

# (stage, which start of that stage, seconds into it): the three kill points
KILLS = {"index": ("index", 3, 2.0), "search": ("search", 8, 2.0), "select": ("select", 1, 0.05)}
DECISION = ("select", "mine", "quality", "gaps", "features")    # a kill "during select" may land in these


def config(scoring: str, task_rows: int, index_shard_rows: int):
    from mine_tasks import THRESHOLD, K

    from pipeline.config import MineConfig

    decide = {"threshold": THRESHOLD, "min_cosine": -1.0} if scoring == "margin" else {"calibration": "muse"}
    return MineConfig(k=K, scoring=scoring, task_rows=task_rows, **decide,
                      index={"kind": "ivf-pq", "shard_rows": index_shard_rows}).settled(None)


def units_of(work: Path, cfg) -> list:
    from mine_tasks import ENCODER, LANGS

    from pipeline.mining.tasks import pair_job, pair_units
    from pipeline.workdir import RunLayout

    shards = json.loads((work / "shards.json").read_text())
    return pair_units(pair_job(RunLayout(work), ENCODER, *LANGS, shards, cfg))


def run_units(units: list, workers: int, log: Path) -> None:
    """Every unit, at most `workers` at once, each once the units it waits for have ended; a line per start
    and end appended to `log` with one unbuffered write each (a kill loses no line already written)."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    def note(*fields) -> None:
        os.write(fd, ("\t".join(map(str, fields)) + "\n").encode())

    def call(unit):
        note("start", unit.id, time.time())
        outcome = unit()
        note("end", unit.id, time.time(), int(outcome.ran))

    ids = {u.id for u in units}
    pending, running, ended = list(units), {}, set()
    with ThreadPoolExecutor(workers) as pool:
        while pending or running:
            ready = [u for u in pending if all(a in ended or a not in ids for a in u.after)]
            for unit in ready[:workers - len(running)]:
                pending.remove(unit)
                running[pool.submit(call, unit)] = unit.id
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                future.result()
                ended.add(running.pop(future))
    os.close(fd)


def read_log(log: Path) -> dict:
    """unit id -> {"start": t, "end": t, "ran": bool} of one process's log."""
    units: dict[str, dict] = {}
    for line in log.read_text().splitlines():
        kind, uid, t, *ran = line.split("\t")
        entry = units.setdefault(uid, {})
        entry[kind] = float(t)
        if ran:
            entry["ran"] = ran[0] == "1"
    return units


def start_worker(me: Path, args: argparse.Namespace, scoring: str, work: Path, log: Path) -> subprocess.Popen:
    """The worker in a process group of its own, so the kill reaches every thread and child."""
    cmd = [sys.executable, str(me), "--worker", "mine", "--scoring", scoring, "--work", str(work), "--log", str(log),
           *common_args(args)]
    return subprocess.Popen(cmd, start_new_session=True)


def common_args(args: argparse.Namespace) -> list[str]:
    return ["--n", str(args.n), "--task-rows", str(args.task_rows), "--index-shard-rows",
            str(args.index_shard_rows), "--workers", str(args.workers)]


def kill_at(proc: subprocess.Popen, log: Path, point: tuple[str, int, float]) -> float | None:
    """SIGKILL the worker's group `delay` seconds after the n-th start of a unit of `stage`; the time of the
    kill, or None if the worker ended first."""
    stage, nth, delay = point
    while proc.poll() is None:
        starts = sorted(e["start"] for uid, e in read_log(log).items() if uid.split(":")[0] == stage) \
            if log.exists() else []
        if len(starts) >= nth and time.time() >= starts[nth - 1] + delay:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = time.time()
            proc.wait()
            return killed
        time.sleep(0.01)
    return None


def kill_record(units: list, log: Path, killed: float, next_log: Path, reference: dict) -> dict:
    """What one kill cost: the units running at it, what the next start ran, the work thrown away."""
    before, after = read_log(log), read_log(next_log)
    running = sorted(u for u, e in before.items() if "end" not in e)
    ended = {u for u, e in before.items() if "end" in e}
    ran_next = {u for u, e in after.items() if e.get("ran")}
    total_s = sum(e["end"] - e["start"] for e in reference.values())
    lost = sum(killed - before[u]["start"] for u in running)
    redone = sorted(ran_next & set(running))
    return {"running_at_kill": running, "units_ended_before": len(ended), "units": len(units),
            "ran_on_restart": len(ran_next), "redone": redone,
            "finished_but_redone": sorted(ran_next & ended),
            "redone_within_running": set(redone) <= set(running) and not ran_next & ended,
            "redone_units_fraction": round(len(redone) / len(units), 4),
            "lost_s": round(lost, 1), "lost_fraction": round(lost / total_s, 4),
            "redone_s_on_restart": round(sum(after[u]["end"] - after[u]["start"] for u in redone), 1),
            "reference_work_s": round(total_s, 1)}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def compare(work: Path, reference: Path) -> dict:
    import pyarrow.parquet as pq
    from mine_tasks import LANGS

    out = {}
    for name in ("pairs.parquet", "candidates.parquet"):
        got, want = work / "pairs" / "-".join(LANGS) / name, reference / name
        a, b = pq.read_table(got), pq.read_table(want)
        out[name] = {"rows": a.num_rows, "same_rows": a.equals(b), "same_bytes": digest(got) == digest(want)}
    return out


def clean(work: Path) -> None:
    for name in ("indexes", "mining", "manifests", "pairs", "stats", "logs"):
        shutil.rmtree(work / name, ignore_errors=True)


def leftovers(work: Path) -> int:
    """Temporary files a killed unit left behind (`atomic_path` renames or removes them only if it lives)."""
    return sum(1 for _ in work.rglob(".tmp-*"))


def scenario(me: Path, args: argparse.Namespace, scoring: str, work: Path) -> dict:
    """The reference run, then the chain of three kills and restarts, on the same inputs."""
    cfg = config(scoring, args.task_rows, args.index_shard_rows)
    units = units_of(work, cfg)
    reference = work.parent / f"reference-{scoring}"
    clean(work)
    (work / "logs").mkdir(parents=True)
    start = time.time()
    ref_log = work / "logs" / "reference.log"
    if start_worker(me, args, scoring, work, ref_log).wait() != 0:
        raise SystemExit("reference run failed")
    reference_wall = time.time() - start
    ref_units = read_log(ref_log)
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(work / "pairs" / "-".join(("de", "en")), reference)
    shutil.copy(ref_log, reference / "reference.log")
    print(f"{scoring}: reference {reference_wall:.1f} s, {len(units)} units", flush=True)

    clean(work)
    (work / "logs").mkdir(parents=True)
    kills, logs, start = [], [], time.time()
    for i, (point, spec) in enumerate(KILLS.items()):
        logs.append(work / "logs" / f"segment-{i}.log")
        stage, nth, delay = spec
        killed = kill_at(start_worker(me, args, scoring, work, logs[-1]), logs[-1], (stage, nth, delay * args.delay))
        if killed is None:
            raise SystemExit(f"{scoring}: the run ended before the kill point {point}")
        kills.append((point, killed))
        running = sorted(_short(u) for u, e in read_log(logs[-1]).items() if "end" not in e)
        print(f"{scoring}: killed at {point}: running {running}", flush=True)
    left = leftovers(work)
    logs.append(work / "logs" / "final.log")
    if start_worker(me, args, scoring, work, logs[-1]).wait() != 0:
        raise SystemExit("final run failed")
    chain_wall = time.time() - start
    records = {point: kill_record(units, logs[i], killed, logs[i + 1], ref_units)
               for i, (point, killed) in enumerate(kills)}
    return {"units": len(units), "reference_wall_s": round(reference_wall, 1), "chain_wall_s": round(chain_wall, 1),
            "tmp_files_left_by_kills": left, "tmp_files_after_restart": leftovers(work),
            "kills": records, "compare": compare(work, reference)}


def prepare(args: argparse.Namespace, work: Path) -> None:
    from mine_tasks import build_workdir
    from synthetic import generate

    data = Path(f"/tmp/bitext-synth-{args.n}")
    if not (data / "tgt.npy").exists():
        generate(data, args.n)
    (work / "shards.json").write_text(json.dumps(build_workdir(data, work, args.shard_rows)))


def report(args: argparse.Namespace, results: dict) -> None:
    print(f"\nMining {args.n:,} x {args.n:,} synthetic 512-d vectors as tasks (ivf-pq, {args.task_rows:,}-row "
          f"query blocks, {args.index_shard_rows:,}-row index shards, {args.workers} units at a time), killed with "
          f"SIGKILL at three points and restarted; load {load_average()}\n")
    rows = []
    for scoring, r in results.items():
        for point, k in r["kills"].items():
            rows.append([scoring, point, ", ".join(map(_short, k["running_at_kill"])) or "-",
                         f"{len(k['redone'])}/{k['units']}", k["redone_units_fraction"],
                         f"{k['lost_s']} / {k['reference_work_s']}", k["lost_fraction"],
                         "yes" if k["redone_within_running"] else "NO"])
    print_table(["scoring", "killed during", "running at the kill", "units redone", "fraction",
                 "work lost (s) / total", "fraction", "redone within running"], rows)
    print()
    print_table(["scoring", "units", "reference wall (s)", "killed thrice + restarts wall (s)", "pairs",
                 "pairs same rows / bytes", "candidates same rows / bytes", ".tmp files left by kills"],
                [[s, r["units"], r["reference_wall_s"], r["chain_wall_s"], r["compare"]["pairs.parquet"]["rows"],
                  _same(r["compare"]["pairs.parquet"]), _same(r["compare"]["candidates.parquet"]),
                  r["tmp_files_left_by_kills"]] for s, r in results.items()])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"n": args.n, "task_rows": args.task_rows, "index_shard_rows": args.index_shard_rows,
                                    "shard_rows": args.shard_rows, "workers": args.workers, "kill_points": KILLS,
                                    "results": results}, indent=2) + "\n")
    print(f"wrote {args.out}")


def _short(unit: str) -> str:
    """A unit id without the pair's and the index's names: `search fwd q1 b2`, `index en shard 0`."""
    stage, name = unit.split(":", 1)
    name = re.sub(r"^[^/]+/(\w+)/\S+", r"\1", name).replace("de-en", "").strip()
    return f"{stage} {name}".strip()


def _same(c: dict) -> str:
    return f"{'yes' if c['same_rows'] else 'NO'} / {'yes' if c['same_bytes'] else 'NO'}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--shard-rows", type=int, default=50_000, help="sentence shard size")
    ap.add_argument("--task-rows", type=int, default=50_000)
    ap.add_argument("--index-shard-rows", type=int, default=50_000)
    ap.add_argument("--workers", type=int, default=2, help="units run at once in the worker process")
    ap.add_argument("--delay", type=float, default=1.0, help="scales the seconds into a unit before each kill")
    ap.add_argument("--scoring", nargs="+", default=["margin", "learned"], choices=["margin", "learned"])
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/mine_kill.json"))
    ap.add_argument("--worker", choices=["mine"], help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here), str(here.parent)]
    if args.worker == "mine":
        run_units(units_of(args.work, config(args.scoring[0], args.task_rows, args.index_shard_rows)), args.workers,
                  args.log)
        return
    work = Path(f"/tmp/bitext-mine-kill-{args.n}/work")
    if not (work / "shards.json").exists():
        prepare(args, work)
    results = {scoring: scenario(Path(__file__), args, scoring, work) for scoring in args.scoring}
    report(args, results)


if __name__ == "__main__":
    main()
