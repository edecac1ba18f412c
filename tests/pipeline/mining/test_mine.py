import numpy as np
import pytest

from pipeline.errors import BitextError
from pipeline.mining.mine import mine, score, select
from pipeline.mining.selection import greedy_one_to_one


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def noisy_copies(n_src=60, n_tgt=45, dim=24, noise=0.6, seed=0):
    """Targets 0..n_tgt-1 are noisy copies of the first sources; the other sources have none."""
    rng = np.random.default_rng(seed)
    x = unit(rng.normal(size=(n_src, dim)))
    y = unit(x[:n_tgt] + noise * rng.normal(size=(n_tgt, dim)) / np.sqrt(dim))
    return x, y


def laser_reference(x, y, k, threshold):
    """LASER's mine_bitexts ("max" retrieval, ratio margin) written plainly over the full matrix."""
    sim = x @ y.T
    kx, ky = min(k, len(y)), min(k, len(x))
    x2y = np.argsort(-sim, axis=1)[:, :kx]
    y2x = np.argsort(-sim.T, axis=1)[:, :ky]
    x_mean = np.take_along_axis(sim, x2y, 1).mean(1)
    y_mean = np.take_along_axis(sim.T, y2x, 1).mean(1)
    ratio = sim / ((x_mean[:, None] + y_mean[None, :]) / 2)
    fwd = [(i, x2y[i][np.argmax(ratio[i, x2y[i]])]) for i in range(len(x))]
    bwd = [(y2x[j][np.argmax(ratio[y2x[j], j])], j) for j in range(len(y))]
    cands = sorted(fwd + bwd, key=lambda p: -ratio[p])
    seen_s, seen_t, out = set(), set(), {}
    for s, t in cands:
        if s not in seen_s and t not in seen_t and ratio[s, t] >= threshold:
            seen_s.add(s)
            seen_t.add(t)
            out[(int(s), int(t))] = float(ratio[s, t])
    return out


@pytest.mark.parametrize("seed, k", [(0, 4), (1, 4), (2, 8), (3, 1)])
def test_exact_mining_equals_plain_laser_implementation(seed, k):
    x, y = noisy_copies(seed=seed)
    expected = laser_reference(x, y, k, threshold=1.0)
    result = mine(x, y, k=k, threshold=1.0)
    got = {(int(s), int(t)): float(v) for s, t, v in zip(result.pairs.src, result.pairs.tgt, result.pairs.score)}
    assert got.keys() == expected.keys()
    assert np.allclose([got[p] for p in expected], list(expected.values()), atol=1e-5)


def test_mining_recovers_planted_translations_and_is_one_to_one():
    x, y = noisy_copies(noise=0.5)
    pairs = mine(x, y, k=4, threshold=1.05).pairs
    assert len(set(pairs.src.tolist())) == len(pairs) == len(set(pairs.tgt.tolist()))
    correct = (pairs.src == pairs.tgt).mean()
    assert correct > 0.95 and len(pairs) >= 40
    assert np.all(np.diff(pairs.score) <= 0), "pairs come out best first"


def test_candidates_cover_both_directions_once():
    x, y = noisy_copies()
    candidates = score(x, y, k=4).candidates
    keys = list(zip(candidates.src.tolist(), candidates.tgt.tolist()))
    assert len(keys) == len(set(keys))
    assert {s for s, _ in keys} == set(range(len(x)))
    assert {t for _, t in keys} == set(range(len(y)))


def test_cosine_floor_makes_low_cosine_matches_ineligible():
    x, y = noisy_copies(noise=1.5)
    scoring = score(x, y, k=4)
    loose = select(scoring, threshold=1.0)
    strict = select(scoring, threshold=1.0, min_cosine=0.6)
    assert 0 < len(strict) < len(loose)
    assert strict.cosine.min() >= 0.6 and strict.score.min() >= 1.0
    assert len(set(strict.src.tolist())) == len(strict) == len(set(strict.tgt.tolist()))


def test_greedy_takes_best_first_and_uses_each_side_once():
    src = np.array([0, 0, 1, 1])
    tgt = np.array([0, 1, 0, 1])
    scores = np.array([2.0, 1.5, 1.9, 1.2])
    assert greedy_one_to_one(src, tgt, scores, threshold=1.0).tolist() == [0, 3]
    assert greedy_one_to_one(src, tgt, scores, threshold=1.3).tolist() == [0]


def test_k_larger_than_the_other_side_is_clamped():
    x, y = noisy_copies(n_src=10, n_tgt=3)
    result = mine(x, y, k=50, threshold=0.0)
    assert len(result.pairs) == 3


def test_bad_embeddings_are_refused_before_any_work():
    x, y = noisy_copies()
    with pytest.raises(BitextError, match="dimensions differ"):
        mine(x, y[:, :10])
    with pytest.raises(BitextError, match="NaN"):
        mine(np.full_like(x, np.nan), y)
    with pytest.raises(BitextError, match="target side has no sentences"):
        mine(x, y[:0])
