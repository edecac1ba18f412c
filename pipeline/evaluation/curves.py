"""Precision, recall and F1 of a ranked list of pairs at every threshold."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Curve:
    """P/R/F1 of the top-n pairs for every n (pairs sorted by score, best first)."""

    thresholds: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray

    def at(self, threshold: float) -> tuple[float, float, float]:
        """(precision, recall, F1) when keeping pairs with score >= threshold."""
        n = int(np.searchsorted(-self.thresholds, -threshold, side="right"))
        if n == 0:
            return 0.0, 0.0, 0.0
        return float(self.precision[n - 1]), float(self.recall[n - 1]), float(self.f1[n - 1])

    def best(self) -> tuple[float, float]:
        """(best F1, the threshold that gives it)."""
        if not len(self.f1):
            return 0.0, float("inf")
        i = int(np.argmax(self.f1))
        return float(self.f1[i]), float(self.thresholds[i])


def curve(src: np.ndarray, tgt: np.ndarray, scores: np.ndarray, gold: frozenset[tuple[int, int]]) -> Curve:
    order = np.argsort(-scores, kind="stable")
    hits = np.fromiter(((int(src[i]), int(tgt[i])) in gold for i in order), dtype=bool, count=len(order))
    correct = np.cumsum(hits)
    n = np.arange(1, len(order) + 1)
    precision = correct / n
    recall = correct / max(len(gold), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(correct > 0, 2 * precision * recall / (precision + recall), 0.0)
    return Curve(scores[order], precision, recall, f1)


def best_shared_threshold(curves: list[Curve], candidates: np.ndarray) -> tuple[float, float]:
    """The threshold among `candidates` with the highest mean F1 over `curves`, and that mean."""
    means = np.array([np.mean([c.at(t)[2] for c in curves]) for t in candidates])
    i = int(np.argmax(means))
    return float(candidates[i]), float(means[i])
