import gzip
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


def rows(result):
    return [r for p in result.shards for r in read_table(p, SENTENCES).to_pylist()]


def texts(result):
    return [r["text"] for r in rows(result)]


def test_shard_splits_normalises_filters_and_deduplicates(tmp_path, crawl):
    result = shard_language("en", [str(crawl)], tmp_path / "out", ShardConfig(), tmp_path / "stats")
    assert texts(result) == [
        "The council approved the new budget on Monday.",
        "Schools will receive more money next year.",
        "Caf\u00e9 owners welcome the decision.",  # NFC and single spaces
        "Parking fees will not rise this year.",
    ]
    stats = json.loads(result.stats[0].read_text())
    assert stats["shard"] == str(crawl)
    assert stats["drops"] == {"boilerplate": 3, "duplicate": 1, "too_long": 1, "too_short": 1}
    assert stats["rows_in"] == stats["rows_out"] + sum(stats["drops"].values()) == 4 + 6


def test_sentence_ids_are_stable_hashes_and_provenance_is_kept(tmp_path, crawl):
    result = shard_language("en", [str(crawl)], tmp_path / "out", ShardConfig())
    first = rows(result)[0]
    assert first["sent_id"] == text_hash(first["text"])
    assert (first["source"], first["doc_id"], first["position"]) == (str(crawl), 0, 0)
    last = rows(result)[-1]
    assert (last["doc_id"], last["position"]) == (2, 1)
    again = shard_language("en", [str(crawl)], tmp_path / "again", ShardConfig())
    assert [r["sent_id"] for r in rows(again)] == [r["sent_id"] for r in rows(result)]


def test_jsonl_fields_are_kept_as_document_metadata(tmp_path):
    path = tmp_path / "fr.jsonl"
    path.write_text(json.dumps({"text": "Le musée est fermé le lundi.", "url": "https://m.example/"}) + "\n")
    (row,) = rows(shard_language("fr", [str(path)], tmp_path / "out", ShardConfig()))
    assert json.loads(row["doc_meta"]) == {"url": "https://m.example/"}


def test_shards_are_bounded_and_stale_shards_removed(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("\n\n".join(f"This is distinct sentence number {i}." for i in range(25)))
    out = tmp_path / "out"
    result = shard_language("en", [str(path)], out, ShardConfig(max_rows_per_shard=10))
    assert [pq.ParquetFile(p).metadata.num_rows for p in result.shards] == [10, 10, 5]
    assert pq.read_schema(result.shards[0]).equals(SENTENCES, check_metadata=False)
    shard_language("en", [str(path)], out, ShardConfig(max_rows_per_shard=20))
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]


def test_duplicates_are_dropped_across_files_and_counted_where_they_repeat(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Shared sentence across files.\n")
    b.write_text("Shared sentence across files.\nOnly in the second file.\n")
    result = shard_language("en", [str(a), str(b)], tmp_path / "o", ShardConfig(), tmp_path / "stats")
    assert texts(result) == ["Shared sentence across files.", "Only in the second file."]
    per_file = [json.loads(p.read_text()) for p in result.stats]
    assert [(s["rows_in"], s["rows_out"], s["drops"]) for s in per_file] == [(1, 1, {}), (2, 1, {"duplicate": 1})]


def test_deduplication_is_exact_when_the_crawl_is_larger_than_memory_budget(tmp_path):
    # ~3 MB of sentences against a 1 MB budget: the spill is split into hash partitions.
    lines = [f"Sentence {i % 9000} of the large crawl is written here." for i in range(30000)]
    path = tmp_path / "big.txt"
    path.write_text("\n".join(lines) + "\n")
    result = shard_language("en", [str(path)], tmp_path / "o", ShardConfig(spill_partition_mb=1, min_words=1,
                                                                            boilerplate_min_repeats=0))
    kept = texts(result)
    assert len(kept) == len(set(kept)) == 9000
    assert set(kept) == set(lines)


def test_near_duplicates_are_dropped_when_asked(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("The blue jacket costs 12.99 EUR in our shop today.\n"
                    "The blue jacket costs 13.49 EUR in our shop today.\n"
                    "A completely different sentence about trains.\n")
    assert len(texts(shard_language("en", [str(path)], tmp_path / "a", ShardConfig()))) == 3
    result = shard_language("en", [str(path)], tmp_path / "b", ShardConfig(near_dedup_threshold=0.7),
                            tmp_path / "stats")
    assert texts(result) == ["The blue jacket costs 12.99 EUR in our shop today.",
                             "A completely different sentence about trains."]
    assert json.loads(result.stats[0].read_text())["drops"] == {"near_duplicate": 1}


def test_bad_inputs_are_counted_and_what_came_before_is_kept(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(b"Valid sentence before the fault.\n" + b"Caf\xe9 au lait\n" + b"Valid sentence after it.\n")
    truncated = tmp_path / "cut.txt.gz"
    body = "".join(f"Truncated file sentence {i}.\n" for i in range(5000)).encode()
    truncated.write_bytes(gzip.compress(body)[:-100])
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 1000)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    broken = tmp_path / "docs.jsonl"
    broken.write_text('{"text": "Sentence from the JSON file."}\n{"text": "unterminated\n')
    inputs = [str(p) for p in [good, truncated, binary, empty, broken]]
    result = shard_language("en", inputs, tmp_path / "out", ShardConfig(), tmp_path / "stats")
    kept = texts(result)
    assert kept[:2] == ["Valid sentence before the fault.", "Valid sentence after it."]
    assert "Truncated file sentence 0." in kept and "Sentence from the JSON file." in kept
    drops = [json.loads(p.read_text())["drops"] for p in result.stats]
    assert drops == [{"invalid_utf8": 1}, {"unreadable_file": 1}, {"binary_file": 1}, {}, {"invalid_json": 1}]


def test_strict_mode_stops_at_the_first_damaged_file_with_one_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Valid sentence here.\n\xff\xfe broken\n")
    out = tmp_path / "out"
    with pytest.raises(BitextError, match=r"bad\.txt: line 2 is not valid UTF-8"):
        shard_language("en", [str(path)], out, ShardConfig(strict=True))
    assert not list(out.parent.rglob("*.parquet")) and not list(out.parent.glob(".spill-*"))


def test_input_with_nothing_usable_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(BitextError, match="no sentences left for language 'en'"):
        shard_language("en", [str(empty)], tmp_path / "out", ShardConfig())
