"""A pair mined as many tasks (pipeline/mining/tasks.py) against today's single mining task, in one run.

Both read the same work directory: N x N seeded synthetic float16 vectors (synthetic.py) cut into
sentence shards with their ids and texts, approximate search (ivf-pq, k=4, ratio margin, max
retrieval, threshold 1.06). Each miner runs in its own process (wall time, peak RSS); runs
alternate, `--rounds` times. `--per-task` also runs the plan with every unit in a process of its
own, giving each task kind's seconds and peak memory (the numbers behind the README's scaling
note). Recall: the plan's best forward pairs against exact search on a seeded source sample
(mine_approx.exact_sample).

    .venv/bin/python benchmarks/mine_tasks.py --n 1000000 [--rounds 1] [--per-task]
"""

import argparse
import json
import os
import pickle
import resource
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from measure import load_average, print_table, run_worker

K, THRESHOLD, ENCODER = 4, 1.06, "hashing"
LANGS = ("de", "en")


def config(task_rows: int, shard_rows: int | None, scoring: str = "margin"):
    """Margin scoring at THRESHOLD, or learned: muse's calibrated scorer and threshold (a muse run's default)."""
    from pipeline.config import MineConfig

    decide = {"threshold": THRESHOLD, "min_cosine": -1.0} if scoring == "margin" else {"calibration": "muse"}
    return MineConfig(k=K, scoring=scoring, task_rows=task_rows, **decide,
                      index={"kind": "ivf-pq", "shard_rows": shard_rows}).settled(None)


def build_workdir(data: Path, work: Path, shard_rows: int) -> dict[str, list[str]]:
    """Sentence shards (LID schema, short texts), embeddings and ids per side, as a run's embed stage leaves them.

    Vectors written in parts of `shard_rows` (`synthetic.generate(part_rows=...)`) are moved into the shards,
    not copied: at 10M rows a side is 10 GB (the data directory is then used up)."""
    import pyarrow as pa

    from pipeline.embed import ids_path
    from pipeline.mining.vectors import npy_shape
    from pipeline.schemas import LID, write_table
    from pipeline.workdir import RunLayout

    layout, shards = RunLayout(work), {}
    for side, (lang, name) in enumerate(zip(LANGS, ("src", "tgt"))):
        parts = sorted(data.glob(f"{name}-*.npy"))
        vectors = None if parts else np.load(data / f"{name}.npy", mmap_mode="r")
        total = len(vectors) if vectors is not None else sum(npy_shape(p)[0] for p in parts)
        shards[lang] = []
        for i, start in enumerate(range(0, total, shard_rows)):
            stop, shard = min(start + shard_rows, total), f"synth/part-{i:05d}"
            rows = np.arange(start, stop)
            ids = (rows + 1 + side * 10**12).astype(np.uint64)
            n = len(rows)
            write_table(pa.table({"sent_id": ids, "text": [f"{lang} {r}" for r in rows.tolist()],
                                  "source": [f"{name}.npy"] * n, "doc_id": rows // 10,
                                  "position": (rows % 10).astype(np.int32), "doc_meta": pa.nulls(n, pa.string()),
                                  "lid_lang": [lang] * n, "lid_score": np.ones(n, np.float32)}),
                        layout.lid_path(lang, shard), LID)
            path = layout.embeddings_path(ENCODER, lang, shard)
            path.parent.mkdir(parents=True, exist_ok=True)
            if vectors is not None:
                np.save(path, np.asarray(vectors[start:stop]))
            elif npy_shape(parts[i])[0] == stop - start:
                os.replace(parts[i], path)
            else:
                raise SystemExit(f"{parts[i]}: parts of the data are not --shard-rows {shard_rows} rows")
            np.save(ids_path(path), ids)
            shards[lang].append(shard)
    return shards


def _clean(work: Path) -> None:
    """Every output of an earlier miner (indexes too: the single task would load its cached ones)."""
    for name in ("indexes", "mining", "manifests", "pairs", "stats"):
        shutil.rmtree(work / name, ignore_errors=True)


def single(work: Path, shards: dict, cfg) -> dict:
    from pipeline.mining.pairs import load_side, mine_language_pair
    from pipeline.workdir import RunLayout

    layout = RunLayout(work)
    sides = [load_side(lang, [layout.lid_path(lang, s) for s in shards[lang]],
                       [layout.embeddings_path(ENCODER, lang, s) for s in shards[lang]]) for lang in LANGS]
    mine_language_pair(*sides, layout.pairs_path(*LANGS), layout.candidates_path(*LANGS), cfg,
                       layout.index_dir(ENCODER))
    return {"pairs": _pairs(layout)}


