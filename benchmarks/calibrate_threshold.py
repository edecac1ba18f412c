"""Calibrate an encoder's default margin threshold and cosine floor on BUCC-style Tatoeba tasks.

For each language pair XXX-eng and each seed: keep 60% of the 1000 pairs, leave 20% of the
sentences on each side without their translation, add 4000 distractor English sentences
from the other pairs' English sides; mine with the pipeline's own code (k=4 ratio margin,
"max" retrieval, greedy one-to-one) and read precision, recall and F1 at every threshold.
The calibrated (threshold, cosine floor) maximises the mean F1 over all tasks.

    .venv/bin/python benchmarks/calibrate_threshold.py --encoder muse
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np

from pipeline.config import MineConfig
from pipeline.encoders import get_encoder
from pipeline.evaluation.bucc import build_task, curve
from pipeline.mining.mine import score, select

LANGS = ["deu", "fra", "spa", "rus", "cmn", "jpn"]
FLOORS = [-1.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
GRID = np.round(np.arange(0.90, 1.60, 0.001), 3)


def load_pairs(data: Path, lang: str) -> tuple[list[str], list[str]]:
    def read(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").splitlines()

    return read(data / f"tatoeba.{lang}-eng.{lang}"), read(data / f"tatoeba.{lang}-eng.eng")


class CachedEncoder:
    """Each distinct sentence embedded once across all tasks."""

    def __init__(self, name: str):
        self.encoder = get_encoder(name)
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.encoder.encode(missing)))
        return np.stack([self.cache[t] for t in texts])


def build_tasks(data: Path, langs: list[str], seeds: list[int], n_distractors: int):
    pairs = {lang: load_pairs(data, lang) for lang in LANGS}
    for lang in langs:
        others = [s for other in LANGS if other != lang for s in pairs[other][1]]
        for seed in seeds:
            yield lang, build_task(f"{lang}-eng", *pairs[lang], others, n_distractors=n_distractors, seed=seed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--encoder", default="muse")
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/tatoeba")
    ap.add_argument("--langs", nargs="+", default=LANGS)
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--distractors", type=int, default=4000)
    ap.add_argument("-k", type=int, default=4)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/calibration.json"))
    args = ap.parse_args()

    embed, t0 = CachedEncoder(args.encoder), time.time()
    runs = []  # (lang, task, {floor: curve})
    for lang, task in build_tasks(args.data, args.langs, args.seeds, args.distractors):
        scoring = score(embed(task.src), embed(task.tgt), MineConfig(k=args.k, index={"kind": "flat"}))
        curves = {}
        for floor in FLOORS:
            pairs = select(scoring, threshold=-np.inf, min_cosine=floor)
            curves[floor] = curve(pairs.src, pairs.tgt, pairs.score, task.gold)
        runs.append((lang, task, curves))

    def mean_f1(threshold: float, floor: float) -> float:
        return float(np.mean([c[floor].at(threshold)[2] for _, _, c in runs]))

    table = {floor: np.array([mean_f1(t, floor) for t in GRID]) for floor in FLOORS}
    floor = max(FLOORS, key=lambda f: table[f].max())
    threshold = float(GRID[int(np.argmax(table[floor]))])
    margin_only = float(GRID[int(np.argmax(table[-1.0]))])

    print(f"\nencoder {args.encoder}: margin threshold {threshold:.3f}, cosine floor {floor:.2f} "
          f"(max mean F1 over {len(runs)} tasks = {len(args.langs)} languages x {len(args.seeds)} seeds; "
          f"{time.time() - t0:.0f}s)")
    print(f"without a cosine floor the best threshold is {margin_only:.3f}, mean F1 {table[-1.0].max():.3f}\n")
    print("| pair | src | tgt | gold | P | R | F1 (defaults) | F1 (margin only) | best F1 | at |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for lang in args.langs:
        mine = [(t, c) for lg, t, c in runs if lg == lang]
        p, r, f = np.mean([c[floor].at(threshold) for _, c in mine], axis=0)
        f_margin = np.mean([c[-1.0].at(margin_only)[2] for _, c in mine])
        best = [c[floor].best() for _, c in mine]
        best_f1, best_t = float(np.mean([b[0] for b in best])), float(np.mean([b[1] for b in best]))
        task = mine[0][0]
        rows.append({"pair": task.name, "src": len(task.src), "tgt": len(task.tgt), "gold": len(task.gold),
                     "precision": p, "recall": r, "f1": f, "f1_margin_only": f_margin,
                     "best_f1": best_f1, "best_threshold": best_t})
        print(f"| {task.name} | {len(task.src)} | {len(task.tgt)} | {len(task.gold)} | {p:.3f} | {r:.3f} "
              f"| {f:.3f} | {f_margin:.3f} | {best_f1:.3f} | {best_t:.3f} |")
    mean = float(np.mean([r["f1"] for r in rows]))
    print(f"| mean | | | | | | {mean:.3f} | {np.mean([r['f1_margin_only'] for r in rows]):.3f} "
          f"| {np.mean([r['best_f1'] for r in rows]):.3f} | |")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "encoder": args.encoder, "k": args.k, "seeds": args.seeds, "distractors": args.distractors,
        "threshold": threshold, "min_cosine": floor, "mean_f1": mean,
        "margin_only_threshold": margin_only, "languages": rows}, indent=2) + "\n")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
