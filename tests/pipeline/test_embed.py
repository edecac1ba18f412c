import numpy as np
import pyarrow as pa
import pytest

from pipeline.embed import embed_shard, ids_path, load_embeddings, save_embeddings
from pipeline.errors import BitextError
from pipeline.schemas import LID, write_table
from pipeline.text.normalize import text_hash

TEXTS = ["The library reopens on Saturday.", "Die Bibliothek öffnet am Samstag wieder.", "Il pleut."]


def lid_shard(tmp_path):
    n = len(TEXTS)
    table = pa.table({"sent_id": pa.array([text_hash(t) for t in TEXTS], pa.uint64()), "text": TEXTS,
                      "source": ["x"] * n, "doc_id": pa.array([0] * n, pa.int64()),
                      "position": pa.array(range(n), pa.int32()), "lid_lang": ["en"] * n,
                      "lid_score": pa.array([1.0] * n, pa.float32())})
    return write_table(table, tmp_path / "part-00000.parquet", LID)


def test_embed_shard_writes_normalised_float16_aligned_with_ids(tmp_path, muse):
    out = tmp_path / "emb" / "part-00000.npy"
    stats = embed_shard(lid_shard(tmp_path), out, muse)
    assert (stats.stage, stats.lang, stats.shard, stats.rows_in, stats.rows_out) == ("embed", tmp_path.name,
                                                                                     "part-00000", 3, 3)
    vectors = np.load(out)
    assert vectors.dtype == np.float16 and vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors.astype(np.float32), axis=1), 1.0, atol=1e-2)
    ids, loaded = load_embeddings([out])
    assert ids.tolist() == [text_hash(t) for t in TEXTS]
    assert loaded.dtype == np.float32
    assert loaded[0] @ loaded[1] > loaded[0] @ loaded[2]  # the translation is closer
    assert not list((tmp_path / "emb").glob(".tmp-*"))


def test_row_count_mismatch_between_vectors_and_ids_is_an_error(tmp_path):
    out = save_embeddings(np.ones((3, 4), np.float32), np.arange(3, dtype=np.uint64), tmp_path / "s.npy")
    np.save(ids_path(out), np.arange(2, dtype=np.uint64))
    with pytest.raises(BitextError, match="3 vectors but 2 sentence ids"):
        load_embeddings([out])


def test_missing_embedding_file_is_an_error(tmp_path):
    with pytest.raises(BitextError, match="embedding file not found"):
        load_embeddings([tmp_path / "none.npy"])


def test_embedding_again_rewrites_the_same_vectors_and_mends_a_crashed_shard(tmp_path, muse):
    shard, out = lid_shard(tmp_path), tmp_path / "emb" / "part-00000.npy"
    embed_shard(shard, out, muse)
    first = np.load(out)
    embed_shard(shard, out, muse)      # skipping finished shards is the resume manifests' job, not this one's
    assert np.array_equal(np.load(out), first)
    out.unlink()  # a crash after the ids were written and before the vectors
    with pytest.raises(BitextError, match="embedding file not found"):
        load_embeddings([out])
    embed_shard(shard, out, muse)
    assert np.load(out).shape == (3, 512)
    assert load_embeddings([out])[0].tolist() == [text_hash(t) for t in TEXTS]


def test_embed_stats_count_blank_and_truncated_rows(tmp_path, muse):
    from pipeline.encoders.muse import MAX_TOKENS

    texts = ["  ", "word " * (2 * MAX_TOKENS), "Il pleut."]
    table = pa.table({"sent_id": pa.array(range(3), pa.uint64()), "text": texts, "source": ["x"] * 3,
                      "doc_id": pa.array([0] * 3, pa.int64()), "position": pa.array(range(3), pa.int32()),
                      "lid_lang": ["fr"] * 3, "lid_score": pa.array([1.0] * 3, pa.float32())})
    shard = write_table(table, tmp_path / "fr" / "part-00000.parquet", LID)
    stats = embed_shard(shard, tmp_path / "emb.npy", muse)
    assert (stats.lang, stats.rows_in, stats.rows_out) == ("fr", 3, 2)
    assert stats.drops == {"blank_text_zero_vector": 1}
    assert stats.altered == {"truncated_to_model_max_length": 1}
    assert not np.load(tmp_path / "emb.npy")[0].any()         # the blank row is a zero vector
    assert not list(tmp_path.glob("*.json"))                  # the caller writes the stats


def test_a_shard_larger_than_a_chunk_streams_into_the_same_vectors_in_order(tmp_path, monkeypatch):
    import pipeline.embed
    from pipeline.encoders import get_encoder

    monkeypatch.setattr(pipeline.embed, "_CHUNK", 4)
    texts = [f"sentence number {i} " + "word " * (i % 5) for i in range(11)]
    n = len(texts)
    shard = write_table(pa.table({"sent_id": pa.array([text_hash(t) for t in texts], pa.uint64()), "text": texts,
                                  "source": ["x"] * n, "doc_id": pa.array([0] * n, pa.int64()),
                                  "position": pa.array(range(n), pa.int32()), "lid_lang": ["en"] * n,
                                  "lid_score": pa.array([1.0] * n, pa.float32())}), tmp_path / "s.parquet", LID)
    encoder = get_encoder("hashing")
    embed_shard(shard, tmp_path / "emb.npy", encoder)
    ids, vectors = load_embeddings([tmp_path / "emb.npy"])
    assert ids.tolist() == [text_hash(t) for t in texts]
    assert np.array_equal(vectors, encoder.encode(texts).astype(np.float16).astype(np.float32))
    assert not list(tmp_path.glob(".tmp-*"))


def test_fewer_texts_than_announced_is_an_error_not_a_short_file(tmp_path):
    from pipeline.embed import write_embeddings
    from pipeline.encoders import get_encoder

    with pytest.raises(BitextError, match="2 texts read, 3 expected"):
        write_embeddings([["a", "b"]], 3, get_encoder("hashing"), 8, tmp_path / "v.npy")
