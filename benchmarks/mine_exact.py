"""Exact mining of N x N precomputed embeddings: our miner against plain numpy + faiss LASER.

Both run on the same float16 .npy files (seeded synthetic data, see synthetic.py), each in
its own process, with k=4, ratio margin, "max" retrieval and threshold 1.06; we report
wall time, peak resident memory (the child's ru_maxrss) and whether the pairs are equal.

    .venv/bin/python benchmarks/mine_exact.py --n 100000      # about 15 minutes on 2 cores
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
from measure import load_average, print_table, run_worker

K, THRESHOLD = 4, 1.06


def worker(kind: str, data: Path, out: Path) -> None:
    start = time.perf_counter()
    if kind == "reference":
        import laser_reference

        src, tgt, scores = laser_reference.mine(laser_reference.load(str(data / "src.npy")),
                                                laser_reference.load(str(data / "tgt.npy")), K, THRESHOLD)
    else:
        from pipeline.config import MineConfig
        from pipeline.mining.mine import mine
        from pipeline.mining.vectors import Vectors

        cfg = MineConfig(k=K, threshold=THRESHOLD, min_cosine=-1.0, index={"kind": "flat"})
        pairs = mine(Vectors.from_files([data / "src.npy"]), Vectors.from_files([data / "tgt.npy"]), cfg).pairs
        src, tgt, scores = pairs.src, pairs.tgt, pairs.score
    np.savez(out, src=src, tgt=tgt, score=scores)
    print(json.dumps({"pairs": int(len(src)), "inner_s": round(time.perf_counter() - start, 1)}))


def compare(ours: Path, ref: Path) -> dict:
    a, b = np.load(ours), np.load(ref)
    pa = dict(zip(zip(a["src"].tolist(), a["tgt"].tolist()), a["score"].tolist()))
    pb = dict(zip(zip(b["src"].tolist(), b["tgt"].tolist()), b["score"].tolist()))
    common = pa.keys() & pb.keys()
    diff = max((abs(pa[p] - pb[p]) for p in common), default=0.0)
    return {"same_pairs": pa.keys() == pb.keys(), "only_ours": len(pa.keys() - pb.keys()),
            "only_reference": len(pb.keys() - pa.keys()), "max_score_diff": diff}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--data", type=Path, help="Directory with src.npy/tgt.npy [default: /tmp/bitext-synth-N].")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/mine_exact.json"))
    ap.add_argument("--worker", choices=["ours", "reference"], help=argparse.SUPPRESS)
    ap.add_argument("--pairs-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    data = args.data or Path(f"/tmp/bitext-synth-{args.n}")
    if args.worker:
        return worker(args.worker, data, args.pairs_out)
    if not (data / "tgt.npy").exists():
        from synthetic import generate

        generate(data, args.n)
    runs = {}
    for kind in ("ours", "reference"):
        load = load_average()
        runs[kind] = {**run_worker(Path(__file__), ["--worker", kind, "--data", str(data),
                                                    "--pairs-out", str(data / f"pairs-{kind}.npz")]),
                      "load_before": load}
    check = compare(data / "pairs-ours.npz", data / "pairs-reference.npz")
    n = len(np.load(data / "src.npy", mmap_mode="r"))
    print(f"\nExact mining, {n} x {n} float16 vectors (k={K}, ratio margin, max retrieval, threshold {THRESHOLD}); "
          f"2-core machine, load average before each run shown\n")
    print_table(["implementation", "wall (s)", "peak RSS (MiB)", "pairs", "load before"],
                [[kind, r["wall_s"], r["peak_rss_mib"], r["pairs"], r["load_before"]] for kind, r in runs.items()])
    ratio_t = runs["ours"]["wall_s"] / runs["reference"]["wall_s"]
    ratio_m = runs["ours"]["peak_rss_mib"] / runs["reference"]["peak_rss_mib"]
    print(f"\nours / reference: wall time {ratio_t:.2f}, peak memory {ratio_m:.2f}; same pairs: "
          f"{check['same_pairs']} (only ours {check['only_ours']}, only reference {check['only_reference']}), "
          f"max score difference {check['max_score_diff']:.2e}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"n": n, "k": K, "threshold": THRESHOLD, "runs": runs, "check": check,
                                    "time_ratio": ratio_t, "memory_ratio": ratio_m}, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
