"""Model variants for the learned scorer, on the same tasks and split as benchmarks/calibrate.py.

The plain logistic model is what ships; this checks whether a richer model over the same
features does better on the held-out languages (it does not, within noise).

    .venv/bin/python benchmarks/scoring_variants.py
"""

import argparse
import json
import warnings
from pathlib import Path

import numpy as np
from calibrate import DATA, DEV, HELD, LANGS, prepare, threshold_grid
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from pipeline.encoders import get_encoder
from pipeline.evaluation.curves import best_shared_threshold, curve
from pipeline.evaluation.tatoeba_bucc import CachedEmbedder, tatoeba_bucc_tasks
from pipeline.mining.learned import select_learned

MODELS = {
    "logistic (shipped)": lambda: LogisticRegression(max_iter=3000),
    "logistic, standardised features": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000)),
    "logistic, pairwise products": lambda: make_pipeline(StandardScaler(), PolynomialFeatures(2),
                                                         LogisticRegression(max_iter=5000)),
    "MLP, 16 hidden units": lambda: make_pipeline(StandardScaler(), MLPClassifier(
        (16,), max_iter=500, random_state=0, early_stopping=True)),
}


def curves(model, prepared):
    out = []
    for p in prepared:
        pairs, quality = select_learned(p.ratio, model.predict_proba(p.features)[:, 1], threshold=-np.inf)
        out.append(curve(pairs.src, pairs.tgt, quality, p.item.task.gold))
    return out


def held_out_f1(make, prepared, dev, held) -> dict[str, float]:
    train = [p for p in prepared if p.item.lang in dev]
    model = make().fit(np.concatenate([p.features for p in train]), np.concatenate([p.labels for p in train]))
    fitted = curves(model, train)
    threshold, _ = best_shared_threshold(fitted, threshold_grid(fitted))
    return {lang: float(np.mean([c.at(threshold)[2] for c in curves(model, [p for p in prepared
                                                                           if p.item.lang == lang])]))
            for lang in held}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--encoder", default="muse")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("-k", type=int, default=4)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/scoring_variants.json"))
    args = ap.parse_args()
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    prepared = prepare(tatoeba_bucc_tasks(args.data, LANGS, [0, 1, 2]), CachedEmbedder(get_encoder(args.encoder)),
                       args.k)
    print(f"Learned-scorer variants, encoder {args.encoder}: held-out mean F1 (calibrated on {', '.join(DEV)}) "
          "and leave-one-language-out mean F1\n")
    print("| model | held-out mean | leave-one-out mean |\n|---|---:|---:|")
    report = {}
    for name, make in MODELS.items():
        split = held_out_f1(make, prepared, DEV, HELD)
        loo = {lang: held_out_f1(make, prepared, [x for x in LANGS if x != lang], [lang])[lang] for lang in LANGS}
        report[name] = {"held_out": split, "leave_one_out": loo}
        print(f"| {name} | {np.mean(list(split.values())):.3f} | {np.mean(list(loo.values())):.3f} |", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
