import numpy as np
import pytest

from pipeline.config import MineConfig
from pipeline.mining.mine import mine

from .test_mine import noisy_copies


def mined(x, y, **index):
    cfg = MineConfig(threshold=1.0, min_cosine=-1.0, block_size=256, index=index)
    p = mine(x, y, cfg).pairs
    return set(zip(p.src.tolist(), p.tgt.tolist()))


@pytest.fixture(scope="module")
def data():
    return noisy_copies(n_src=1000, n_tgt=800, dim=16, noise=0.8, seed=5)


@pytest.mark.parametrize("index", [{"kind": "ivf-flat", "nprobe": 8},
                                   {"kind": "ivf-pq", "pq_m": 8, "opq": False, "nprobe": 8},
                                   {"kind": "hnsw", "hnsw_m": 16, "ef_search": 64}])
def test_approximate_indexes_recover_the_exact_pairs(data, index):
    exact = mined(*data, kind="flat")
    approx = mined(*data, **index)
    assert len(exact) > 500
    assert len(exact & approx) / len(exact) >= 0.95


def test_ivf_flat_probing_every_list_over_shards_equals_exact_search(data):
    assert mined(*data, kind="ivf-flat", nlist=16, nprobe=16, shard_rows=600) == mined(*data, kind="flat")


def test_a_saved_index_is_reused_and_gives_the_same_pairs(data, tmp_path):
    cfg = MineConfig(threshold=1.0, min_cosine=-1.0, index={"kind": "ivf-flat", "shard_rows": 500})
    first = mine(*data, cfg, index_dir=tmp_path).pairs
    saved = sorted(tmp_path.glob("*.faiss"))
    assert len(saved) == 4   # two shards per side
    stamps = [p.stat().st_mtime_ns for p in saved]
    again = mine(*data, cfg, index_dir=tmp_path).pairs
    assert [p.stat().st_mtime_ns for p in sorted(tmp_path.glob("*.faiss"))] == stamps
    assert np.array_equal(first.src, again.src) and np.array_equal(first.tgt, again.tgt)
    other = mine(data[0][::-1].copy(), data[1], cfg, index_dir=tmp_path)   # other vectors: a new index
    assert len(other.pairs) > 0 and len(list(tmp_path.glob("*.faiss"))) == 6


def test_a_damaged_saved_index_is_rebuilt_not_loaded(data, tmp_path):
    """`bitext mine --index-dir`: a cached index damaged on disk (same size, so only its checksum tells) is
    rebuilt, and the pairs are those of the intact index."""
    cfg = MineConfig(threshold=1.0, min_cosine=-1.0, index={"kind": "ivf-flat", "shard_rows": 500})
    first = mine(*data, cfg, index_dir=tmp_path).pairs
    victim = sorted(tmp_path.glob("*.faiss"))[0]
    intact = victim.read_bytes()
    damaged = bytearray(intact)
    damaged[len(damaged) // 2:len(damaged) // 2 + 64] = bytes(64)
    victim.write_bytes(bytes(damaged))
    again = mine(*data, cfg, index_dir=tmp_path).pairs
    assert victim.read_bytes() == intact                    # rebuilt to the same bytes
    assert np.array_equal(first.src, again.src) and np.array_equal(first.tgt, again.tgt)
