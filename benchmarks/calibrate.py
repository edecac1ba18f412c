"""Calibrate an encoder's mining defaults on BUCC-style Tatoeba tasks, and compare scorings.

Tasks: for each XXX-eng pair of the Tatoeba data and each seed, 60% of the pairs kept as
gold, 20% of the sentences on each side left without their translation, 4000 distractor
English sentences from the other pairs' English sides (pipeline/evaluation/tatoeba_bucc.py).

Scorings, all with the pipeline's own mining code (k=4 neighbours, "max" retrieval, greedy
one-to-one):
  ratio margin             the plain margin (Artetxe & Schwenk 2019), no cosine floor
  ratio margin + floor     the same with a cosine floor, both calibrated
  distance margin          cosine minus the neighbourhood mean
  learned                  logistic re-scoring of the candidates (pipeline/mining/learned.py), with an
                           absolute cosine floor
  learned + relative floor the same, with the floor relative to each pair's own cosine level
                           (pipeline/mining/level.py); the absolute floor applies where the level is
                           not measured (too few confident pairs)

Each threshold (and the learned model) is fitted on the development languages only and
checked on the held-out ones; a leave-one-language-out pass repeats that for every language.

    .venv/bin/python benchmarks/calibrate.py --encoder muse [--write-defaults]
"""

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.config import MineConfig
from pipeline.encoders import get_encoder
from pipeline.encoders.calibration import write_calibration
from pipeline.evaluation.curves import Curve, best_shared_threshold, curve
from pipeline.evaluation.tatoeba_bucc import CachedEmbedder, LangTask, tatoeba_bucc_tasks
from pipeline.mining.learned import candidate_features, confident_level, select_learned
from pipeline.mining.level import cosine_floor
from pipeline.mining.mine import Scoring, score, select
from pipeline.mining.scorer import LinearScorer

LANGS = ["deu", "fra", "spa", "rus", "cmn", "jpn"]
DEV, HELD = ["deu", "rus", "cmn"], ["fra", "spa", "jpn"]
FLOORS = [0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60]
OFFSETS = [0.16, 0.18, 0.20, 0.22, 0.24, 0.26, 0.28, 0.30, 0.32, 0.35, 0.40]   # relative floors: below the level
FLOOR_COST = 0.006   # development F1 a cosine floor may cost
DATA = Path(__file__).resolve().parents[2] / "shared/data/tatoeba"


@dataclass
class Prepared:
    """One task with its search done once for every scoring."""

    item: LangTask
    ratio: Scoring
    distance: Scoring
    features: np.ndarray
    labels: np.ndarray


def prepare(tasks: list[LangTask], embed, k: int) -> list[Prepared]:
    out = []
    for item in tasks:
        x, y = embed(item.task.src), embed(item.task.tgt)
        ratio, distance = (score(x, y, MineConfig(k=k, margin=m)) for m in ("ratio", "distance"))
        c = ratio.candidates
        labels = np.fromiter(((int(s), int(t)) in item.task.gold for s, t in zip(c.src, c.tgt)), bool, len(c))
        out.append(Prepared(item, ratio, distance, candidate_features(ratio, item.task.src, item.task.tgt), labels))
    return out


def margin_curves(prepared: list[Prepared], kind: str, floor: float) -> list[Curve]:
    curves = []
    for p in prepared:
        pairs = select(getattr(p, kind), threshold=-np.inf, min_cosine=floor)
        curves.append(curve(pairs.src, pairs.tgt, pairs.score, p.item.task.gold))
    return curves


def learned_curves(prepared: list[Prepared], scorer: LinearScorer, floor: float = -1.0,
                   offset: float | None = None) -> list[Curve]:
    """With `offset`, each task's floor is its own level minus it (`floor` where the level is not measured),
    found by the pipeline's own code."""
    rule = MineConfig(min_cosine=floor, relative_floor=offset)
    curves = []
    for p in prepared:
        quality = scorer.probability(p.features)
        task_floor = cosine_floor(rule, confident_level(p.ratio.candidates, quality))
        pairs, quality = select_learned(p.ratio, quality, threshold=-np.inf, min_cosine=task_floor)
        curves.append(curve(pairs.src, pairs.tgt, quality, p.item.task.gold))
    return curves


