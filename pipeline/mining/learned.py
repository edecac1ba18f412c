"""Learned re-scoring: a logistic model over pair features, trained per encoder.

Like bicleaner's classifier, but over features every mining run has anyway (margins,
competitor gaps, length, punctuation, numbers). Its output is the estimated probability
that a candidate is a translation; the decision thresholds that probability. The model
itself is `pipeline.mining.scorer.LinearScorer`.
"""

import numpy as np

from pipeline.mining.features import pair_features
from pipeline.mining.level import confident, pair_level
from pipeline.mining.mine import Scored, Scoring
from pipeline.mining.retrieval import below_cap, best_per, retrieve


def candidate_features(scoring: Scoring, src_texts: list[str], tgt_texts: list[str]) -> np.ndarray:
    c = scoring.candidates
    return pair_features(c.src, c.tgt, c.cosine, scoring.src_mean, scoring.tgt_mean, src_texts, tgt_texts)


def select_learned(scoring: Scoring, quality: np.ndarray, threshold: float, min_cosine: float = -1.0,
                   retrieval: str = "max", score_max: float | None = None) -> tuple[Scored, np.ndarray]:
    """The retrieval's pairs by `quality`, best first; returns pairs and their quality.

    A row's best is its best-quality candidate of either search direction: the quality already
    weighs the neighbourhoods, so unlike the margin path no direction is preferred."""
    c = scoring.candidates
    kept = retrieve(c, quality, best_per(c.src, quality), best_per(c.tgt, quality), retrieval, threshold, min_cosine,
                    below_cap(c.score, score_max))
    return c.take(kept), quality[kept]


def confident_level(candidates: Scored, quality: np.ndarray) -> float | None:
    """The pair's cosine level (`level.pair_level`) over its confident mutual-best candidates by quality."""
    mutual = np.intersect1d(best_per(candidates.src, quality), best_per(candidates.tgt, quality))
    return pair_level(candidates.cosine[mutual[confident(quality[mutual])]])
