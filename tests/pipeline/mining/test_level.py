"""A language pair's cosine floor follows its own cosine level: lowered where its translations' cosines run
low, never raised above the absolute floor, and the absolute floor where too few pairs measure the level."""

import numpy as np

from pipeline.config import MineConfig
from pipeline.mining.level import MIN_PAIRS, cosine_floor
from pipeline.mining.pairs import Side, mine_sides
from pipeline.mining.vectors import Vectors

from .test_mine import noisy_copies


def sides(n: int, noise: float, seed: int = 0) -> tuple[Side, Side]:
    x, y = noisy_copies(n + n // 4, n, dim=32, noise=noise, seed=seed)
    texts = [f"sentence {i} ." for i in range(len(x))]
    return (Side("de", np.arange(len(x), dtype=np.uint64) + 1, texts, Vectors.from_array(x)),
            Side("en", np.arange(len(y), dtype=np.uint64) + 1, texts[:len(y)], Vectors.from_array(y)))


def cfg(relative_floor: float) -> MineConfig:
    return MineConfig(scoring="learned", calibration="muse", threshold=0.2, min_cosine=0.7,
                      relative_floor=relative_floor).settled(None)


def test_a_pair_whose_cosines_run_low_gets_a_lower_floor_and_keeps_its_translations():
    close, far = sides(300, noise=0.5), sides(300, noise=1.1)
    assert mine_sides(*close, cfg(0.15)).min_cosine == 0.7         # level - 0.15 is above 0.7: never raised
    lowered = mine_sides(*far, cfg(0.15))
    absolute = mine_sides(*far, cfg(-1.0))                         # negative: the absolute floor alone
    assert absolute.min_cosine == 0.7 and lowered.min_cosine < 0.7
    right = int((lowered.pairs.src == lowered.pairs.tgt).sum())
    assert right > int((absolute.pairs.src == absolute.pairs.tgt).sum())
    assert (lowered.pairs.cosine >= lowered.min_cosine).all()
    assert right / len(lowered.pairs) > 0.95


def test_too_few_confident_pairs_measure_no_level():
    small = sides(MIN_PAIRS // 2, noise=1.1)
    assert mine_sides(*small, cfg(0.15)).min_cosine == 0.7


def test_the_floor_is_the_lower_of_the_absolute_one_and_the_level_less_the_offset():
    rule = cfg(0.2)
    assert cosine_floor(rule, 0.8) == 0.6 and cosine_floor(rule, 0.95) == 0.7 and cosine_floor(rule, None) == 0.7
    assert cosine_floor(cfg(-1.0), 0.5) == 0.7
