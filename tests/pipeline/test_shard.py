import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.config import ShardConfig
from pipeline.errors import BitextError
from pipeline.file_dedup import drop_held
from pipeline.schemas import SENTENCES, read_table
from pipeline.shard import NoSentencesLeft, shard_file
from pipeline.stats import StageStats
from pipeline.text.normalize import text_hash


@dataclass
class Sharded:
    shards: list[Path]
    stats: list[StageStats]          # per file, stage "shard"
    dedup: list[StageStats | None]   # per file, stage "dedup" (None: the file had nothing left)


def shard_files(lang, paths, out_dir, cfg) -> Sharded:
    """Several files the way the flow composes them: each sharded alone, in order, then stripped of the
    sentences earlier files hold; a file with nothing left counts its drops and adds no shard."""
    result = Sharded([], [], [])
    for i, path in enumerate(paths):
        try:
            own = shard_file(lang, path, out_dir / f"file-{i}", cfg)
        except NoSentencesLeft as exc:
            result.stats.append(exc.stats)
            result.dedup.append(None)
            continue
        kept, dedup = drop_held(lang, own.shards, result.shards, out_dir / f"kept-{i}")
        result.shards += kept
        result.stats.append(own.stats)
        result.dedup.append(dedup)
    return result


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
    result = shard_file("en", crawl, tmp_path / "out", ShardConfig())
    assert texts(result) == [
        "The council approved the new budget on Monday.",
        "Schools will receive more money next year.",
        "Caf\u00e9 owners welcome the decision.",  # NFC and single spaces
        "Parking fees will not rise this year.",
    ]
    stats = result.stats
    assert (stats.stage, stats.shard) == ("shard", str(crawl))
    assert stats.drops == {"boilerplate": 3, "duplicate": 1, "too_long": 1, "too_short": 1}
    assert stats.rows_in == stats.rows_out + sum(stats.drops.values()) == 4 + 6
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["part-00000.parquet"]   # no stats file


def test_sentence_ids_are_stable_hashes_and_provenance_is_kept(tmp_path, crawl):
    result = shard_file("en", crawl, tmp_path / "out", ShardConfig())
    first = rows(result)[0]
    assert first["sent_id"] == text_hash(first["text"])
    assert (first["source"], first["doc_id"], first["position"]) == (str(crawl), 0, 0)
    last = rows(result)[-1]
    assert (last["doc_id"], last["position"]) == (2, 1)
    again = shard_file("en", crawl, tmp_path / "again", ShardConfig())
    assert [r["sent_id"] for r in rows(again)] == [r["sent_id"] for r in rows(result)]


def test_jsonl_fields_are_kept_as_document_metadata(tmp_path):
    path = tmp_path / "fr.jsonl"
    path.write_text(json.dumps({"text": "Le musée est fermé le lundi.", "url": "https://m.example/"}) + "\n")
    (row,) = rows(shard_file("fr", path, tmp_path / "out", ShardConfig()))
    assert json.loads(row["doc_meta"]) == {"url": "https://m.example/"}


def test_shards_are_bounded_and_stale_shards_removed(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("\n\n".join(f"This is distinct sentence number {i}." for i in range(25)))
    out = tmp_path / "out"
    result = shard_file("en", path, out, ShardConfig(max_rows_per_shard=10))
    assert [pq.ParquetFile(p).metadata.num_rows for p in result.shards] == [10, 10, 5]
    assert pq.read_schema(result.shards[0]).equals(SENTENCES, check_metadata=False)
    shard_file("en", path, out, ShardConfig(max_rows_per_shard=20))
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]


