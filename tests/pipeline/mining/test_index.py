import faiss
import numpy as np
import pytest

from pipeline.config import IndexConfig, MineConfig
from pipeline.mining.index import choose_kind, factory_string, shard_bounds, train_index
from pipeline.mining.index_kinds import train_size_for
from pipeline.mining.mine import mine
from pipeline.mining.vectors import Vectors

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


@pytest.mark.parametrize(("n", "kind", "spec", "train", "shards"), [
    (100_000, "flat", None, None, 1),
    (200_000, "ivf-pq", "IVF1024,PQ128x4fs,Refine(SQfp16)", 50_000, 1),
    (1_000_000, "ivf-pq", "IVF4096,PQ128x4fs,Refine(SQfp16)", 163_840, 1),
    (2_000_000, "ivf-pq", "IVF8192,PQ128x4fs,Refine(SQfp16)", 327_680, 1),
    (10_000_000, "ivf-pq", "IVF8192,PQ128x4fs,Refine(SQfp16)", 327_680, 5),
    (1_000_000_000, "ivf-pq", "IVF8192,PQ128x4fs,Refine(SQfp16)", 327_680, 500),
])
def test_auto_chooses_the_index_by_corpus_size(n, kind, spec, train, shards):
    """Exact search while affordable; then IVF lists (~256 rows each in an index shard) and the training sample
    (40 per list) grow with the side up to the shard size, and the side is cut into 2M-row index shards so one
    search task's memory stays bounded."""
    cfg = IndexConfig()
    assert choose_kind(cfg, n, n, 512) == kind
    if spec:
        assert factory_string(kind, cfg, n, 512) == spec
        assert train_size_for(cfg, n) == train
    assert len(shard_bounds(cfg, n)) == shards


def test_smaller_index_shards_get_fewer_lists():
    """The lists are sized to the rows one index shard holds (shards share the trained quantizer)."""
    assert factory_string("ivf-pq", IndexConfig(shard_rows=500_000), 10_000_000, 512).startswith("IVF2048,")
    assert factory_string("ivf-flat", IndexConfig(nlist=300), 10_000_000, 512) == "IVF300,Flat"


def test_a_configured_training_sample_wins_but_never_exceeds_the_side():
    assert train_size_for(IndexConfig(train_size=1000), 10_000_000) == 1000
    assert train_size_for(IndexConfig(train_size=1000), 300) == 300
    assert train_size_for(IndexConfig(nlist=16), 300) == 300


def test_an_index_is_trained_on_the_sample_the_size_calls_for():
    """Unset, the sample is 40 rows per list when that is more than 50k (1400 lists: 56,000 of 60,000 rows):
    the same index as that size configured, not the one the old fixed 50k gave."""
    base = Vectors.from_array(np.random.default_rng(0).standard_normal((60_000, 8)).astype(np.float32))

    def trained(**settings) -> bytes:
        index = train_index(base, "IVF1400,Flat", IndexConfig(kind="ivf-flat", nlist=1400, **settings))
        return faiss.serialize_index(index).tobytes()

    assert train_size_for(IndexConfig(kind="ivf-flat", nlist=1400), len(base)) == 56_000
    assert trained() == trained(train_size=56_000)
    assert trained() != trained(train_size=50_000)
