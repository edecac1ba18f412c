"""The production mining path: sides read from the embed stage's files, candidates and pairs written, stats."""

import numpy as np
import pyarrow as pa
import pytest

from pipeline.config import MineConfig
from pipeline.embed import ids_path
from pipeline.errors import BitextError
from pipeline.mining.mine import score, select
from pipeline.mining.pairs import Side, load_side, mine_language_pair
from pipeline.mining.vectors import Vectors
from pipeline.schemas import CANDIDATES, LID, PAIRS, read_table, write_table


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def lid_table(ids: np.ndarray, texts: list[str], lang: str) -> pa.Table:
    n = len(texts)
    return pa.table({"sent_id": ids, "text": texts, "source": ["in.txt"] * n, "doc_id": np.zeros(n, np.int64),
                     "position": np.arange(n, dtype=np.int32), "doc_meta": [None] * n,
                     "lid_lang": [lang] * n, "lid_score": np.ones(n, np.float32)})


def write_shards(tmp_path, lang: str, texts: list[str], vectors: np.ndarray, shards: int = 2):
    """The embed stage's files for one language: LID shards, and per shard the vectors with their ids."""
    ids = np.arange(len(texts), dtype=np.uint64) + (1000 if lang == "de" else 5000)
    lid_paths, emb_paths = [], []
    for i, rows in enumerate(np.array_split(np.arange(len(texts)), shards)):
        lid_paths.append(write_table(lid_table(ids[rows], [texts[r] for r in rows], lang),
                                     tmp_path / f"{lang}-{i}.parquet", LID))
        emb_paths.append(tmp_path / f"{lang}-{i}.npy")
        np.save(emb_paths[-1], vectors[rows].astype(np.float16))
        np.save(ids_path(emb_paths[-1]), ids[rows])
    return lid_paths, emb_paths


def test_load_side_reads_the_shards_in_order(tmp_path):
    texts = [f"Satz {i}." for i in range(7)]
    vectors = unit(np.random.default_rng(0).normal(size=(7, 8)))
    side = load_side("de", *write_shards(tmp_path, "de", texts, vectors, shards=3))
    assert side.texts == texts and side.ids.tolist() == list(range(1000, 1007))
    assert np.allclose(side.vectors.read(0, 7), vectors, atol=1e-2)


@pytest.mark.parametrize("spoil, message", [
    (lambda lid, emb: (lid, emb[::-1]), "embeddings of 'de' do not match its sentence shards"),
    (lambda lid, emb: (lid[:1], emb), "embeddings of 'de' do not match its sentence shards"),
    (lambda lid, emb: (np.save(emb[1], np.load(emb[1])[:-1]), lid, emb)[1:], "do not match its sentence shards"),
    (lambda lid, emb: (ids_path(emb[0]).unlink(), lid, emb)[1:], r"de-0\.ids\.npy: sentence ids not readable"),
])
def test_load_side_refuses_embeddings_that_do_not_follow_the_sentences(tmp_path, spoil, message):
    texts = [f"Satz {i}." for i in range(6)]
    lid, emb = spoil(*write_shards(tmp_path, "de", texts, unit(np.random.default_rng(0).normal(size=(6, 8)))))
    with pytest.raises(BitextError, match=message) as err:
        load_side("de", lid, emb)
    assert "\n" not in str(err.value)


def sides(n_src=60, n_tgt=45, twins=5, dim=32, noise=0.9, seed=2) -> tuple[Side, Side]:
    """Targets are noisy copies of the first sources, the first `twins` sources copied twice (so a
    one-to-one retrieval must leave good candidates out); the other sources have none."""
    rng = np.random.default_rng(seed)
    x = unit(rng.normal(size=(n_src, dim)))
    origin = np.r_[np.arange(n_tgt - twins), np.arange(twins)]
    y = unit(x[origin] + noise * rng.normal(size=(n_tgt, dim)) / np.sqrt(dim))
    src = Side("de", np.arange(n_src, dtype=np.uint64) + 1000, [f"Satz {i} hier." for i in range(n_src)],
               Vectors.from_array(x, "de"))
    tgt = Side("en", np.arange(n_tgt, dtype=np.uint64) + 5000, [f"Sentence {i} here." for i in origin],
               Vectors.from_array(y, "en"))
    return src, tgt


def mined(tmp_path, cfg: MineConfig):
    src, tgt = sides()
    stats = mine_language_pair(src, tgt, tmp_path / "p.parquet", tmp_path / "c.parquet", cfg)
    return src, tgt, stats, read_table(tmp_path / "c.parquet", CANDIDATES), read_table(tmp_path / "p.parquet", PAIRS)


