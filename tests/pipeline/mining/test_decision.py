"""decide: the keep/drop decision over scored candidates, by margin or by the calibrated learned scorer."""

import numpy as np
import pytest
import yaml

from pipeline.config import MineConfig
from pipeline.encoders.calibration import calibration_file
from pipeline.mining.decision import decide
from pipeline.mining.features import FEATURES
from pipeline.mining.learned import candidate_features
from pipeline.mining.mine import score, select
from pipeline.mining.retrieval import best_per, positions_of

from .test_mine import noisy_copies


def planted(n_src=50, n_tgt=40, dim=32, noise=0.8, seed=5):
    """Targets are noisy copies of the first sources, texts carrying the sentence's number."""
    x, y = noisy_copies(n_src, n_tgt, dim, noise, seed)
    src_texts = [f"Das ist Satz Nummer {i}." for i in range(n_src)]
    tgt_texts = [f"This is sentence number {j}{'?' if j % 3 == 0 else '.'}" for j in range(n_tgt)]
    return x, y, src_texts, tgt_texts


def margin_cfg(retrieval: str) -> MineConfig:
    return MineConfig(k=4, scoring="margin", threshold=1.02, min_cosine=0.3, retrieval=retrieval,
                      index={"kind": "flat"}, device="cpu")


def learned_cfg(threshold: float = 0.3) -> MineConfig:
    return MineConfig(k=4, scoring="learned", calibration="muse", threshold=threshold, min_cosine=0.3,
                      index={"kind": "flat"}, device="cpu")


def keys(pairs) -> list[tuple[int, int]]:
    return list(zip(pairs.src.tolist(), pairs.tgt.tolist()))


@pytest.mark.parametrize("retrieval", ["forward", "backward", "intersect", "max"])
def test_margin_decision_is_the_retrieval_over_margins(retrieval):
    x, y, src_texts, tgt_texts = planted()
    cfg = margin_cfg(retrieval)
    scoring = score(x, y, cfg)
    decision = decide(scoring, cfg, src_texts, tgt_texts)
    expected = select(scoring, cfg.threshold, cfg.min_cosine, retrieval)
    assert keys(decision.pairs) == keys(expected) and len(expected) > 5
    assert np.array_equal(decision.pairs.score, expected.score)
    assert decision.quality is None and decision.candidate_quality is None


def learned_run():
    """The planted case decided by the learned scorer: (config, scoring, decision, source and target texts)."""
    x, y, src_texts, tgt_texts = planted()
    cfg = learned_cfg()
    scoring = score(x, y, cfg)
    return cfg, scoring, decide(scoring, cfg, src_texts, tgt_texts), src_texts, tgt_texts


def muse_quality(features: np.ndarray) -> np.ndarray:
    """The logistic model written out from the calibration file, not through the pipeline's reader."""
    entry = yaml.safe_load(calibration_file().read_text())["muse"]["learned"]
    assert entry["features"] == list(FEATURES)
    return 1 / (1 + np.exp(-(features @ np.array(entry["weights"]) + entry["bias"])))


def test_learned_decision_scores_every_candidate_with_the_calibrated_scorer():
    cfg, scoring, decision, src_texts, tgt_texts = learned_run()
    c = scoring.candidates
    assert decision.candidate_quality.shape == (len(c),)
    expected = muse_quality(candidate_features(scoring, src_texts, tgt_texts))
    assert np.allclose(decision.candidate_quality, expected, atol=1e-6)


def test_learned_pairs_are_ordered_by_quality_and_carry_their_candidates_quality():
    cfg, scoring, decision, src_texts, tgt_texts = learned_run()
    pairs, quality = decision.pairs, decision.quality
    assert len(pairs) > 5 and len(quality) == len(pairs)
    assert np.all(np.diff(quality) <= 0), "best quality first"
    assert np.any(np.diff(pairs.score) > 0), "the margin does not set the order here"
    at = positions_of(scoring.candidates, pairs.src, pairs.tgt)
    assert np.all(at >= 0) and np.array_equal(decision.candidate_quality[at], quality)
    assert quality.min() >= cfg.threshold and pairs.cosine.min() >= cfg.min_cosine
    assert len(set(pairs.src.tolist())) == len(pairs) == len(set(pairs.tgt.tolist()))


def test_every_row_best_left_out_of_max_lost_its_sentence_to_a_better_pair():
    """max: the union of each source's and each target's best candidate by quality, taken greedily."""
    cfg, scoring, decision, src_texts, tgt_texts = learned_run()
    c, q = scoring.candidates, decision.candidate_quality
    taken = dict(zip(keys(decision.pairs), decision.quality))
    by_src = {s: v for (s, _), v in taken.items()}
    by_tgt = {t: v for (_, t), v in taken.items()}
    bests = np.union1d(best_per(c.src, q), best_per(c.tgt, q))
    eligible = bests[(q[bests] >= cfg.threshold) & (c.cosine[bests] >= cfg.min_cosine)]
    left = [i for i in eligible if (int(c.src[i]), int(c.tgt[i])) not in taken]
    assert set(taken) <= {(int(c.src[i]), int(c.tgt[i])) for i in bests}
    assert left, "the case should have competing candidates"
    for i in left:
        s, t = int(c.src[i]), int(c.tgt[i])
        assert by_src.get(s, -1) >= q[i] or by_tgt.get(t, -1) >= q[i]