def test_duplicates_are_dropped_across_files_and_counted_where_they_repeat(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Shared sentence across files.\n")
    b.write_text("Shared sentence across files.\nOnly in the second file.\n")
    result = shard_files("en", [a, b], tmp_path / "o", ShardConfig())
    assert texts(result) == ["Shared sentence across files.", "Only in the second file."]
    assert [(s.rows_in, s.rows_out, s.drops) for s in result.stats] == [(1, 1, {}), (2, 2, {})]
    assert [(s.rows_in, s.rows_out, s.drops) for s in result.dedup] == [
        (1, 1, {}), (2, 1, {"duplicate_of_earlier_file": 1})]


def test_deduplication_is_exact_when_the_crawl_is_larger_than_memory_budget(tmp_path):
    # ~3 MB of sentences against a 1 MB budget: the spill is split into hash partitions.
    lines = [f"Sentence {i % 9000} of the large crawl is written here." for i in range(30000)]
    path = tmp_path / "big.txt"
    path.write_text("\n".join(lines) + "\n")
    result = shard_file("en", path, tmp_path / "o", ShardConfig(spill_partition_mb=1, min_words=1,
                                                                 boilerplate_min_repeats=0))
    kept = texts(result)
    assert len(kept) == len(set(kept)) == 9000
    assert set(kept) == set(lines)


def test_near_duplicates_are_dropped_when_asked(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("The blue jacket costs 12.99 EUR in our shop today.\n"
                    "The blue jacket costs 13.49 EUR in our shop today.\n"
                    "A completely different sentence about trains.\n")
    assert len(texts(shard_file("en", path, tmp_path / "a", ShardConfig()))) == 3
    result = shard_file("en", path, tmp_path / "b", ShardConfig(near_dedup_threshold=0.7))
    assert texts(result) == ["The blue jacket costs 12.99 EUR in our shop today.",
                             "A completely different sentence about trains."]
    assert result.stats.drops == {"near_duplicate": 1}


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
    result = shard_files("en", [good, truncated, binary, empty, broken], tmp_path / "out", ShardConfig())
    kept = texts(result)
    assert kept[:2] == ["Valid sentence before the fault.", "Valid sentence after it."]
    assert "Truncated file sentence 0." in kept and "Sentence from the JSON file." in kept
    drops = [s.drops for s in result.stats]
    assert drops == [{"invalid_utf8": 1}, {"unreadable_file": 1}, {"binary_file": 1}, {}, {"invalid_json": 1}]


def test_strict_mode_stops_at_the_first_damaged_file_with_one_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Valid sentence here.\n\xff\xfe broken\n")
    out = tmp_path / "out"
    with pytest.raises(BitextError, match=r"bad\.txt: line 2 is not valid UTF-8"):
        shard_file("en", path, out, ShardConfig(strict=True))
    assert not list(out.parent.rglob("*.parquet")) and not list(out.parent.glob(".spill-*"))


def test_input_with_nothing_usable_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(BitextError, match="no sentences left for language 'en'"):
        shard_file("en", empty, tmp_path / "out", ShardConfig())


def test_a_file_with_nothing_left_says_why_in_its_stats(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text("OK\nHi\n\nNo\n")
    with pytest.raises(NoSentencesLeft, match=r"menu\.txt \(dropped: \{'too_short': 3\}\)") as caught:
        shard_file("en", path, tmp_path / "out", ShardConfig())
    stats = caught.value.stats
    assert (stats.stage, stats.shard, stats.rows_in, stats.rows_out) == ("shard", str(path), 3, 0)


def test_boilerplate_is_counted_within_each_file_so_a_file_shards_the_same_alone_or_with_others(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Home | News | Contact\nThe first article starts here.\n\nHome | News | Contact\n")
    b.write_text("Home | News | Contact\nThe second article starts here.\n")
    # Three times over both files, but under three times in each: no file holds it as boilerplate.
    together = shard_files("en", [a, b], tmp_path / "both", ShardConfig(boilerplate_min_repeats=3))
    assert [s.drops for s in together.stats] == [{"duplicate": 1}, {}]
    assert texts(together) == ["Home | News | Contact", "The first article starts here.",
                               "The second article starts here."]
    # Twice in a: boilerplate there, both times; once in b: kept there, whether b is sharded alone or not.
    cfg = ShardConfig(boilerplate_min_repeats=2)
    twice = shard_files("en", [a, b], tmp_path / "twice", cfg)
    assert [s.drops for s in twice.stats] == [{"boilerplate": 2}, {}]
    alone = shard_file("en", b, tmp_path / "alone", cfg)
    assert texts(alone) == ["Home | News | Contact", "The second article starts here."]
    assert [r["sent_id"] for r in rows(alone)] == [r["sent_id"] for r in read_table(
        twice.shards[-1], SENTENCES).to_pylist()]
