"""The cosine floor of a language pair, relative to the pair's own cosine level.

An encoder's cosines between translations sit at a level of their own for each language pair: muse
puts German-English translations around 0.76 on news, Chinese- and Japanese-English around 0.66. One
absolute floor therefore cuts far more good pairs in some pairs than in others. The level is measured
in the run itself: the median cosine of the pair's confident pairs (candidates that are the best, by
learned quality, of both their sentences, with quality `CONFIDENT` or more); the floor is that level
minus a calibrated offset (`mine.relative_floor`; configs/encoders.yaml). With fewer than `MIN_PAIRS`
confident pairs the level is not measured and the absolute floor (`mine.min_cosine`) applies.

The median is an order statistic, so the one-process path and the task plan (whose selection sees the
candidates run by run) find the same level.
"""

import logging

import numpy as np

log = logging.getLogger(__name__)

CONFIDENT = 0.5    # learned quality at which a candidate is more likely a translation than not
MIN_PAIRS = 50     # fewer confident pairs than this: the level is not measured


def confident(quality: np.ndarray) -> np.ndarray:
    return quality >= CONFIDENT


def pair_level(cosines: np.ndarray) -> float | None:
    """The median cosine of a pair's confident pairs (as stored: float32), to 0.001; None if too few."""
    if len(cosines) < MIN_PAIRS:
        return None
    return round(float(np.median(np.asarray(cosines, np.float32))), 3)


def is_relative(cfg) -> bool:
    """Whether a resolved MineConfig's floor depends on the pair's level (else the level need not be found)."""
    return cfg.relative_floor is not None and cfg.relative_floor >= 0


def cosine_floor(cfg, level: float | None) -> float:
    """The floor a resolved MineConfig applies where the pair's level is `level`: the absolute floor, lowered
    to `relative_floor` below the level for a pair whose cosines run low (never raised: see the module)."""
    if not is_relative(cfg) or level is None:
        return cfg.min_cosine
    floor = min(cfg.min_cosine, round(level - cfg.relative_floor, 3))
    log.info("cosine floor %.3f: the pair's level %.3f less %.2f, at most %.2f", floor, level, cfg.relative_floor,
             cfg.min_cosine)
    return floor


def with_floor(cfg, level: float | None):
    """`cfg` with `min_cosine` set to the pair's floor, so that every rule reading it applies the same."""
    return at_floor(cfg, cosine_floor(cfg, level))


def at_floor(cfg, floor: float | None):
    """`cfg` with `min_cosine` set to a floor already found (None: as it is)."""
    return cfg if floor is None or floor == cfg.min_cosine else cfg.model_copy(update={"min_cosine": floor})
