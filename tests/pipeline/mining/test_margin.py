import numpy as np
import pytest

from pipeline.config import MineConfig
from pipeline.mining.margin import MARGINS, margin
from pipeline.mining.mine import mine, score


def hand_case():
    """Two sources, two targets with cosines C = [[0.9, 0.3], [0.2, 0.8]] (built exactly)."""
    y = np.eye(4, dtype=np.float32)[:2]
    x = np.array([[0.9, 0.3, np.sqrt(0.10), 0.0],
                  [0.2, 0.8, 0.0, np.sqrt(0.32)]], dtype=np.float32)
    return x, y


def test_ratio_margin_matches_hand_computation():
    # k=2: source means 0.6 and 0.5, target means (0.9+0.2)/2 = 0.55 and (0.3+0.8)/2 = 0.55
    x, y = hand_case()
    result = mine(x, y, MineConfig(k=2, threshold=0.0, min_cosine=-1.0))
    got = {(int(s), int(t)): float(v) for s, t, v in
           zip(result.candidates.src, result.candidates.tgt, result.candidates.score)}
    assert got[(0, 0)] == pytest.approx(0.9 / 0.575, abs=1e-6)
    assert got[(1, 1)] == pytest.approx(0.8 / 0.525, abs=1e-6)
    assert got[(0, 1)] == pytest.approx(0.3 / 0.575, abs=1e-6)
    assert got[(1, 0)] == pytest.approx(0.2 / 0.525, abs=1e-6)
    assert sorted(zip(result.pairs.src.tolist(), result.pairs.tgt.tolist())) == [(0, 0), (1, 1)]
    assert result.pairs.cosine.tolist() == pytest.approx([0.9, 0.8], abs=1e-6)


def test_k1_ratio_margin_is_one_for_mutual_nearest_neighbours():
    x, y = hand_case()
    result = mine(x, y, MineConfig(k=1, threshold=0.0, min_cosine=-1.0))
    assert result.pairs.score.tolist() == pytest.approx([1.0, 1.0], abs=1e-6)


@pytest.mark.parametrize("kind, expected", [("distance", 0.9 - 0.575), ("absolute", 0.9)])
def test_other_margins(kind, expected):
    x, y = hand_case()
    scoring = score(x, y, MineConfig(k=2, margin=kind))
    top = scoring.candidates
    i = [n for n in range(len(top)) if (top.src[n], top.tgt[n]) == (0, 0)][0]
    assert float(top.score[i]) == pytest.approx(expected, abs=1e-6)


def test_unknown_margin_is_refused():
    with pytest.raises(ValueError, match="unknown margin"):
        margin(np.ones(1), np.ones(1), np.ones(1), "cubic")


@pytest.mark.parametrize("name", ["ratio", "distance"])
def test_neutral_point_is_the_margin_of_a_pair_as_close_as_its_neighbourhoods(name):
    means = np.array([0.3, 0.5])
    assert margin(means, means, means, name) == pytest.approx(MARGINS[name].neutral)
    assert np.all(margin(means + 0.1, means, means, name) > MARGINS[name].neutral)


def test_absolute_margin_neutral_point_lets_every_cosine_through():
    assert MARGINS["absolute"].neutral == -1.0 == margin(np.array([-1.0]), np.zeros(1), np.ones(1), "absolute")[0]
    assert list(MARGINS) == ["ratio", "distance", "absolute"] and all(m.help for m in MARGINS.values())
