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


def _best_of(owner: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Positions of each owner's best-scored candidate."""
    order = np.lexsort((-score, owner))
    _, first = np.unique(owner[order], return_index=True)
    return np.sort(order[first])


def _retrieve(src: np.ndarray, tgt: np.ndarray, score: np.ndarray, retrieval: str) -> np.ndarray:
    """LASER's retrievals by `score`: each source's best (forward), each target's best (backward),
    pairs that are both (intersect), or the union (max)."""
    forward, backward = _best_of(src, score), _best_of(tgt, score)
    if retrieval == "forward":
        return forward
    if retrieval == "backward":
        return backward
    if retrieval == "intersect":
        return np.intersect1d(forward, backward)
    return np.union1d(forward, backward)


def select_learned(scoring: Scoring, quality: np.ndarray, threshold: float, min_cosine: float = -1.0,
                   retrieval: str = "max") -> tuple[Scored, np.ndarray]:
    """The retrieval's pairs by `quality` (max: greedy one-to-one), best first; returns pairs and their quality."""
    c = scoring.candidates
    found = _retrieve(c.src, c.tgt, quality, retrieval)
    found = found[(c.cosine[found] >= min_cosine) & (quality[found] >= threshold)]
    if retrieval == "max":
        kept = found[greedy_one_to_one(c.src[found], c.tgt[found], quality[found], threshold)]
    else:
        kept = found[np.argsort(-quality[found], kind="stable")]
    return c.take(kept), quality[kept]
