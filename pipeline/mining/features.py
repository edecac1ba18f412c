"""Pair features for re-scoring mined candidates: what the margin alone does not see.

The margin compares a candidate with each side's neighbourhood; these features add how far
it stands above its best competitor on each side, and surface cues that translations share
(length, end punctuation, numbers). All are computed from the candidate table and the texts,
so re-scoring costs no extra search.
"""

import numpy as np

from pipeline.mining.cues import end_punct, same_numbers
from pipeline.mining.margin import MARGINS

FEATURES = ("cosine", "ratio_margin", "distance_margin", "gap_src", "gap_tgt", "gap_min",
            "length_ratio_dev", "same_end_punct", "same_numbers")


def _gap(owner: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Each candidate's distance margin minus that of the best other candidate of the same owner.

    Without a competitor the lead is the margin itself (the competitor counts as 0)."""
    order = np.lexsort((-dist, owner))
    sorted_owner = owner[order]
    first = np.r_[True, sorted_owner[1:] != sorted_owner[:-1]]
    starts = np.flatnonzero(first)
    group = np.cumsum(first) - 1
    best = dist[order][starts]
    sizes = np.diff(np.r_[starts, len(order)])
    second = np.where(sizes > 1, dist[order][np.minimum(starts + 1, len(order) - 1)], 0.0)
    is_best = np.zeros(len(order), dtype=bool)
    is_best[starts] = True
    competitor = np.where(is_best, second[group], best[group])
    gap = np.empty(len(order), dtype=np.float64)
    gap[order] = dist[order] - competitor
    return gap


def pair_features(src: np.ndarray, tgt: np.ndarray, cosine: np.ndarray, src_mean: np.ndarray,
                  tgt_mean: np.ndarray, src_texts: list[str], tgt_texts: list[str]) -> np.ndarray:
    """(n_candidates, len(FEATURES)) for candidates (src[i], tgt[i]); means are per-row kNN means."""
    cosine = cosine.astype(np.float64)
    avg = (src_mean[src] + tgt_mean[tgt]) / 2
    ratio, dist = MARGINS["ratio"].score(cosine, avg), MARGINS["distance"].score(cosine, avg)
    gap_src, gap_tgt = _gap(src, dist), _gap(tgt, dist)
    log_len = np.log1p([len(src_texts[i]) for i in src]) - np.log1p([len(tgt_texts[j]) for j in tgt])
    confident = dist >= np.quantile(dist, 0.9) if len(dist) else dist.astype(bool)
    length_dev = np.abs(log_len - (np.median(log_len[confident]) if confident.any() else 0.0))
    same_punct = [end_punct(src_texts[i]) == end_punct(tgt_texts[j]) for i, j in zip(src, tgt)]
    same_numbers = [_numbers_agree(src_texts[i], tgt_texts[j]) for i, j in zip(src, tgt)]
    return np.column_stack([cosine, ratio, dist, gap_src, gap_tgt, np.minimum(gap_src, gap_tgt),
                            length_dev, np.asarray(same_punct, float), np.asarray(same_numbers, float)])


def _numbers_agree(a: str, b: str) -> float:
    """1 if both sides carry the same numbers, 0 if they differ, 0.5 if neither has any.

    Same numbers as the `numbers_differ` pair filter reads (pipeline/mining/cues.py)."""
    same = same_numbers(a, b)
    return 0.5 if same is None else float(same)
