import pyarrow as pa

from pipeline.file_dedup import drop_held
from pipeline.schemas import SENTENCES, read_table, write_table
from pipeline.stats import StageStats


def _shard(path, texts):
    table = pa.table({"sent_id": pa.array([hash(t) % 2**63 for t in texts], pa.uint64()), "text": texts,
                      "source": ["f"] * len(texts), "doc_id": pa.array([0] * len(texts), pa.int64()),
                      "position": pa.array(range(len(texts)), pa.int32())})
    return write_table(table, path, SENTENCES)


def test_sentences_held_by_earlier_files_are_dropped_and_counted(tmp_path):
    earlier = [_shard(tmp_path / "a/part-00000.parquet", ["one", "two"])]
    new = [_shard(tmp_path / "b/part-00000.parquet", ["two", "three"]),
           _shard(tmp_path / "b/part-00001.parquet", ["one"])]
    (tmp_path / "out").mkdir()
    _shard(tmp_path / "out/part-00007.parquet", ["stale"])
    written, stats = drop_held("en", new, earlier, tmp_path / "out")
    assert written == [tmp_path / "out/part-00000.parquet"]  # the all-duplicate shard is not written
    assert read_table(written[0], SENTENCES).column("text").to_pylist() == ["three"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["part-00000.parquet"]
    expected = StageStats("dedup", "en", rows_out=1)
    expected.drop("duplicate_of_earlier_file", 2)
    assert stats == expected and stats.rows_in == 3


def test_no_earlier_files_keeps_every_row(tmp_path):
    shards = [_shard(tmp_path / "a/part-00000.parquet", ["one", "two"])]
    written, stats = drop_held("en", shards, [], tmp_path / "out")
    assert read_table(written[0], SENTENCES).column("text").to_pylist() == ["one", "two"]
    assert (stats.rows_in, stats.rows_out, dict(stats.drops)) == (2, 2, {})
