"""Learned re-scoring: a logistic model over pair features, trained per encoder.

Like bicleaner's classifier, but over features every mining run has anyway (margins,
competitor gaps, length, punctuation, numbers). Its output is the estimated probability
that a candidate is a translation; the decision thresholds that probability.
"""

from dataclasses import dataclass

import numpy as np

from pipeline.mining.features import FEATURES, pair_features
from pipeline.mining.mine import Scored, Scoring
from pipeline.mining.selection import greedy_one_to_one


@dataclass(frozen=True)
class LinearScorer:
    weights: tuple[float, ...]    # one per name in FEATURES
    bias: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        logits = features @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    @classmethod
    def fit(cls, features: np.ndarray, labels: np.ndarray) -> "LinearScorer":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(max_iter=3000).fit(features, labels)
        return cls(tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0]))

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "weights": [round(w, 6) for w in self.weights],
                "bias": round(self.bias, 6)}

    @classmethod
    def from_dict(cls, data: dict) -> "LinearScorer":
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"scorer was trained on features {data['features']}, this version has {FEATURES}")
        return cls(tuple(data["weights"]), data["bias"])


def candidate_features(scoring: Scoring, src_texts: list[str], tgt_texts: list[str]) -> np.ndarray:
    c = scoring.candidates
    return pair_features(c.src, c.tgt, c.cosine, scoring.src_mean, scoring.tgt_mean, src_texts, tgt_texts)


def _best_per_side(src: np.ndarray, tgt: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Positions of each source's and each target's best-scored candidate ("max" retrieval)."""
    picks = []
    for owner in (src, tgt):
        order = np.lexsort((-score, owner))
        _, first = np.unique(owner[order], return_index=True)
        picks.append(order[first])
    return np.unique(np.concatenate(picks))


def select_learned(scoring: Scoring, quality: np.ndarray, threshold: float,
                   min_cosine: float = -1.0) -> tuple[Scored, np.ndarray]:
    """Greedy one-to-one pairs among each side's best candidate by `quality`; returns pairs and their quality."""
    c = scoring.candidates
    best = _best_per_side(c.src, c.tgt, quality)
    best = best[c.cosine[best] >= min_cosine]
    kept = best[greedy_one_to_one(c.src[best], c.tgt[best], quality[best], threshold)]
    return c.take(kept), quality[kept]