def plan(work: Path, shards: dict, cfg) -> dict:
    from pipeline.mining.tasks import pair_job, pair_units
    from pipeline.work import by_stage
    from pipeline.workdir import RunLayout

    layout = RunLayout(work)
    seconds: dict[str, float] = defaultdict(float)
    peak: dict[str, int] = {}     # the process's peak RSS (MiB) once the stage's units are done: monotone
    units = pair_units(pair_job(layout, ENCODER, *LANGS, shards, cfg))
    for stage, group in by_stage(units).items():
        for unit in group:
            start = time.perf_counter()
            unit()
            seconds[stage] += time.perf_counter() - start
        peak[stage] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {"pairs": _pairs(layout), "units": len(units), "stage_s": {k: round(v, 1) for k, v in seconds.items()},
            "peak_after_stage_mib": peak}


def one_unit(units_file: Path, index: int) -> dict:
    units = pickle.loads(units_file.read_bytes())
    start = time.perf_counter()
    units[index]()
    return {"unit": units[index].id, "inner_s": round(time.perf_counter() - start, 2)}


def per_task(work: Path, shards: dict, cfg, script: Path) -> list[dict]:
    """Every unit in its own process, in plan order: seconds and peak RSS of each."""
    from pipeline.mining.tasks import pair_job, pair_units
    from pipeline.work import by_stage
    from pipeline.workdir import RunLayout

    units = [u for group in by_stage(pair_units(pair_job(RunLayout(work), ENCODER, *LANGS, shards, cfg))).values()
             for u in group]
    units_file = work / "units.pkl"
    units_file.write_bytes(pickle.dumps(units))
    return [{**run_worker(script, ["--worker", "unit", "--units", str(units_file), "--index", str(i)]),
             "stage": u.stage} for i, u in enumerate(units)]


def _pairs(layout) -> dict:
    """How many pairs, and a digest of their ids and texts in order (the same pairs: the same digest; scores agree
    to float rounding only, as in tests/pipeline/mining/test_tasks.py)."""
    import hashlib

    import pyarrow.parquet as pq

    table = pq.read_table(layout.pairs_path(*LANGS), columns=["src_id", "tgt_id", "src_text", "tgt_text"])
    digest = hashlib.sha256(b"".join(str(table.column(c).to_pylist()).encode() for c in table.column_names))
    return {"count": table.num_rows, "digest": digest.hexdigest()[:16]}


