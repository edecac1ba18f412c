"""A pair mined as many units gives the one-process path's pairs, resumes per unit, rebuilds damaged indexes."""

import json

import numpy as np
import pyarrow.parquet as pq
import pytest

from pipeline.config import IndexConfig, MineConfig, load_config
from pipeline.embed import ids_path
from pipeline.errors import BitextError
from pipeline.mining import select_task
from pipeline.mining.index import checksum_path
from pipeline.mining.pairs import Side, mine_sides, write_mining
from pipeline.mining.tasks import pair_job, pair_units
from pipeline.mining.vectors import Vectors
from pipeline.schemas import LID, write_table
from pipeline.work import run_in_process
from pipeline.workdir import RunLayout

from .test_mine import noisy_copies

ENCODER = "hashing"
MINED_COLUMNS = ["src_lang", "tgt_lang", "src_id", "tgt_id", "src_text", "tgt_text", "score", "cosine", "quality"]


def plain_text(lang: str, r: int) -> str:
    return f"{lang} sentence {r}"


def varied_text(lang: str, r: int) -> str:
    """Texts whose lengths, end punctuation and numbers vary, so that every learned feature matters."""
    return f"{lang} {'word ' * (r % 7)}{r % 5 if r % 4 else ''} {'.' if r % 3 else '!'}"


def write_side(layout: RunLayout, lang: str, vectors: np.ndarray, shard_rows: int, text=plain_text) -> list[str]:
    """A language's sentence shards (with provenance) and embeddings, as the lid and embed stages write them."""
    names = []
    for i, start in enumerate(range(0, len(vectors), shard_rows)):
        rows = range(start, min(start + shard_rows, len(vectors)))
        name = f"crawl/part-{i:05d}"
        ids = np.array([(hash((lang, r)) & 0x7FFFFFFFFFFF) + 1 for r in rows], np.uint64)
        write_table(_lid_table(ids, lang, rows, text), layout.lid_path(lang, name), LID)
        path = layout.embeddings_path(ENCODER, lang, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors[rows.start:rows.stop].astype(np.float16))
        np.save(ids_path(path), ids)
        names.append(name)
    return names


