"""Turning scored candidates into pairs: LASER's "max" retrieval with greedy one-to-one selection."""

import numpy as np


def best_per_row(ind: np.ndarray, scores: np.ndarray,
                 sims: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each query, the neighbour with the highest score: its index, score and cosine."""
    col = scores.argmax(axis=1)
    rows = np.arange(len(ind))
    return ind[rows, col], scores[rows, col], sims[rows, col]


def greedy_one_to_one(src: np.ndarray, tgt: np.ndarray, scores: np.ndarray,
                      threshold: float) -> np.ndarray:
    """Positions of the pairs kept when taking candidates best-first, each side used at most once.

    Candidates below `threshold` are never taken, so the loop stops at the first of them.
    """
    order = np.argsort(-scores, kind="stable")
    used_src: set[int] = set()
    used_tgt: set[int] = set()
    kept = []
    for pos in order:
        if scores[pos] < threshold:
            break
        s, t = int(src[pos]), int(tgt[pos])
        if s in used_src or t in used_tgt:
            continue
        used_src.add(s)
        used_tgt.add(t)
        kept.append(pos)
    return np.asarray(kept, dtype=np.int64)
