"""The keep/drop decision over scored candidates: by margin, or by the learned scorer.

Both read the same k-NN candidates; the learned one first gives every candidate an estimated
probability of being a translation (its `quality`), which is stored with the candidates so
that either decision can be re-taken later without searching again.
"""

from dataclasses import dataclass

import numpy as np

from pipeline.config import MineConfig
from pipeline.encoders.calibration import calibration_for
from pipeline.mining.learned import candidate_features, confident_level, select_learned
from pipeline.mining.level import cosine_floor, is_relative
from pipeline.mining.mine import Scored, Scoring, select


@dataclass(frozen=True)
class Decision:
    pairs: Scored                          # kept pairs, best first by the deciding score
    quality: np.ndarray | None             # learned quality of each kept pair; None under margin scoring
    candidate_quality: np.ndarray | None   # learned quality of every candidate, aligned with scoring.candidates
    min_cosine: float                      # the cosine floor applied (the pair's own under a relative floor)


def decide(scoring: Scoring, cfg: MineConfig, src_texts: list[str], tgt_texts: list[str]) -> Decision:
    """`cfg` must be resolved (`MineConfig.settled`): scoring, thresholds and calibration set."""
    if cfg.scoring == "margin":
        return Decision(select(scoring, cfg.threshold, cfg.min_cosine, cfg.retrieval, cfg.score_max), None, None,
                        cfg.min_cosine)
    scorer = calibration_for(cfg.calibration).scorer
    quality = scorer.probability(candidate_features(scoring, src_texts, tgt_texts))
    floor = cosine_floor(cfg, confident_level(scoring.candidates, quality) if is_relative(cfg) else None)
    pairs, kept = select_learned(scoring, quality, cfg.threshold, floor, cfg.retrieval, cfg.score_max)
    return Decision(pairs, kept, quality, floor)