def threshold_grid(curves: list[Curve]) -> np.ndarray:
    values = np.unique(np.concatenate([c.thresholds for c in curves]))
    return np.unique(np.quantile(values, np.linspace(0, 1, 2000)))


def safest_floor(fits: list[dict]) -> dict:
    """The highest cosine floor that costs at most FLOOR_COST of development F1.

    On Tatoeba a floor barely matters, but in small or noisy corpora neighbourhoods are
    sparse and unrelated sentences score high relative to them; a floor that is nearly free
    on the benchmark is insurance there. FLOOR_COST is the smallest tolerance at which the
    learned scorer's floor keeps sample_data's related-but-not-translated sentences out
    (cosine 0.47; README, "How the defaults are calibrated").
    """
    best = max(f["train_f1"] for f in fits)
    return max((f for f in fits if f["train_f1"] >= best - FLOOR_COST), key=lambda f: f["min_cosine"])


def fit_method(method: str, train: list[Prepared]) -> dict:
    """Everything a method learns from its training tasks: threshold, floor, model."""
    floors = [-1.0] + FLOORS if method != "ratio margin" and method != "distance margin" else [-1.0]
    if method.startswith("learned"):
        scorer = LinearScorer.fit(np.concatenate([p.features for p in train]),
                                  np.concatenate([p.labels for p in train]))
        curves_at = {floor: learned_curves(train, scorer, floor) for floor in floors}
    else:
        kind = "distance" if method == "distance margin" else "ratio"
        curves_at = {floor: margin_curves(train, kind, floor) for floor in floors}
    fits = []
    for floor, curves in curves_at.items():
        t, f1 = best_shared_threshold(curves, threshold_grid(curves))
        fits.append({"threshold": t, "min_cosine": floor, "train_f1": f1})
    fit = safest_floor(fits)
    if method == "learned + relative floor":
        return {**fit_offset(train, scorer, fit["min_cosine"], max(f["train_f1"] for f in fits)), "scorer": scorer}
    return {**fit, "scorer": scorer, "relative_floor": None} if method.startswith("learned") else {**fit, "kind": kind}


def fit_offset(train: list[Prepared], scorer: LinearScorer, floor: float, best: float) -> dict:
    """The relative floor, by the rule of the absolute one (`safest_floor`): the smallest offset below each
    pair's level (the highest floor) whose development F1, as the only floor, is within FLOOR_COST of `best`
    (that of the best absolute floor or none). A run applies the lower of the two floors (`level.cosine_floor`),
    so the threshold is fitted with both."""
    fits = []
    for offset in OFFSETS:
        curves = learned_curves(train, scorer, 1.0, offset)   # min(1.0, level - offset): the relative floor alone
        fits.append({"relative_floor": offset, "train_f1": best_shared_threshold(curves, threshold_grid(curves))[1]})
    offset = min((f for f in fits if f["train_f1"] >= best - FLOOR_COST), key=lambda f: f["relative_floor"],
                 default=max(fits, key=lambda f: f["train_f1"]))["relative_floor"]
    curves = learned_curves(train, scorer, floor, offset)
    t, f1 = best_shared_threshold(curves, threshold_grid(curves))
    return {"threshold": t, "min_cosine": floor, "relative_floor": offset, "train_f1": f1}


def apply_method(method: str, fit: dict, test: list[Prepared]) -> list[Curve]:
    if method.startswith("learned"):
        return learned_curves(test, fit["scorer"], fit["min_cosine"], fit["relative_floor"])
    return margin_curves(test, fit["kind"], fit["min_cosine"])


METHODS = ["ratio margin", "ratio margin + floor", "distance margin", "learned", "learned + relative floor"]