def plan_recall(work: Path, exact: Path) -> dict:
    """Of the sample's exact best pairs at or above the threshold, the share that the plan found as a source's
    best forward pair (flag 1 in the candidate runs)."""
    import pyarrow.dataset as ds

    runs = ds.dataset(sorted((work / "mining" / "-".join(LANGS) / "candidates").glob("run-*.parquet")))
    e = np.load(exact)
    above = e["score"] >= THRESHOLD
    table = runs.to_table(columns=["src", "tgt", "best"], filter=ds.field("src").isin(e["src"][above].tolist()))
    fwd = table.filter(np.bitwise_and(table["best"].to_numpy(), 1) > 0)
    found = dict(zip(fwd["src"].to_pylist(), fwd["tgt"].to_pylist()))
    hits = [found.get(s) == t for s, t in zip(e["src"][above].tolist(), e["tgt"][above].tolist())]
    return {"exact_pairs_above_threshold": int(above.sum()), "recovered": int(sum(hits)),
            "recall": round(float(np.mean(hits)), 4) if hits else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--shard-rows", type=int, default=200_000, help="sentence shard size")
    ap.add_argument("--task-rows", type=int, default=262_144)
    ap.add_argument("--index-shard-rows", type=int, help="index shard size [default: the config's]")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--scoring", choices=["margin", "learned"], default="margin")
    ap.add_argument("--per-task", action="store_true")
    ap.add_argument("--sample", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/mine_tasks.json"))
    ap.add_argument("--worker", choices=["single", "plan", "unit", "exact", "prepare"], help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--units", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--index", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    data = Path(f"/tmp/bitext-synth-{args.n}")
    work = args.work or Path(f"/tmp/bitext-mine-tasks-{args.n}")
    cfg = config(args.task_rows, args.index_shard_rows, args.scoring)
    shards_file = work / "shards.json"
    if args.worker == "unit":
        print(json.dumps(one_unit(args.units, args.index)))
        return
    if args.worker in ("single", "plan"):
        result = (single if args.worker == "single" else plan)(work, json.loads(shards_file.read_text()), cfg)
        print(json.dumps(result))
        return
    if args.worker == "prepare":
        if not (data / "tgt.npy").exists() and not any(data.glob("tgt-*.npy")):
            from synthetic import generate

            generate(data, args.n, part_rows=args.shard_rows)
        shards_file.parent.mkdir(parents=True, exist_ok=True)
        shards_file.write_text(json.dumps(build_workdir(data, work, args.shard_rows)))
        print(json.dumps({"shards": len(json.loads(shards_file.read_text())[LANGS[0]])}))
        return
    if args.worker == "exact":
        from mine_approx import exact_sample

        from pipeline.workdir import RunLayout

        layout, shards = RunLayout(work), json.loads(shards_file.read_text())
        src, tgt = ([layout.embeddings_path(ENCODER, lang, s) for s in shards[lang]] for lang in LANGS)
        exact_sample(src, tgt, work / "exact-sample.npz", args.sample)
        return
    me = Path(__file__)
    if not shards_file.exists():     # in a worker: a forked miner would report this process's peak RSS as its own
        run_worker(me, ["--worker", "prepare", "--n", str(args.n), "--shard-rows", str(args.shard_rows),
                        "--work", str(work)])
    common = ["--n", str(args.n), "--task-rows", str(args.task_rows), "--work", str(work), "--scoring", args.scoring,
              *(["--index-shard-rows", str(args.index_shard_rows)] if args.index_shard_rows else [])]
    runs = defaultdict(list)
    for _ in range(args.rounds):
        for kind in ("single", "plan"):
            _clean(work)
            load = load_average()
            runs[kind].append({**run_worker(me, ["--worker", kind, *common]), "load_before": load,
                               "load_after": load_average()})
            print(kind, runs[kind][-1], flush=True)
    if not (work / "exact-sample.npz").exists():
        run_worker(me, ["--worker", "exact", "--sample", str(args.sample), *common])
    check = plan_recall(work, work / "exact-sample.npz")
    tasks = []
    if args.per_task:
        _clean(work)
        tasks = per_task(work, json.loads(shards_file.read_text()), cfg, me)
    report(args, runs, check, tasks)


def _median(rows: list[dict], key: str) -> float:
    return float(np.median([r[key] for r in rows]))


def report(args, runs: dict, check: dict, tasks: list[dict]) -> None:
    n = args.n
    rule = config(args.task_rows, args.index_shard_rows, args.scoring).describe()
    print(f"\nMining {n:,} x {n:,} synthetic 512-d float16 vectors, ivf-pq, k={K}, {rule}; {args.rounds} round(s), "
          "medians\n")
    single_s, plan_s = _median(runs["single"], "wall_s"), _median(runs["plan"], "wall_s")
    print_table(["miner", "wall (s)", "peak RSS (MiB)", "pairs", "pairs digest", "load before / after"],
                [[kind, _median(rs, "wall_s"), _median(rs, "peak_rss_mib"), rs[-1]["pairs"]["count"],
                  rs[-1]["pairs"]["digest"], f"{rs[-1]['load_before']} / {rs[-1]['load_after']}"]
                 for kind, rs in runs.items()])
    same = len({r["pairs"]["digest"] for rs in runs.values() for r in rs}) == 1
    print(f"\nsame pairs in every run: {'yes' if same else 'NO'}; plan / single wall: {plan_s / single_s:.2f}; "
          f"recall of the plan vs exact search on {args.sample} sources: {check['recall']} "
          f"({check['recovered']}/{check['exact_pairs_above_threshold']})")
    by_stage = {}
    if tasks:
        for t in tasks:
            s = by_stage.setdefault(t["stage"], {"tasks": 0, "seconds": 0.0, "max_s": 0.0, "max_rss_mib": 0})
            s["tasks"] += 1
            s["seconds"] += t["inner_s"]
            s["max_s"] = max(s["max_s"], t["inner_s"])
            s["max_rss_mib"] = max(s["max_rss_mib"], t["peak_rss_mib"])
        print("\nPer task kind, each unit in its own process:\n")
        print_table(["task", "tasks", "total s", "slowest task s", "peak RSS of one task (MiB)"],
                    [[k, v["tasks"], round(v["seconds"], 1), v["max_s"], v["max_rss_mib"]]
                     for k, v in by_stage.items()])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"n": n, "scoring": args.scoring, "same_pairs": same, "task_rows": args.task_rows,
                                    "shard_rows": args.shard_rows,
                                    "runs": runs, "plan_over_single": round(plan_s / single_s, 3),
                                    "recall": check, "per_task": tasks, "per_stage": by_stage}, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
