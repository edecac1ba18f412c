import numpy as np
import pytest

from pipeline.config import MineConfig
from pipeline.mining.features import FEATURES
from pipeline.mining.learned import select_learned
from pipeline.mining.mine import score
from pipeline.mining.scorer import LinearScorer


def test_scorer_learns_which_feature_separates_translations_and_round_trips():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, len(FEATURES)))
    y = x[:, 2] > 0.3                                   # distance margin decides
    scorer = LinearScorer.fit(x, y)
    assert abs(scorer.weights[2]) == max(abs(w) for w in scorer.weights)
    assert ((scorer.probability(x) > 0.5) == y).mean() > 0.95
    again = LinearScorer.from_dict(scorer.to_dict())
    assert np.allclose(again.probability(x), scorer.probability(x), atol=1e-4)


def test_scorer_trained_on_other_features_is_refused():
    data = LinearScorer((1.0,) * len(FEATURES), 0.0).to_dict()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="trained on features"):
        LinearScorer.from_dict(data)


def _planted(n=30, dim=32, seed=1):
    """Targets are noisy copies of sources in reverse order: gold is (i, n - 1 - i)."""
    rng = np.random.default_rng(seed)
    src = rng.normal(size=(n, dim))
    tgt = src[::-1] + 0.3 * rng.normal(size=(n, dim))
    norm = lambda a: (a / np.linalg.norm(a, axis=1, keepdims=True)).astype(np.float32)  # noqa: E731
    return norm(src), norm(tgt)


def test_selection_by_quality_is_one_to_one_and_follows_the_quality_not_the_margin():
    src, tgt = _planted()
    scoring = score(src, tgt, MineConfig(k=4))
    c = scoring.candidates
    gold = c.src == len(src) - 1 - c.tgt
    quality = np.where(gold, 0.9, 0.1)
    pairs, kept = select_learned(scoring, quality, threshold=0.5)
    assert set(zip(pairs.src.tolist(), pairs.tgt.tolist())) == {(i, len(src) - 1 - i) for i in range(len(src))}
    assert np.all(kept == 0.9)
    # inverting the quality picks non-gold pairs, each sentence at most once
    pairs, _ = select_learned(scoring, 1 - quality, threshold=0.5)
    assert len(pairs) and not np.any(pairs.src == len(src) - 1 - pairs.tgt)
    assert len(set(pairs.src.tolist())) == len(pairs) == len(set(pairs.tgt.tolist()))


def test_cosine_floor_and_threshold_both_apply():
    src, tgt = _planted()
    scoring = score(src, tgt, MineConfig(k=4))
    quality = (scoring.candidates.cosine + 1) / 2
    everything, _ = select_learned(scoring, quality, threshold=0.0)
    floor = float(np.median(everything.cosine))
    pairs, kept = select_learned(scoring, quality, threshold=0.0, min_cosine=floor)
    assert 0 < len(pairs) < len(everything) and pairs.cosine.min() >= floor
    strict = float(np.median(kept))
    _, kept = select_learned(scoring, quality, threshold=strict, min_cosine=floor)
    assert 0 < len(kept) < len(pairs) and kept.min() >= strict


def test_every_retrieval_follows_the_quality():
    src, tgt = _planted()
    scoring = score(src, tgt, MineConfig(k=4))
    c = scoring.candidates
    rng = np.random.default_rng(3)
    quality = rng.random(len(c))
    found = {}
    for retrieval in ("forward", "backward", "intersect", "max"):
        pairs, _ = select_learned(scoring, quality, -np.inf, retrieval=retrieval)
        found[retrieval] = set(zip(pairs.src.tolist(), pairs.tgt.tolist()))
    best_src = {s: max((q, t) for s2, t, q in zip(c.src, c.tgt, quality) if s2 == s)[1] for s in set(c.src.tolist())}
    assert found["forward"] == set(best_src.items())
    assert found["intersect"] == found["forward"] & found["backward"]
    assert found["max"] <= found["forward"] | found["backward"]
    assert len({s for s, _ in found["max"]}) == len(found["max"]) == len({t for _, t in found["max"]})
