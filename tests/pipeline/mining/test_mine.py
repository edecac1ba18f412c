import numpy as np
import pytest

from pipeline.config import MineConfig
from pipeline.errors import BitextError
from pipeline.mining.mine import mine, score, select
from pipeline.mining.retrieval import greedy_one_to_one
from pipeline.mining.vectors import Vectors


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def noisy_copies(n_src=60, n_tgt=45, dim=24, noise=0.6, seed=0):
    """Targets 0..n_tgt-1 are noisy copies of the first sources; the other sources have none."""
    rng = np.random.default_rng(seed)
    x = unit(rng.normal(size=(n_src, dim)))
    y = unit(x[:n_tgt] + noise * rng.normal(size=(n_tgt, dim)) / np.sqrt(dim))
    return x, y


def laser_reference(x, y, k_fwd, k_bwd, threshold, kind="ratio", retrieval="max"):
    """LASER's mine_bitexts written plainly over the full similarity matrix."""
    sim = x @ y.T
    x2y = np.argsort(-sim, axis=1)[:, :k_fwd]
    y2x = np.argsort(-sim.T, axis=1)[:, :k_bwd]
    x_mean = np.take_along_axis(sim, x2y, 1).mean(1)
    y_mean = np.take_along_axis(sim.T, y2x, 1).mean(1)
    avg = (x_mean[:, None] + y_mean[None, :]) / 2
    marg = {"ratio": sim / avg, "distance": sim - avg, "absolute": sim}[kind]
    fwd = [(i, int(x2y[i][np.argmax(marg[i, x2y[i]])])) for i in range(len(x))]
    bwd = [(int(y2x[j][np.argmax(marg[y2x[j], j])]), j) for j in range(len(y))]
    if retrieval == "forward":
        found = fwd
    elif retrieval == "backward":
        found = bwd
    elif retrieval == "intersect":
        found = [p for p in fwd if p in set(bwd)]
    else:
        seen_s, seen_t, found = set(), set(), []
        for s, t in sorted(fwd + bwd, key=lambda p: -marg[p]):
            if s not in seen_s and t not in seen_t:
                seen_s.add(s)
                seen_t.add(t)
                found.append((s, t))
    return {(int(s), int(t)): float(marg[s, t]) for s, t in found if marg[s, t] >= threshold}


def pairs_of(result):
    p = result.pairs
    return {(int(s), int(t)): float(v) for s, t, v in zip(p.src, p.tgt, p.score)}


@pytest.mark.parametrize("seed, k_fwd, k_bwd, block", [(0, 4, 4, 4096), (1, 4, 4, 16), (2, 8, 3, 7), (3, 1, 1, 64)])
@pytest.mark.parametrize("kind, threshold", [("ratio", 1.0), ("distance", 0.0), ("absolute", 0.5)])
@pytest.mark.parametrize("retrieval", ["forward", "backward", "intersect", "max"])
def test_exact_mining_equals_plain_laser_implementation(seed, k_fwd, k_bwd, block, kind, threshold, retrieval):
    x, y = noisy_copies(seed=seed)
    expected = laser_reference(x, y, k_fwd, k_bwd, threshold, kind, retrieval)
    cfg = MineConfig(k_forward=k_fwd, k_backward=k_bwd, margin=kind, retrieval=retrieval, threshold=threshold,
                     min_cosine=-1.0, block_size=block, index={"kind": "flat"})
    got = pairs_of(mine(x, y, cfg))
    assert got.keys() == expected.keys() and len(got) > 10
    assert np.allclose([got[p] for p in expected], list(expected.values()), atol=1e-5)


