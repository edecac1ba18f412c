"""Two costs of a search unit, apart: opening its index shard (read, or memory-mapped as the plan now
does, `index.load_index(mapped=True)`), and the coarse step (each query against every IVF centroid), which
every shard repeats. The shard is one a `mine_tasks.py` / `mine_scale.py` run left behind; the coarse step
is timed on seeded random centroids and queries, one thread, CPU seconds.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/search_parts.py \
        --shard /tmp/bitext-mine-tasks-1000000/indexes/hashing/de/ivf-pq-*/shard-0000.faiss [--lists 8192]
"""

import argparse
import json
import time
from pathlib import Path

import faiss
import numpy as np
from measure import print_table

from pipeline.mining.index import load_index


def open_seconds(shard: Path, mapped: bool, repeats: int) -> float:
    """Best of `repeats` (the file is in the page cache after the first)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        load_index(shard, mapped=mapped)
        times.append(time.perf_counter() - start)
    return min(times)


def coarse_us(lists: int, dim: int, queries: int, nprobe: int) -> float:
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(0)
    quantizer = faiss.IndexFlatIP(dim)
    quantizer.add(rng.standard_normal((lists, dim)).astype(np.float32))
    x = rng.standard_normal((queries, dim)).astype(np.float32)
    start = time.process_time()
    quantizer.search(x, nprobe)
    return 1e6 * (time.process_time() - start) / queries


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shard", type=Path, help="an index shard with its .xxh3 beside it")
    ap.add_argument("--lists", type=int, default=8192)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--queries", type=int, default=20_000)
    ap.add_argument("--nprobe", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/search_parts.json"))
    args = ap.parse_args()
    rows, result = [], {}
    if args.shard:
        size = args.shard.stat().st_size / 2**20
        for mapped in (False, True):
            seconds = open_seconds(args.shard, mapped, args.repeats)
            result["open_mapped_s" if mapped else "open_read_s"] = round(seconds, 3)
            rows.append([f"open a {size:.0f} MiB shard, {'mapped' if mapped else 'read'} (best of {args.repeats})",
                         f"{seconds:.2f} s"])
    us = coarse_us(args.lists, args.dim, args.queries, args.nprobe)
    result.update(coarse_us_per_query=round(us, 1), lists=args.lists, dim=args.dim)
    rows.append([f"coarse step, {args.lists} centroids x {args.dim} dims, nprobe {args.nprobe}, 1 thread",
                 f"{us:.1f} us a query"])
    print_table(["part", "cost"], rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
