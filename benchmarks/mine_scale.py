"""A pair mined as tasks on a pool of worker processes, with the memory of each process and of the whole run.

The work directory of `mine_tasks.py` (N x N seeded synthetic 512-d float16 vectors in sentence
shards), mined by the task plan (`pipeline/mining/tasks.py`) with the default index choice
(`mine.index.kind: auto`), each unit sent to one of `--workers` long-lived processes as soon as the
units it reads are done (what a Dask cluster of that many single-threaded workers does). Each unit
reports its own wall and CPU seconds and its own peak RSS (the worker's peak is reset before it,
`/proc/self/clear_refs`); a sampler reads every process's RSS once a second, for the peak of any
one process and of the whole run (the sum). Progress goes to `--log` as it happens; the JSON at the
end. Recall: the plan's best forward pairs against exact search on a seeded source sample.

    nice -n 19 .venv/bin/python benchmarks/mine_scale.py --n 2000000 --workers 2 --log /tmp/scale.log
"""

import argparse
import json
import multiprocessing
import os
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

import psutil
from measure import load_average, print_table, run_worker

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from mine_tasks import ENCODER, LANGS, plan_recall  # noqa: E402


def _status(pid: int | str) -> dict[str, int]:
    """VmRSS, VmHWM and RssAnon of a process in MiB (empty once it has gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    wanted = ("VmRSS", "VmHWM", "RssAnon")
    return {k: int(v.split()[0]) // 1024 for k, v in (line.split(":", 1) for line in lines if ":" in line)
            if k in wanted}


def run_unit(unit) -> dict:
    """One unit in this worker: its seconds, CPU seconds and its own peak RSS (the process peak reset first)."""
    Path("/proc/self/clear_refs").write_text("5")
    start, cpu = time.perf_counter(), time.process_time()
    unit()
    return {"unit": unit.id, "stage": unit.stage, "pid": os.getpid(), "s": round(time.perf_counter() - start, 2),
            "cpu_s": round(time.process_time() - cpu, 2), "peak_mib": _status("self").get("VmHWM", 0)}


class Sampler(threading.Thread):
    """Once a second: RSS of this process and every descendant; the peak per process and of their sum."""

    def __init__(self, log):
        super().__init__(daemon=True)
        self.log, self.stop = log, threading.Event()
        self.peak_by_pid: dict[int, int] = defaultdict(int)
        self.peak_sum = self.peak_sum_anon = 0
        self.samples = 0

    def run(self) -> None:
        me = psutil.Process()
        while not self.stop.wait(1.0):
            pids = [me.pid] + [c.pid for c in me.children(recursive=True)]
            stats = {pid: _status(pid) for pid in pids}
            for pid, s in stats.items():
                self.peak_by_pid[pid] = max(self.peak_by_pid[pid], s.get("VmHWM", 0))
            self.peak_sum = max(self.peak_sum, sum(s.get("VmRSS", 0) for s in stats.values()))
            self.peak_sum_anon = max(self.peak_sum_anon, sum(s.get("RssAnon", 0) for s in stats.values()))
            self.samples += 1
            if self.samples % 60 == 0:
                self.log(f"memory: {len(pids)} processes, RSS now {sum(s.get('VmRSS', 0) for s in stats.values())}"
                         f" MiB, peak sum {self.peak_sum} MiB, peak of one {max(self.peak_by_pid.values())} MiB, "
                         f"load {load_average()}")


def _init_worker(threads: int) -> None:
    import faiss

    faiss.omp_set_num_threads(threads)


def run_plan(work: Path, shards: dict, cfg, workers: int, threads: int, log) -> dict:
    """Every unit of the pair on a pool of `workers` processes, each unit once the units it reads are done."""
    from pipeline.mining.tasks import pair_job, pair_units
    from pipeline.workdir import RunLayout

    units = pair_units(pair_job(RunLayout(work), ENCODER, *LANGS, shards, cfg))
    job = units[-1].args[0]
    log(f"{len(units)} units; index kind {job.kind}, spec {job.index(job.src).spec if not job.exact else 'flat'}, "
        f"{len(job.base_shards(job.tgt))} index shard(s) per side, {len(job.blocks(job.src))} query blocks per side")
    os.environ["OMP_NUM_THREADS"] = str(threads)     # numpy's BLAS in the workers too
    pending, done, running, results = list(units), set(), {}, []
    sampler = Sampler(log)
    sampler.start()
    start = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")       # a fresh interpreter: no memory inherited from this one
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(threads,)) as pool:
        while pending or running:
            for unit in [u for u in pending if set(u.after) <= done][:max(0, workers - len(running))]:
                pending.remove(unit)
                running[pool.submit(run_unit, unit)] = unit
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                unit = running.pop(future)
                results.append({**future.result(), "end_s": round(time.perf_counter() - start, 1)})
                done.add(unit.id)
                r = results[-1]
                log(f"[{r['end_s']:8.1f} s] {len(done)}/{len(units)} {unit.id}: {r['s']} s, cpu {r['cpu_s']} s, "
                    f"peak {r['peak_mib']} MiB")
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    return {"wall_s": round(wall, 1), "units": results, "index_kind": job.kind,
            "index_spec": None if job.exact else job.index(job.src).spec,
            "index_shards_per_side": len(job.base_shards(job.tgt)), "query_blocks_per_side": len(job.blocks(job.src)),
            "peak_one_process_mib": max(sampler.peak_by_pid.values()), "peak_whole_run_mib": sampler.peak_sum,
            "peak_whole_run_anon_mib": sampler.peak_sum_anon, "processes_seen": len(sampler.peak_by_pid)}


def by_stage(units: list[dict], n: int) -> dict:
    """Per task kind: units, seconds, CPU seconds (and per million vectors of a side), the largest unit peak."""
    out: dict[str, dict] = {}
    for u in units:
        s = out.setdefault(u["stage"], {"tasks": 0, "s": 0.0, "cpu_s": 0.0, "max_peak_mib": 0})
        s["tasks"] += 1
        s["s"] += u["s"]
        s["cpu_s"] += u["cpu_s"]
        s["max_peak_mib"] = max(s["max_peak_mib"], u["peak_mib"])
    for s in out.values():
        s["s"], s["cpu_s"] = round(s["s"], 1), round(s["cpu_s"], 1)
        s["cpu_s_per_million"] = round(s["cpu_s"] / (n / 1e6), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1, help="faiss/BLAS threads per worker")
    ap.add_argument("--shard-rows", type=int, default=200_000, help="sentence shard size")
    ap.add_argument("--task-rows", type=int, default=262_144)
    ap.add_argument("--index-shard-rows", type=int, help="index shard size [default: the config's]")
    ap.add_argument("--nlist", type=int, help="IVF lists [default: auto's choice by size]")
    ap.add_argument("--sample", type=int, default=1000)
    ap.add_argument("--log", type=Path, help="progress log [default: stdout only]")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/mine_scale.json"))
    args = ap.parse_args()
    from pipeline.config import MineConfig

    work = Path(f"/tmp/bitext-mine-tasks-{args.n}")
    tasks_script = HERE / "mine_tasks.py"

    def log(line: str) -> None:
        stamped = f"{time.strftime('%H:%M:%S')} {line}"
        print(stamped, flush=True)
        if args.log:
            with args.log.open("a") as f:
                f.write(stamped + "\n")

    shards_file = work / "shards.json"
    if not shards_file.exists():
        log("preparing the data")
        run_worker(tasks_script, ["--worker", "prepare", "--n", str(args.n), "--shard-rows", str(args.shard_rows),
                                  "--work", str(work)])
    from mine_tasks import _clean, _pairs

    _clean(work)
    cfg = MineConfig(k=4, scoring="margin", threshold=1.06, min_cosine=-1.0, task_rows=args.task_rows,
                     index={"kind": "auto", "shard_rows": args.index_shard_rows, "nlist": args.nlist}).settled(None)
    load = load_average()
    log(f"mining {args.n:,} x {args.n:,} on {args.workers} workers x {args.threads} threads, load {load}")
    run = run_plan(work, json.loads(shards_file.read_text()), cfg, args.workers, args.threads, log)
    from pipeline.workdir import RunLayout

    run.update(pairs=_pairs(RunLayout(work)), load_before=load, load_after=load_average())
    log(f"mined in {run['wall_s']} s: {run['pairs']} pairs, peak of one process {run['peak_one_process_mib']} MiB, "
        f"whole run {run['peak_whole_run_mib']} MiB")
    if not (work / "exact-sample.npz").exists():
        log("exact search for the recall sample")
        run_worker(tasks_script, ["--worker", "exact", "--n", str(args.n), "--sample", str(args.sample),
                                  "--work", str(work)])
    check = plan_recall(work, work / "exact-sample.npz")
    stages = by_stage(run["units"], args.n)
    print(f"\nMining {args.n:,} x {args.n:,} as tasks on {args.workers} workers x {args.threads} threads "
          f"({run['index_spec'] or 'exact'}, {run['index_shards_per_side']} index shard(s) per side)\n")
    print_table(["wall (s)", "peak RSS of one process (MiB)", "peak RSS of the whole run (MiB)", "pairs",
                 "recall vs exact (sample)", "load before / after"],
                [[run["wall_s"], run["peak_one_process_mib"], run["peak_whole_run_mib"], run["pairs"],
                  f"{check['recall']} ({check['recovered']}/{check['exact_pairs_above_threshold']})",
                  f"{load} / {run['load_after']}"]])
    print()
    print_table(["task", "tasks", "seconds", "CPU seconds", "CPU s per million vectors", "largest task peak (MiB)"],
                [[k, v["tasks"], v["s"], v["cpu_s"], v["cpu_s_per_million"], v["max_peak_mib"]]
                 for k, v in stages.items()])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"n": args.n, "workers": args.workers, "threads": args.threads,
                                    "task_rows": args.task_rows, "run": run, "recall": check, "per_stage": stages},
                                   indent=2) + "\n")
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
