"""The plain numpy + faiss implementation of LASER's mine_bitexts that our miner is measured against.

Everything in RAM: both sides loaded as float32, one flat inner-product index per side,
k-NN each way, ratio margin of every candidate, "max" retrieval with greedy one-to-one
selection (LASER's `mine_bitexts.py`, with the candidate scores taken from the search
instead of recomputed one dot product at a time, which only makes it faster).
"""

import faiss
import numpy as np


def load(path: str) -> np.ndarray:
    x = np.load(path).astype(np.float32)
    faiss.normalize_L2(x)
    return x


def knn(x: np.ndarray, y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    index = faiss.IndexFlatIP(y.shape[1])
    index.add(y)
    return index.search(x, k)


def mine(x: np.ndarray, y: np.ndarray, k: int, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(source rows, target rows, margins) of the mined pairs, best first."""
    x2y_sim, x2y_ind = knn(x, y, k)
    y2x_sim, y2x_ind = knn(y, x, k)
    x2y_mean, y2x_mean = x2y_sim.mean(1), y2x_sim.mean(1)
    fwd_scores = x2y_sim / ((x2y_mean[:, None] + y2x_mean[x2y_ind]) / 2)
    bwd_scores = y2x_sim / ((y2x_mean[:, None] + x2y_mean[y2x_ind]) / 2)
    fwd_best = x2y_ind[np.arange(len(x)), fwd_scores.argmax(axis=1)]
    bwd_best = y2x_ind[np.arange(len(y)), bwd_scores.argmax(axis=1)]
    src = np.concatenate([np.arange(len(x)), bwd_best])
    tgt = np.concatenate([fwd_best, np.arange(len(y))])
    scores = np.concatenate([fwd_scores.max(axis=1), bwd_scores.max(axis=1)])
    seen_src, seen_tgt, kept = set(), set(), []
    for i in np.argsort(-scores, kind="stable"):
        if scores[i] < threshold:
            break
        if src[i] not in seen_src and tgt[i] not in seen_tgt:
            seen_src.add(src[i])
            seen_tgt.add(tgt[i])
            kept.append(i)
    return src[kept], tgt[kept], scores[kept]