def _lid_table(ids, lang, rows, text):
    import pyarrow as pa

    return pa.table({"sent_id": ids, "text": [text(lang, r) for r in rows],
                     "source": [f"{lang}.warc.gz"] * len(rows), "doc_id": [r // 3 for r in rows],
                     "position": pa.array([r % 3 for r in rows], pa.int32()),
                     "doc_meta": [json.dumps({"url": f"https://{lang}.example/{r // 3}"}) if r % 2 else None
                                  for r in rows],
                     "lid_lang": [lang] * len(rows),
                     "lid_score": pa.array([0.5 + (r % 50) / 100 for r in rows], pa.float32())})


def workdir(tmp_path, n_src=300, n_tgt=240, shard_rows=70, seed=0, text=plain_text):
    x, y = noisy_copies(n_src, n_tgt, dim=32, noise=0.8, seed=seed)
    layout = RunLayout(tmp_path / "work")
    return layout, {lang: write_side(layout, lang, v, shard_rows, text) for lang, v in (("de", x), ("en", y))}


def mine_as_tasks(layout, shards, cfg):
    return run_in_process(pair_units(pair_job(layout, ENCODER, "de", "en", shards, cfg)))


def mine_in_one_process(layout, shards, cfg, out):
    sides = []
    for lang in ("de", "en"):
        lids = [pq.read_table(layout.lid_path(lang, s)) for s in shards[lang]]
        vectors = Vectors.from_files([layout.embeddings_path(ENCODER, lang, s) for s in shards[lang]])
        sides.append(Side(lang, np.concatenate([t["sent_id"].to_numpy() for t in lids]),
                          [x for t in lids for x in t["text"].to_pylist()], vectors))
    result = mine_sides(*sides, cfg)
    stats = write_mining(result, *sides, cfg, out / "pairs.parquet", out / "candidates.parquet")
    return stats


def settled(**kw) -> MineConfig:
    return MineConfig(scoring="margin", threshold=1.0, min_cosine=0.0, **kw).settled(None)


def learned(**kw) -> MineConfig:
    """muse's calibrated learned scorer (the default of a muse run), at a threshold these data pass."""
    return MineConfig(**{"scoring": "learned", "calibration": "muse", "threshold": 0.2, "min_cosine": 0.0,
                         "relative_floor": -1.0, **kw}).settled(None)


APPROX = dict(index=IndexConfig(kind="ivf-flat", nlist=4, nprobe=2, train_size=200, shard_rows=100))


@pytest.mark.parametrize("make, settings", [
    (settled, dict(task_rows=64, block_size=16)), (settled, dict(task_rows=10_000)),
    (settled, dict(task_rows=50, block_size=32, **APPROX)),
    (settled, dict(task_rows=100, retrieval="intersect", score_max=1.3, k=3)),
    (learned, dict(task_rows=64, block_size=16)), (learned, dict(task_rows=50, block_size=32, **APPROX)),
    (learned, dict(task_rows=100, retrieval="intersect", score_max=1.3, k=3, candidate_floor=0.9)),
    (learned, dict(task_rows=64, block_size=16, min_cosine=1.0, relative_floor=0.1))],
    ids=["exact-blocks", "exact-one-block", "ivf-shards", "intersect-capped",
         "learned-blocks", "learned-ivf-shards", "learned-intersect-capped-floor", "learned-relative-floor"])
def test_task_plan_gives_the_one_process_pairs(tmp_path, make, settings):
    layout, shards = workdir(tmp_path, text=varied_text)
    cfg = make(**settings)
    outcomes = mine_as_tasks(layout, shards, cfg)
    expected = mine_in_one_process(layout, shards, cfg, tmp_path)

    pairs = pq.read_table(layout.pairs_path("de", "en"))
    want = pq.read_table(tmp_path / "pairs.parquet")
    assert pairs.num_rows == want.num_rows > 20
    for column in MINED_COLUMNS:
        if column in ("score", "cosine", "quality"):
            assert np.allclose(pairs[column].to_numpy(), want[column].to_numpy(), atol=1e-5, equal_nan=True), column
        else:
            assert pairs[column] == want[column], column
    got_cands = pq.read_table(layout.candidates_path("de", "en"))
    want_cands = pq.read_table(tmp_path / "candidates.parquet")
    assert got_cands["src_id"] == want_cands["src_id"] and got_cands["tgt_id"] == want_cands["tgt_id"]
    assert np.allclose(got_cands["quality"].to_numpy(), want_cands["quality"].to_numpy(), atol=1e-6, equal_nan=True)
    assert (cfg.scoring == "learned") == (pairs["quality"].null_count == 0)
    [stats] = outcomes["mine:de-en"].stats
    recorded = json.loads(stats.read_text())
    assert recorded["drops"] == dict(sorted(expected.drops.items()))
    assert recorded["values"] == expected.values
    if settings.get("relative_floor") is not None:   # the pair's own floor (level - 0.1) bites, alike in both paths
        assert expected.drops["below_min_cosine"] > 0
        assert expected.values["cosine_floor"] < cfg.min_cosine
    else:
        assert expected.values == {"cosine_floor": cfg.min_cosine}


@pytest.mark.parametrize("scoring", ["margin", "learned"])
def test_runs_merged_a_few_rows_at_a_time_give_the_same_pairs(tmp_path, monkeypatch, scoring):
    """At scale a merge batch is a sliver of each run: the decision, carried over from batch to batch (used
    sentences, each target's first candidate), must not depend on where the batches end. Threshold 0: the
    sources without a translation pass it, so which target's best they are decides."""
    monkeypatch.setattr(select_task, "_batch_rows", lambda runs: 5)

    def make(**kw):
        return MineConfig(scoring=scoring, calibration="muse", threshold=0.0, min_cosine=0.0, **kw).settled(None)

    test_task_plan_gives_the_one_process_pairs(tmp_path, make, dict(task_rows=100, retrieval="intersect", k=3))


def test_pairs_carry_provenance_of_both_sides(tmp_path):
    layout, shards = workdir(tmp_path)
    mine_as_tasks(layout, shards, settled(task_rows=100))
    pairs = pq.read_table(layout.pairs_path("de", "en")).to_pylist()
    for pair in pairs:
        row = int(pair["tgt_text"].split()[-1])
        assert pair["tgt_source"] == "en.warc.gz" and pair["tgt_doc_id"] == row // 3
        assert pair["tgt_url"] == (f"https://en.example/{row // 3}" if row % 2 else None)
        assert pair["tgt_lid_score"] == pytest.approx(0.5 + (row % 50) / 100)
        assert pair["src_source"] == "de.warc.gz"


def test_score_max_counts_near_copies_under_their_own_reason(tmp_path):
    layout, shards = workdir(tmp_path)
    capped = mine_as_tasks(layout, shards, settled(task_rows=100, score_max=1.2))
    [stats] = capped["mine:de-en"].stats
    drops = json.loads(stats.read_text())["drops"]
    assert drops["above_score_max"] > 0
    pairs = pq.read_table(layout.pairs_path("de", "en"))
    assert pairs.num_rows and max(pairs["score"].to_pylist()) <= 1.2


def test_a_rerun_redoes_nothing_and_a_new_threshold_only_the_decision(tmp_path):
    layout, shards = workdir(tmp_path)
    first = mine_as_tasks(layout, shards, settled(task_rows=64, **APPROX))
    assert all(o.ran for o in first.values())
    again = mine_as_tasks(layout, shards, settled(task_rows=64, **APPROX))
    assert not any(o.ran for o in again.values())
    changed = mine_as_tasks(layout, shards, settled(task_rows=64, score_max=1.5, **APPROX))
    assert sorted(u for u, o in changed.items() if o.ran) == ["mine:de-en", "select:de-en"]


def test_a_damaged_index_is_detected_by_checksum_and_rebuilt(tmp_path):
    layout, shards = workdir(tmp_path)
    cfg = settled(task_rows=64, **APPROX)
    mine_as_tasks(layout, shards, cfg)
    before = pq.read_table(layout.pairs_path("de", "en"))
    [index] = [p for p in layout.index_dir(ENCODER).rglob("shard-0001.faiss") if "/en/" in str(p)]
    intact = index.read_bytes()
    damaged = bytearray(intact)
    damaged[len(damaged) // 2:len(damaged) // 2 + 64] = bytes(64)     # same size: only the checksum tells
    index.write_bytes(bytes(damaged))
    searches = list((layout.root / "manifests/mine-search/de-en/fwd").glob("*-b0001.json"))
    for manifest in searches:
        manifest.unlink()                    # the searches of that shard must run again and read it
    again = mine_as_tasks(layout, shards, cfg)
    assert index.read_bytes() == intact and checksum_path(index).is_file()
    assert sum(o.ran for u, o in again.items() if u.startswith("search:")) == len(searches) == 5
    assert pq.read_table(layout.pairs_path("de", "en")) == before


@pytest.mark.parametrize("settings, shard_rows", [(dict(task_rows=10**9), 10**9), (dict(task_rows=1), 70)])
def test_block_and_shard_sizes_beyond_the_corpus_are_clamped(tmp_path, settings, shard_rows):
    layout, shards = workdir(tmp_path, n_src=40, n_tgt=30, shard_rows=16)
    cfg = settled(**settings, index=IndexConfig(shard_rows=shard_rows))
    job = pair_job(layout, ENCODER, "de", "en", shards, cfg)
    assert job.blocks(job.src)[-1][1] == 40 and job.base_shards(job.tgt)[-1][1] == 30
    mine_as_tasks(layout, shards, cfg)
    expected = mine_in_one_process(layout, shards, cfg, tmp_path)
    assert pq.read_table(layout.pairs_path("de", "en")).num_rows == expected.rows_out


@pytest.mark.parametrize("mine, key", [("{task_rows: 0}", "mine.task_rows"), ("{block_size: 0}", "mine.block_size"),
                                       ("{index: {shard_rows: 0}}", "mine.index.shard_rows")])
def test_sizes_of_zero_are_refused_in_one_line(tmp_path, mine, key):
    config = tmp_path / "run.yaml"
    config.write_text("workdir: w\nlanguages: {de: {inputs: [a.txt]}, en: {inputs: [b.txt]}}\npairs: [de-en]\n"
                      f"mine: {mine}\n")
    with pytest.raises(BitextError) as err:
        load_config(config)
    assert f"key '{key}': Input should be greater than 0" in str(err.value) and "\n" not in str(err.value)


def test_a_truncated_embedding_shard_is_a_one_line_error(tmp_path):
    layout, shards = workdir(tmp_path)
    path = layout.embeddings_path(ENCODER, "en", shards["en"][1])
    np.save(path, np.load(path)[:10])
    with pytest.raises(BitextError, match="do not match the sentences"):
        pair_job(layout, ENCODER, "de", "en", shards, settled())
