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


def gap(owner: np.ndarray, dist: np.ndarray) -> np.ndarray:
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
    local = local_features(cosine, src_mean[src], tgt_mean[tgt], [src_texts[i] for i in src],
                           [tgt_texts[j] for j in tgt])
    dist = local["distance_margin"]
    return assemble(local, gap(src, dist), gap(tgt, dist), length_centre(dist, local["log_len"]))


def local_features(cosine: np.ndarray, src_mean: np.ndarray, tgt_mean: np.ndarray, src_texts: list[str],
                   tgt_texts: list[str]) -> dict[str, np.ndarray]:
    """What each candidate's features need of itself alone (its cosine, both means, both texts): a task
    plan computes these per candidate run, then the competitor gaps and the length centre over all runs."""
    cosine = cosine.astype(np.float64)
    avg = (src_mean + tgt_mean) / 2
    return {"cosine": cosine, "ratio_margin": MARGINS["ratio"].score(cosine, avg),
            "distance_margin": MARGINS["distance"].score(cosine, avg),
            "log_len": np.log1p([len(s) for s in src_texts]) - np.log1p([len(t) for t in tgt_texts]),
            "same_end_punct": np.asarray([end_punct(a) == end_punct(b) for a, b in zip(src_texts, tgt_texts)], float),
            "same_numbers": np.asarray([_numbers_agree(a, b) for a, b in zip(src_texts, tgt_texts)], float)}


def length_centre(dist: np.ndarray, log_len: np.ndarray) -> float:
    """The usual log length ratio of a pair: its median over the most confident tenth of all candidates."""
    confident = dist >= np.quantile(dist, 0.9) if len(dist) else dist.astype(bool)
    return float(np.median(log_len[confident])) if confident.any() else 0.0


def assemble(local: dict[str, np.ndarray], gap_src: np.ndarray, gap_tgt: np.ndarray, centre: float) -> np.ndarray:
    """The feature matrix, columns in FEATURES order."""
    return np.column_stack([local["cosine"], local["ratio_margin"], local["distance_margin"], gap_src, gap_tgt,
                            np.minimum(gap_src, gap_tgt), np.abs(local["log_len"] - centre),
                            local["same_end_punct"], local["same_numbers"]])


def gap_from_top2(owner: np.ndarray, dist: np.ndarray, best: np.ndarray, second: np.ndarray) -> np.ndarray:
    """`gap` from each owner's best and second-best distance margin over all its candidates (second 0.0
    without a competitor): the same values whatever order the candidates come in."""
    return dist - np.where(dist >= best[owner], second[owner], best[owner])


def _numbers_agree(a: str, b: str) -> float:
    """1 if both sides carry the same numbers, 0 if they differ, 0.5 if neither has any.

    Same numbers as the `numbers_differ` pair filter reads (pipeline/mining/cues.py)."""
    same = same_numbers(a, b)
    return 0.5 if same is None else float(same)
