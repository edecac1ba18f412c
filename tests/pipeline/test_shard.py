import json

import pyarrow.parquet as pq
import pytest

from pipeline.config import ShardConfig
from pipeline.errors import BitextError
from pipeline.schemas import SENTENCES, read_table
from pipeline.shard import shard_language
from pipeline.text.normalize import text_hash

CRAWL = """Home | News | Contact
The council approved the new budget on Monday. Schools will receive more money next year.
OK

Home | News | Contact
The council approved the new budget on Monday.
A very long line without any stop {long}

Home | News | Contact
Cafe\u0301 owners   welcome the    decision. Parking fees will not rise this year.
"""


@pytest.fixture
def crawl(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text(CRAWL.replace("{long}", "word " * 200))
    return path


def rows(paths):
    return [r for p in paths for r in read_table(p, SENTENCES).to_pylist()]


def test_shard_splits_normalises_filters_and_deduplicates(tmp_path, crawl):
    stats_path = tmp_path / "stats.json"
    paths = shard_language("en", [str(crawl)], tmp_path / "out", ShardConfig(), stats_path)
    texts = [r["text"] for r in rows(paths)]
    assert texts == [
        "The council approved the new budget on Monday.",
        "Schools will receive more money next year.",
        "Caf\u00e9 owners welcome the decision.",  # NFC and single spaces
        "Parking fees will not rise this year.",
    ]
    stats = json.loads(stats_path.read_text())
    assert stats["drops"] == {"boilerplate": 3, "duplicate": 1, "too_long": 1, "too_short": 1}
    assert stats["rows_in"] == stats["rows_out"] + sum(stats["drops"].values()) == 4 + 6


def test_sentence_ids_are_stable_hashes_and_provenance_is_kept(tmp_path, crawl):
    paths = shard_language("en", [str(crawl)], tmp_path / "out", ShardConfig())
    first = rows(paths)[0]
    assert first["sent_id"] == text_hash(first["text"])
    assert (first["source"], first["doc_id"], first["position"]) == (str(crawl), 0, 0)
    last = rows(paths)[-1]
    assert (last["doc_id"], last["position"]) == (2, 1)
    again = shard_language("en", [str(crawl)], tmp_path / "again", ShardConfig())
    assert [r["sent_id"] for r in rows(again)] == [r["sent_id"] for r in rows(paths)]


def test_shards_are_bounded_and_stale_shards_removed(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("\n\n".join(f"This is distinct sentence number {i}." for i in range(25)))
    out = tmp_path / "out"
    paths = shard_language("en", [str(path)], out, ShardConfig(max_rows_per_shard=10))
    assert [pq.ParquetFile(p).metadata.num_rows for p in paths] == [10, 10, 5]
    assert pq.read_schema(paths[0]).equals(SENTENCES, check_metadata=False)
    paths = shard_language("en", [str(path)], out, ShardConfig(max_rows_per_shard=20))
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]


def test_duplicates_are_dropped_across_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Shared sentence across files.\n")
    b.write_text("Shared sentence across files.\nOnly in the second file.\n")
    texts = [r["text"] for r in rows(shard_language("en", [str(a), str(b)], tmp_path / "o", ShardConfig()))]
    assert texts == ["Shared sentence across files.", "Only in the second file."]


def test_input_with_nothing_usable_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(BitextError, match="no sentences left for language 'en'"):
        shard_language("en", [str(empty)], tmp_path / "out", ShardConfig())
