"""LASER's retrievals, written once for every deciding score (a margin, or the learned quality).

A decision starts from each source's best target (`forward`) and each target's best source
(`backward`), given as positions into the candidate table; which "best" that is belongs to the
caller (margin scoring: the best of each row's own k neighbours, as LASER; learned scoring: the
best of all candidates). `retrieve` then applies the retrieval, the cosine floor, the threshold
and, for `max`, the greedy one-to-one selection.

`RETRIEVALS` is the one list of retrievals: config validation and CLI choices are read from it.
"""

from collections.abc import Callable
from typing import Protocol

import numpy as np

RETRIEVALS: dict[str, str] = {
    "forward": "each source sentence's best target",
    "backward": "each target sentence's best source",
    "intersect": "pairs that are each other's best, both ways",
    "max": "forward and backward together, taken best first, each sentence used once (LASER's default)",
}

_FOUND: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "forward": lambda fwd, bwd: fwd,
    "backward": lambda fwd, bwd: bwd,
    "intersect": np.intersect1d,
    "max": np.union1d,
}


class Candidates(Protocol):
    """Parallel arrays over candidates (`mine.Scored` is one)."""

    src: np.ndarray
    tgt: np.ndarray
    cosine: np.ndarray


def retrieve(candidates: Candidates, score: np.ndarray, forward: np.ndarray, backward: np.ndarray,
             retrieval: str = "max", threshold: float = -np.inf, min_cosine: float = -1.0,
             allowed: np.ndarray | None = None) -> np.ndarray:
    """Positions of the kept candidates, best `score` first.

    forward / backward: positions of each source's / target's best candidate. The retrieval's
    pairs with score >= threshold and cosine >= min_cosine (and `allowed`, when given: e.g. not
    near-copies) are kept; under `max` each sentence once.
    """
    if retrieval not in RETRIEVALS:
        raise ValueError(f"unknown retrieval {retrieval!r}; choose from {', '.join(RETRIEVALS)}")
    found = np.asarray(_FOUND[retrieval](np.asarray(forward, np.int64), np.asarray(backward, np.int64)), np.int64)
    ok = (candidates.cosine[found] >= min_cosine) & (score[found] >= threshold)
    found = found[ok if allowed is None else ok & allowed[found]]
    if retrieval == "max":
        return found[greedy_one_to_one(candidates.src[found], candidates.tgt[found], score[found], threshold)]
    return found[np.argsort(-score[found], kind="stable")]


def below_cap(margins: np.ndarray, score_max: float | None) -> np.ndarray | None:
    """Candidates whose margin is at most `score_max` (stopes' near-copy cap); None when uncapped."""
    return None if score_max is None else margins <= score_max


def best_per(owner: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Positions of each owner's best-scored candidate (owner: each candidate's source, or target)."""
    order = np.lexsort((-score, owner))
    _, first = np.unique(owner[order], return_index=True)
    return np.sort(order[first])


def positions_of(candidates: Candidates, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """Where each pair (src[i], tgt[i]) sits among the candidates; -1 where it is not one."""
    src, tgt = np.asarray(src, np.int64), np.asarray(tgt, np.int64)
    if len(candidates.src) == 0:
        return np.full(len(src), -1, np.int64)
    width = int(max(candidates.tgt.max(), tgt.max(initial=-1))) + 1
    keys = candidates.src.astype(np.int64) * width + candidates.tgt
    order = np.argsort(keys, kind="stable")
    wanted = src * width + tgt
    at = np.minimum(np.searchsorted(keys[order], wanted), len(keys) - 1)
    return np.where(keys[order][at] == wanted, order[at], -1)


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
