"""Scoring a miner against gold pairs: P/R/F1 at the configured decision and at every threshold."""

from dataclasses import dataclass

import numpy as np

from pipeline.config import MineConfig
from pipeline.evaluation.curves import Curve, curve
from pipeline.mining.decision import decide
from pipeline.mining.mine import score


@dataclass(frozen=True)
class BuccResult:
    decision: str        # the keep rule, e.g. "learned quality >= 0.266"
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


def mining_curve(x: np.ndarray, y: np.ndarray, src_texts: list[str], tgt_texts: list[str],
                 gold: frozenset[tuple[int, int]], cfg: MineConfig) -> Curve:
    """The ranked pairs the miner would keep at any threshold on its deciding score, other settings from `cfg`."""
    scoring = score(x, y, cfg)
    decision = decide(scoring, cfg.model_copy(update={"threshold": -np.inf}), src_texts, tgt_texts)
    ranking = decision.quality if cfg.scoring == "learned" else decision.pairs.score
    return curve(decision.pairs.src, decision.pairs.tgt, ranking, gold)


def evaluate_mining(x: np.ndarray, y: np.ndarray, src_texts: list[str], tgt_texts: list[str],
                    gold: frozenset[tuple[int, int]], cfg: MineConfig) -> BuccResult:
    """`cfg` must be resolved (`MineConfig.settled`)."""
    c = mining_curve(x, y, src_texts, tgt_texts, gold, cfg)
    p, r, f = c.at(cfg.threshold)
    best_f1, best_t = c.best()
    return BuccResult(cfg.describe(), cfg.threshold, cfg.min_cosine, p, r, f, best_f1, best_t, len(gold), c)
