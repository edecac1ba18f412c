"""Gap alignment at scale: the time its three pure steps take (finding the gaps between anchors, listing their
candidates, the best path through each gap) on synthetic documents, without the encoder and the k-NN
searches that score the candidates (those are the merge step's own costs, one query per candidate span).

Documents of `--per-doc` sentences; each sentence is in a mined pair with chance `--mined` on both sides (the
same rows, so every gap is one of 1-`--max` sentences a side); scores are random.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/gap_scale.py --docs 50000 --out benchmarks/results/gap_scale.json
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np

from pipeline.mining.adjacent import Adjacency
from pipeline.mining.gaps import candidates, chosen_beads, gaps

OUT = Path(__file__).resolve().parent / "results" / "gap_scale.json"


def measure(n_docs: int, per_doc: int, mined: float, most: int, seed: int) -> dict:
    n = n_docs * per_doc
    adjacency = Adjacency.of(np.zeros(n, np.int64), np.repeat(np.arange(n_docs), per_doc),
                             np.tile(np.arange(per_doc), n_docs))
    rng = np.random.default_rng(seed)
    rows = np.flatnonzero(rng.random(n) < mined)
    spans = np.full((len(rows), 3), -1)
    spans[:, 0] = rows
    held = np.zeros(n, bool)
    held[rows] = True
    start = time.perf_counter()
    found = gaps(spans, spans, adjacency, adjacency, (held, held), most)
    listed = time.perf_counter()
    options, owner = candidates(found, adjacency, adjacency, (3, 3), 3)
    candidated = time.perf_counter()
    chosen_beads(options, owner, found, rng.random(len(owner)) + 0.5, rng.random(len(owner)), 1.0, 0.3)
    done = time.perf_counter()
    return {"sentences": n, "anchors": len(rows), "gaps": len(found), "candidates": len(owner),
            "gaps_s": round(listed - start, 2), "candidates_s": round(candidated - listed, 2),
            "paths_s": round(done - candidated, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=50000)
    parser.add_argument("--per-doc", type=int, default=20)
    parser.add_argument("--mined", type=float, default=0.7)
    parser.add_argument("--max", type=int, default=6, help="gap_max_sentences")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    row = measure(args.docs, args.per_doc, args.mined, args.max, args.seed)
    print("| " + " | ".join(row) + " |")
    print("|" + "---:|" * len(row))
    print("| " + " | ".join(str(v) for v in row.values()) + " |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "rows": [row]}, indent=2))


if __name__ == "__main__":
    main()
