"""Mining two sets of normalised embeddings: kNN both ways, margin, candidates, selection."""

from dataclasses import dataclass

import numpy as np

from pipeline.errors import BitextError
from pipeline.mining.knn import knn
from pipeline.mining.margin import margin
from pipeline.mining.selection import best_per_row, greedy_one_to_one


@dataclass(frozen=True)
class Scored:
    """Parallel arrays: row indices into the source and target sets, margin and cosine."""

    src: np.ndarray
    tgt: np.ndarray
    score: np.ndarray
    cosine: np.ndarray

    def take(self, positions: np.ndarray) -> "Scored":
        return Scored(self.src[positions], self.tgt[positions], self.score[positions], self.cosine[positions])

    def __len__(self) -> int:
        return len(self.src)


@dataclass(frozen=True)
class Scoring:
    """Everything the decision needs, computed once: re-selecting at another threshold is cheap."""

    candidates: Scored   # every kNN candidate of either direction, each (src, tgt) once, best first
    best: Scored         # each source's best target and each target's best source ("max" retrieval)
    src_mean: np.ndarray  # mean cosine of each source to its k nearest targets
    tgt_mean: np.ndarray  # mean cosine of each target to its k nearest sources


@dataclass(frozen=True)
class MiningResult:
    candidates: Scored   # scores before any keep/drop decision
    pairs: Scored        # one-to-one selection above the thresholds, best first
    quality: np.ndarray | None = None             # learned quality of each pair (learned scoring only)
    candidate_quality: np.ndarray | None = None   # learned quality of each candidate (learned scoring only)


def score(src: np.ndarray, tgt: np.ndarray, k: int = 4, kind: str = "ratio") -> Scoring:
    """kNN in both directions and the margin of every candidate."""
    check_embeddings(src, tgt)
    x2y_sim, x2y_ind = knn(src, tgt, k)
    y2x_sim, y2x_ind = knn(tgt, src, k)
    src_mean, tgt_mean = x2y_sim.mean(axis=1), y2x_sim.mean(axis=1)
    fwd_score = margin(x2y_sim, src_mean[:, None], tgt_mean[x2y_ind], kind)
    bwd_score = margin(y2x_sim, tgt_mean[:, None], src_mean[y2x_ind], kind)

    src_rows, tgt_rows = np.arange(len(src)), np.arange(len(tgt))
    candidates = _union(
        Scored(np.repeat(src_rows, x2y_ind.shape[1]), x2y_ind.ravel(), fwd_score.ravel(), x2y_sim.ravel()),
        Scored(y2x_ind.ravel(), np.repeat(tgt_rows, y2x_ind.shape[1]), bwd_score.ravel(), y2x_sim.ravel()),
        n_tgt=len(tgt))
    fwd_best, fwd_best_score, fwd_best_cos = best_per_row(x2y_ind, fwd_score, x2y_sim)
    bwd_best, bwd_best_score, bwd_best_cos = best_per_row(y2x_ind, bwd_score, y2x_sim)
    best = Scored(np.concatenate([src_rows, bwd_best]), np.concatenate([fwd_best, tgt_rows]),
                  np.concatenate([fwd_best_score, bwd_best_score]), np.concatenate([fwd_best_cos, bwd_best_cos]))
    return Scoring(candidates, best, src_mean, tgt_mean)


def select(scoring: Scoring, threshold: float, min_cosine: float = -1.0) -> Scored:
    """Greedy one-to-one pairs among the best matches with margin >= threshold and cosine >= min_cosine."""
    eligible = scoring.best.take(np.flatnonzero(scoring.best.cosine >= min_cosine))
    return eligible.take(greedy_one_to_one(eligible.src, eligible.tgt, eligible.score, threshold))


def mine(src: np.ndarray, tgt: np.ndarray, k: int = 4, threshold: float = 1.06,
         kind: str = "ratio", min_cosine: float = -1.0) -> MiningResult:
    scoring = score(src, tgt, k, kind)
    return MiningResult(scoring.candidates, select(scoring, threshold, min_cosine))


def _union(a: Scored, b: Scored, n_tgt: int) -> Scored:
    """Candidates found in either direction, each (src, tgt) once, best score first."""
    src = np.concatenate([a.src, b.src]).astype(np.int64)
    tgt = np.concatenate([a.tgt, b.tgt]).astype(np.int64)
    _, first = np.unique(src * n_tgt + tgt, return_index=True)
    merged = Scored(src[first], tgt[first], np.concatenate([a.score, b.score])[first],
                    np.concatenate([a.cosine, b.cosine])[first])
    return merged.take(np.argsort(-merged.score, kind="stable"))


def check_embeddings(src: np.ndarray, tgt: np.ndarray) -> None:
    """Refuse inputs that would silently give meaningless scores."""
    for side, emb in (("source", src), ("target", tgt)):
        if emb.ndim != 2 or len(emb) == 0:
            raise BitextError(f"{side} side has no sentences to mine")
        if not np.isfinite(emb).all():
            raise BitextError(f"{side} embeddings contain NaN or infinite values")
    if src.shape[1] != tgt.shape[1]:
        raise BitextError(f"embedding dimensions differ: source {src.shape[1]}, target {tgt.shape[1]}")