@pytest.mark.parametrize("block", [7, 1000])
def test_the_gpu_exact_path_equals_plain_laser_with_the_cpu_kernel(monkeypatch, block):
    """The GPU path's blocking and merging, run with faiss's CPU brute-force kernel in place of
    the GPU one (the kernels share a signature; no GPU here)."""
    import pipeline.mining.knn as knn
    import pipeline.mining.mine as mine_module

    calls = []
    monkeypatch.setattr(mine_module, "gpu_knn", lambda: lambda x, y, k: calls.append(k) or knn.cpu_knn(x, y, k))
    x, y = noisy_copies(seed=3)
    cfg = MineConfig(k_forward=3, k_backward=5, threshold=1.0, min_cosine=-1.0, block_size=block,
                     index={"kind": "flat"}, device="cuda")
    got = pairs_of(mine(x, y, cfg))
    expected = laser_reference(x, y, 3, 5, 1.0)
    assert calls and got.keys() == expected.keys() and len(got) > 10
    assert np.allclose([got[p] for p in expected], list(expected.values()), atol=1e-5)


def test_blocked_search_over_memory_mapped_float16_shards_equals_one_block(tmp_path):
    x, y = noisy_copies(n_src=90, n_tgt=70)
    paths = []
    for i, part in enumerate(np.array_split(y, 3)):
        paths.append(tmp_path / f"part-{i}.npy")
        np.save(paths[-1], part.astype(np.float16))
    y16 = np.concatenate([np.load(p) for p in paths]).astype(np.float32)
    x16 = x.astype(np.float16)
    cfg = MineConfig(threshold=1.0, min_cosine=-1.0, index={"kind": "flat"})
    whole = mine(x16.astype(np.float32), y16, cfg)
    sharded = mine(Vectors.from_files(paths), x16, cfg.model_copy(update={"block_size": 8}))
    assert pairs_of(whole) == pytest.approx({(t, s): v for (s, t), v in pairs_of(sharded).items()}, abs=1e-5)


def test_mining_recovers_planted_translations_and_is_one_to_one():
    x, y = noisy_copies(noise=0.5)
    pairs = mine(x, y, MineConfig(threshold=1.05, min_cosine=-1.0)).pairs
    assert len(set(pairs.src.tolist())) == len(pairs) == len(set(pairs.tgt.tolist()))
    correct = (pairs.src == pairs.tgt).mean()
    assert correct > 0.95 and len(pairs) >= 40
    assert np.all(np.diff(pairs.score) <= 0), "pairs come out best first"


def test_candidates_cover_both_directions_once():
    x, y = noisy_copies()
    candidates = score(x, y, MineConfig(k=4)).candidates
    keys = list(zip(candidates.src.tolist(), candidates.tgt.tolist()))
    assert len(keys) == len(set(keys))
    assert {s for s, _ in keys} == set(range(len(x)))
    assert {t for _, t in keys} == set(range(len(y)))


def test_cosine_floor_makes_low_cosine_matches_ineligible():
    x, y = noisy_copies(noise=1.5)
    scoring = score(x, y, MineConfig(k=4))
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


def test_other_margins_need_an_explicit_threshold():
    with pytest.raises(BitextError, match="mine.threshold must be set for the distance margin"):
        MineConfig(margin="distance").settled(None)
    assert MineConfig().settled(None).threshold == 1.06


@pytest.mark.parametrize("change, message", [
    (lambda x, y: (x, y[:, :10]), "embedding dimensions differ: source 24, target 10"),
    (lambda x, y: (np.where(np.arange(len(x))[:, None] == 7, np.nan, x), y),
     "source embeddings: vector 7 contains NaN"),
    (lambda x, y: (x, np.where(np.arange(len(y))[:, None] == 3, 0.0, y)), "target embeddings: vector 3 is all zeros"),
    (lambda x, y: (x, y[:0]), "target side has no sentences"),
    (lambda x, y: (x, y[:3]), "k=4 but the target side has only 3 sentences"),
])
def test_bad_embeddings_are_one_line_errors_before_any_search(monkeypatch, change, message):
    import pipeline.mining.mine as mine_module

    def no_search(*args, **kwargs):
        raise AssertionError("searched before checking the input")

    monkeypatch.setattr(mine_module, "neighbours_both_ways", no_search)
    x, y = change(*noisy_copies())
    with pytest.raises(BitextError, match=message) as err:
        mine(x, y, MineConfig(threshold=1.0, min_cosine=-1.0))
    assert "\n" not in str(err.value)
