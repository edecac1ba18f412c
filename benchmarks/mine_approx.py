"""Approximate mining of N x N precomputed embeddings, with recall measured against exact search.

Our miner runs in its own process on seeded synthetic float16 vectors (see synthetic.py) with
an approximate index (k=4, ratio margin, "max" retrieval, threshold 1.06); we report wall time
and peak resident memory. Recall: for a seeded sample of sources, each one's best target by
margin is found exactly (exact k-NN of the source against every target, and of each of those
targets against every source, for the margin's neighbourhood means); of the sample's exact
best pairs at or above the threshold, recall is the share the approximate run found as the
same best pair.

    .venv/bin/python benchmarks/mine_approx.py --n 1000000 --index ivf-pq [--set nlist=4096 --set refine=32]
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
from measure import load_average, print_table, run_worker

K, THRESHOLD = 4, 1.06


def ours(data: Path, out: Path, index: dict) -> None:
    from pipeline.config import MineConfig
    from pipeline.mining.mine import score, select
    from pipeline.mining.vectors import Vectors

    start = time.perf_counter()
    cfg = MineConfig(k=K, threshold=THRESHOLD, min_cosine=-1.0, index=index)
    scoring = score(Vectors.from_files([data / "src.npy"]), Vectors.from_files([data / "tgt.npy"]), cfg)
    pairs = select(scoring, THRESHOLD)
    f = scoring.forward
    np.savez(out, src=f.src, tgt=f.tgt, score=f.score)
    print(json.dumps({"pairs": len(pairs), "inner_s": round(time.perf_counter() - start, 1)}))


def exact_sample(src_files: list[Path], tgt_files: list[Path], out: Path, sample: int) -> None:
    """Exact best target by ratio margin for `sample` seeded sources, against the full target side."""
    from pipeline.mining.knn import exact_both_ways
    from pipeline.mining.margin import margin
    from pipeline.mining.vectors import Vectors

    src, tgt = Vectors.from_files(src_files), Vectors.from_files(tgt_files)
    rows = np.sort(np.random.default_rng(1).choice(len(src), sample, replace=False))
    fwd, _ = exact_both_ways(src.subset(rows), tgt, K, 1, 4096)
    targets = np.unique(fwd.ids)
    tgt_nb, _ = exact_both_ways(tgt.subset(targets), src, K, 1, 4096)
    tgt_mean = tgt_nb.mean[np.searchsorted(targets, fwd.ids)]
    scores = margin(fwd.sims, fwd.mean[:, None], tgt_mean, "ratio")
    best = scores.argmax(axis=1)
    np.savez(out, src=rows, tgt=fwd.ids[np.arange(len(rows)), best], score=scores[np.arange(len(rows)), best])
    print(json.dumps({"sample": sample}))


def recall(approx: Path, exact: Path) -> dict:
    a, e = np.load(approx), np.load(exact)
    found = dict(zip(a["src"].tolist(), zip(a["tgt"].tolist(), a["score"].tolist())))
    above = e["score"] >= THRESHOLD
    hits = [found.get(s, (-1, 0))[0] == t for s, t in zip(e["src"][above].tolist(), e["tgt"][above].tolist())]
    return {"exact_pairs_above_threshold": int(above.sum()), "recovered": int(sum(hits)),
            "recall": float(np.mean(hits)) if hits else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--data", type=Path, help="Directory with src.npy/tgt.npy [default: /tmp/bitext-synth-N].")
    ap.add_argument("--index", default="ivf-pq", choices=["ivf-flat", "ivf-pq", "hnsw"])
    ap.add_argument("--nprobe", type=int, default=64)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="Another mine.index setting, e.g. --set opq=false --set nlist=4096 (repeatable).")
    ap.add_argument("--threads", type=int, help="faiss threads in the miner [default: faiss's own].")
    ap.add_argument("--sample", type=int, default=1000, help="Sources searched exactly for the recall.")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/mine_approx.json"))
    ap.add_argument("--worker", choices=["ours", "exact"], help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    data = args.data or Path(f"/tmp/bitext-synth-{args.n}")
    index = {"kind": args.index, "nprobe": args.nprobe, **dict(kv.split("=", 1) for kv in args.set)}
    if args.worker == "ours":
        if args.threads:
            import faiss

            faiss.omp_set_num_threads(args.threads)
        return ours(data, args.result, index)
    if args.worker == "exact":
        return exact_sample([data / "src.npy"], [data / "tgt.npy"], args.result, args.sample)
    if not (data / "tgt.npy").exists():
        from synthetic import generate

        generate(data, args.n)
    common = ["--data", str(data), "--index", args.index, "--nprobe", str(args.nprobe), "--sample", str(args.sample),
              *(a for kv in args.set for a in ("--set", kv)),
              *(["--threads", str(args.threads)] if args.threads else [])]
    load = load_average()
    run = {**run_worker(Path(__file__), ["--worker", "ours", "--result", str(data / "approx.npz"), *common]),
           "load_before": load, "load_after": load_average()}
    run_worker(Path(__file__), ["--worker", "exact", "--result", str(data / "exact-sample.npz"), *common])
    check = recall(data / "approx.npz", data / "exact-sample.npz")
    n = len(np.load(data / "src.npy", mmap_mode="r"))
    print(f"\nApproximate mining, {n} x {n} float16 vectors, index {args.index} ({index}; k={K}, "
          f"ratio margin, max retrieval, threshold {THRESHOLD})\n")
    print_table(["index", "wall (s)", "peak RSS (MiB)", "pairs", "recall vs exact (sample)", "load before / after"],
                [[args.index, run["wall_s"], run["peak_rss_mib"], run["pairs"],
                  f"{check['recall']:.3f} ({check['recovered']}/{check['exact_pairs_above_threshold']})",
                  f"{run['load_before']} / {run['load_after']}"]])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"n": n, "index": index, "run": run, "recall": check}, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