def held_out(method: str, prepared: list[Prepared], dev: list[str], held: list[str]) -> tuple[dict, dict]:
    fit = fit_method(method, [p for p in prepared if p.item.lang in dev])
    scores = {}
    for lang in held:
        curves = apply_method(method, fit, [p for p in prepared if p.item.lang == lang])
        scores[lang] = {"f1": float(np.mean([c.at(fit["threshold"])[2] for c in curves])),
                        "precision": float(np.mean([c.at(fit["threshold"])[0] for c in curves])),
                        "recall": float(np.mean([c.at(fit["threshold"])[1] for c in curves])),
                        "best_f1": float(np.mean([c.best()[0] for c in curves]))}
    return fit, scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--encoder", default="muse")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("-k", type=int, default=4)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/calibration.json"))
    ap.add_argument("--write-defaults", action="store_true",
                    help="store the development-language calibration as the encoder's defaults")
    args = ap.parse_args()

    t0 = time.time()
    encoder = get_encoder(args.encoder)
    prepared = prepare(tatoeba_bucc_tasks(args.data, LANGS, args.seeds), CachedEmbedder(encoder), args.k)
    print(f"encoder {args.encoder}: {len(prepared)} tasks ({len(LANGS)} languages x {len(args.seeds)} seeds), "
          f"prepared in {time.time() - t0:.0f}s\n")

    report = {"encoder": args.encoder, "k": args.k, "seeds": args.seeds, "dev": DEV, "held_out": HELD,
              "split": {}, "leave_one_out": {}}
    print(f"Calibrated on {', '.join(DEV)}; F1 on held-out {', '.join(HELD)} at that calibration "
          "(best F1 any threshold gives there in brackets)\n")
    print("| scoring | threshold | cosine floor | dev F1 | " + " | ".join(HELD) + " | held-out mean | best |")
    print("|---|---:|---:|---:|" + "---:|" * (len(HELD) + 2))
    fits = {}
    for method in METHODS:
        fit, scores = held_out(method, prepared, DEV, HELD)
        fits[method] = fit
        mean, best = np.mean([s["f1"] for s in scores.values()]), np.mean([s["best_f1"] for s in scores.values()])
        floor = "-" if fit["min_cosine"] < -0.99 else f"{fit['min_cosine']:.2f}"
        if fit.get("relative_floor") is not None:
            floor = f"level - {fit['relative_floor']:.2f} ({floor})"
        print(f"| {method} | {fit['threshold']:.3f} | {floor} | {fit['train_f1']:.3f} | "
              + " | ".join(f"{scores[lang]['f1']:.3f}" for lang in HELD) + f" | {mean:.3f} | {best:.3f} |")
        report["split"][method] = {"threshold": fit["threshold"], "min_cosine": fit["min_cosine"],
                                   "relative_floor": fit.get("relative_floor"),
                                   "dev_f1": fit["train_f1"], "held_out": scores, "held_out_mean": mean,
                                   "held_out_best_mean": best}

    print("\nLeave one language out: each language scored with a calibration fitted on the other five\n")
    print("| scoring | " + " | ".join(LANGS) + " | mean |")
    print("|---|" + "---:|" * (len(LANGS) + 1))
    for method in METHODS:
        per_lang = {lang: held_out(method, prepared, [x for x in LANGS if x != lang], [lang])[1][lang]["f1"]
                    for lang in LANGS}
        mean = float(np.mean(list(per_lang.values())))
        print(f"| {method} | " + " | ".join(f"{per_lang[lang]:.3f}" for lang in LANGS) + f" | {mean:.3f} |")
        report["leave_one_out"][method] = {"per_language": per_lang, "mean": mean}

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=float) + "\n")
    print(f"\nwrote {args.out} ({time.time() - t0:.0f}s)")
    if args.write_defaults:
        margin_fit, learned_fit = fits["ratio margin + floor"], fits["learned + relative floor"]
        path = write_calibration(args.encoder, {
            "scoring": "learned",
            "margin": {"threshold": round(margin_fit["threshold"], 3), "min_cosine": margin_fit["min_cosine"]},
            "learned": {"threshold": round(learned_fit["threshold"], 3), "min_cosine": learned_fit["min_cosine"],
                        "relative_floor": learned_fit["relative_floor"],
                        **learned_fit["scorer"].to_dict()},
        }, how=f"benchmarks/calibrate.py --encoder {args.encoder}: fitted on {', '.join(DEV)} "
               f"(seeds {args.seeds}); held-out F1 on {', '.join(HELD)}: "
               f"learned {report['split']['learned + relative floor']['held_out_mean']:.3f} "
               f"(absolute floor only {report['split']['learned']['held_out_mean']:.3f}), "
               f"ratio margin + floor {report['split']['ratio margin + floor']['held_out_mean']:.3f}")
        print(f"wrote the defaults of {args.encoder} to {path}")


if __name__ == "__main__":
    main()
