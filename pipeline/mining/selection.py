"""One-to-one selection for LASER's "max" retrieval: candidates taken best first, each sentence once."""

import numpy as np


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