def id_pairs(table: pa.Table) -> list[tuple[int, int]]:
    return list(zip(table.column("src_id").to_pylist(), table.column("tgt_id").to_pylist()))


def check_pairs_follow_candidates(src: Side, tgt: Side, cands: pa.Table, pairs: pa.Table, deciding: str) -> None:
    """Pairs: a subset of the candidates with the same scores, best first, texts of their ids, one-to-one."""
    by_key = dict(zip(id_pairs(cands), zip(*(cands.column(c).to_pylist() for c in ("score", "cosine", "quality")))))
    assert set(id_pairs(pairs)) <= by_key.keys()
    assert [by_key[k] for k in id_pairs(pairs)] == list(zip(*(pairs.column(c).to_pylist()
                                                             for c in ("score", "cosine", "quality"))))
    assert np.all(np.diff(pairs.column(deciding).to_numpy()) <= 0)
    text_of = {**dict(zip(src.ids.tolist(), src.texts)), **dict(zip(tgt.ids.tolist(), tgt.texts))}
    assert [text_of[s] for s, _ in id_pairs(pairs)] == pairs.column("src_text").to_pylist()
    assert [text_of[t] for _, t in id_pairs(pairs)] == pairs.column("tgt_text").to_pylist()
    assert set(pairs.column("src_lang").to_pylist()) == {"de"} and set(pairs.column("tgt_lang").to_pylist()) == {"en"}
    assert len({s for s, _ in id_pairs(pairs)}) == pairs.num_rows == len({t for _, t in id_pairs(pairs)})


def test_margin_run_writes_candidates_from_the_floor_and_the_retrievals_pairs(tmp_path):
    cfg = MineConfig(k=4, scoring="margin", threshold=1.04, min_cosine=0.45, index={"kind": "flat"}, device="cpu")
    src, tgt, stats, cands, pairs = mined(tmp_path, cfg)
    everything = score(src.vectors, tgt.vectors, cfg).candidates
    expected = select(score(src.vectors, tgt.vectors, cfg), cfg.threshold, cfg.min_cosine)
    assert set(id_pairs(pairs)) == {(int(src.ids[s]), int(tgt.ids[t])) for s, t in zip(expected.src, expected.tgt)}
    check_pairs_follow_candidates(src, tgt, cands, pairs, "score")
    assert cands.column("quality").null_count == cands.num_rows and pairs.column("quality").null_count == pairs.num_rows
    # candidates from the ratio margin's neutral point (1.0, below the threshold): every one at or above it
    assert cands.num_rows == int((everything.score >= 1.0).sum()) and min(cands.column("score").to_pylist()) >= 1.0

    margin, cosine = cands.column("score").to_numpy(), cands.column("cosine").to_numpy()
    passing = (margin >= cfg.threshold) & (cosine >= cfg.min_cosine)
    assert stats.rows_in == len(everything) and stats.rows_out == pairs.num_rows > 10
    assert dict(stats.drops) == {
        "below_threshold": len(everything) - int((margin >= cfg.threshold).sum()),
        "below_min_cosine": int(((margin >= cfg.threshold) & (cosine < cfg.min_cosine)).sum()),
        "not_retrieved": int(passing.sum()) - pairs.num_rows,
    }
    assert all(n > 0 for n in stats.drops.values())


def test_learned_run_writes_every_candidate_with_its_quality_and_pairs_by_quality(tmp_path):
    cfg = MineConfig(k=4, scoring="learned", calibration="muse", threshold=0.1, min_cosine=0.65,
                     index={"kind": "flat"}, device="cpu")
    src, tgt, stats, cands, pairs = mined(tmp_path, cfg)
    assert cands.num_rows == stats.rows_in == len(score(src.vectors, tgt.vectors, cfg).candidates)
    assert cands.column("quality").null_count == 0 == pairs.column("quality").null_count
    check_pairs_follow_candidates(src, tgt, cands, pairs, "quality")

    quality, cosine = cands.column("quality").to_numpy(), cands.column("cosine").to_numpy()
    passing = (quality >= cfg.threshold) & (cosine >= cfg.min_cosine)
    assert stats.rows_out == pairs.num_rows > 10
    assert dict(stats.drops) == {
        "below_threshold": int((quality < cfg.threshold).sum()),
        "below_min_cosine": int(((quality >= cfg.threshold) & (cosine < cfg.min_cosine)).sum()),
        "not_retrieved": int(passing.sum()) - pairs.num_rows,
    }
    assert all(n > 0 for n in stats.drops.values())
