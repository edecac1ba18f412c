"""Seeded synthetic sentence embeddings with the structure mining meets in real crawls.

Each side is a set of unit vectors built from "meanings": a meaning belongs to one of many
topics of Zipf-distributed size (so neighbourhoods are dense in places and hubs exist),
every vector shares a common direction (the anisotropy of real sentence encoders) and a
direction of its own language, and carries its own noise. A translation pair is the same
meaning rendered on both sides with independent noise of varying strength, so some pairs
are easy and some are barely above their neighbourhood; the other sentences of each side
have no translation at all. Stored as float16 .npy, written in chunks.

    .venv/bin/python benchmarks/synthetic.py --n 100000 --out /tmp/bitext-synth-100k
"""

import argparse
import json
from pathlib import Path

import numpy as np

CHUNK = 50_000


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def generate(out: Path, n: int, dim: int = 512, paired: float = 0.5, topics: int | None = None,
             seed: int = 0, part_rows: int | None = None) -> dict:
    """Write `src.npy`, `tgt.npy` (n rows each, float16) and `gold.npy` (planted (src, tgt) rows).

    With `part_rows`, each side is written as `src-00000.npy`, ... of that many rows instead (the same
    vectors), which a benchmark can move into sentence shards rather than copy (10M rows: 10 GB a side)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    topics = topics or max(16, n // 250)
    common, *langs = _unit(rng.standard_normal((3, dim)))
    centres = _unit(rng.standard_normal((topics, dim)))
    weights = 1.0 / np.arange(1, topics + 1) ** 0.8
    weights /= weights.sum()
    n_pairs = int(paired * n)
    planted_topic = rng.choice(topics, size=n_pairs, p=weights)
    planted_core = np.concatenate([rng.standard_normal((min(CHUNK, n_pairs - s), dim), dtype=np.float32)
                                   for s in range(0, n_pairs, CHUNK)]).astype(np.float16)
    perms = [rng.permutation(n) for _ in langs]   # row of each sentence; planted meanings first
    gold = np.stack([perm[:n_pairs] for perm in perms], axis=1)
    for side, (name, lang, perm) in enumerate(zip(("src", "tgt"), langs, perms)):
        meaning = np.empty(n, np.int64)
        meaning[perm] = np.arange(n)              # meaning >= n_pairs: this side only
        parts = _open_parts(out, name, n, dim, part_rows)
        for start in range(0, n, CHUNK):
            m = meaning[start:start + CHUNK]
            chunk_rng = np.random.default_rng([seed, side, start])
            core = chunk_rng.standard_normal((len(m), dim), dtype=np.float32)
            topic = chunk_rng.choice(topics, size=len(m), p=weights)
            planted = m < n_pairs
            core[planted] = planted_core[m[planted]]
            topic[planted] = planted_topic[m[planted]]
            rendered = _render(core, centres[topic], common, lang, chunk_rng)
            for first, arr in parts:
                lo, hi = max(start, first), min(start + len(m), first + len(arr))
                if lo < hi:
                    arr[lo - first:hi - first] = rendered[lo - start:hi - start]
        for _, arr in parts:
            arr.flush()
        del parts
    np.save(out / "gold.npy", gold)
    meta = {"n": n, "dim": dim, "paired": paired, "topics": topics, "seed": seed, "gold_pairs": n_pairs}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def _open_parts(out: Path, name: str, n: int, dim: int, part_rows: int | None) -> list[tuple[int, np.ndarray]]:
    """(first row, writable memory map) of each file of a side: one `{name}.npy`, or one per `part_rows` rows."""
    if not part_rows:
        return [(0, np.lib.format.open_memmap(out / f"{name}.npy", mode="w+", dtype=np.float16, shape=(n, dim)))]
    return [(first, np.lib.format.open_memmap(out / f"{name}-{i:05d}.npy", mode="w+", dtype=np.float16,
                                              shape=(min(part_rows, n - first), dim)))
            for i, first in enumerate(range(0, n, part_rows))]


def _render(core, centre, common, lang, rng) -> np.ndarray:
    """Unit vectors: meaning (topic + its own core) + common + language direction + own noise."""
    meaning = _unit(1.1 * centre + _unit(core))
    noise = _unit(rng.standard_normal(core.shape, dtype=np.float32))
    noise_scale = rng.uniform(0.5, 1.3, size=(len(core), 1)).astype(np.float32)
    return _unit(meaning + 0.45 * common + 0.35 * lang + noise_scale * noise).astype(np.float16)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, required=True, help="Sentences per side.")
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(generate(args.out, args.n, args.dim, seed=args.seed))


if __name__ == "__main__":
    main()
