"""Scoring a miner against gold pairs: P/R/F1 at the configured decision and at every threshold."""

from dataclasses import dataclass

import numpy as np

from pipeline.config import MineConfig
from pipeline.evaluation.curves import Curve, curve
from pipeline.mining.mine import score, select


@dataclass(frozen=True)
class BuccResult:
    threshold: float
    min_cosine: float
    precision: float
    recall: float
    f1: float
    best_f1: float
    best_threshold: float
    gold: int
    curve: Curve

    def summary(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "curve"}


def mining_curve(x: np.ndarray, y: np.ndarray, gold: frozenset[tuple[int, int]], cfg: MineConfig) -> Curve:
    """The ranked pairs the miner would keep at any margin threshold, with `cfg`'s other settings."""
    pairs = select(score(x, y, k=cfg.k, kind=cfg.margin), threshold=-np.inf, min_cosine=cfg.min_cosine)
    return curve(pairs.src, pairs.tgt, pairs.score, gold)


def evaluate_mining(x: np.ndarray, y: np.ndarray, gold: frozenset[tuple[int, int]], cfg: MineConfig) -> BuccResult:
    """`cfg` must have its thresholds resolved (`MineConfig.with_defaults_of`)."""
    c = mining_curve(x, y, gold, cfg)
    p, r, f = c.at(cfg.threshold)
    best_f1, best_t = c.best()
    return BuccResult(cfg.threshold, cfg.min_cosine, p, r, f, best_f1, best_t, len(gold), c)
