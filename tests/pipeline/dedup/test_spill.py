import numpy as np
import pyarrow as pa

from pipeline.dedup.counts import KeyCounter
from pipeline.dedup.spill import HashSpill, first_occurrences

SCHEMA = pa.schema([("key", pa.uint64()), ("seq", pa.int64())])


def spill_rows(tmp_path, keys, max_bytes):
    spill = HashSpill(tmp_path / "spill", SCHEMA, max_bytes)
    for start in range(0, len(keys), 1000):
        chunk = keys[start:start + 1000]
        spill.write(pa.record_batch([pa.array(chunk, pa.uint64()), pa.array(range(start, start + len(chunk)))],
                                    schema=SCHEMA))
    return list(spill.groups())


def test_small_spill_comes_back_whole_and_in_order(tmp_path):
    keys = np.random.default_rng(0).integers(0, 2**63, 5000, dtype=np.uint64)
    (group,) = spill_rows(tmp_path, keys, max_bytes=10 << 20)
    assert group.column("seq").to_pylist() == list(range(5000))


def test_large_spill_is_partitioned_by_key_and_keeps_arrival_order(tmp_path):
    rng = np.random.default_rng(0)
    keys = rng.choice(rng.integers(0, 2**64 - 1, 3000, dtype=np.uint64), 40000)   # many repeats
    groups = spill_rows(tmp_path, keys, max_bytes=16 << 10)
    assert len(groups) > 16                                    # split more than one level deep
    assert max(g.nbytes for g in groups) <= 16 << 10
    seen_in: dict[int, int] = {}
    for i, group in enumerate(groups):
        seqs = group.column("seq").to_numpy()
        assert np.all(np.diff(seqs) > 0)                       # arrival order kept inside a group
        for key in set(group.column("key").to_pylist()):
            assert seen_in.setdefault(key, i) == i             # every row of a key in one group
    assert sum(g.num_rows for g in groups) == 40000
    assert not list((tmp_path / "spill").glob("*"))           # spill files removed after reading


def test_first_occurrences_marks_the_first_of_each_key():
    assert first_occurrences(pa.array([5, 3, 5, 7, 3, 5], pa.uint64())).tolist() == [
        True, True, False, True, False, False]


def test_key_counter_finds_keys_repeated_often_enough(tmp_path):
    counter = KeyCounter(tmp_path / "c", max_bytes=256 << 10)
    for i in range(200_000):                  # 4 buffers, one key repeated across all of them
        counter.add(7 if i % 1000 == 0 else i * 2654435761 % 2**64)
    assert counter.keys_seen_at_least(3, tmp_path / "keys").tolist() == [7]


def test_repeated_keys_from_many_partitions_come_back_sorted(tmp_path):
    counter = KeyCounter(tmp_path / "c", max_bytes=64 << 10)
    repeated = [k * 0x9E3779B97F4A7C15 % 2**64 for k in range(1, 3001)]
    for rounds in range(3):
        for k in repeated:
            counter.add(k)
        for i in range(20_000):
            counter.add((rounds * 20_000 + i) * 2654435761 % 2**64 + 1)
    keys = counter.keys_seen_at_least(3, tmp_path / "keys")
    assert keys.tolist() == sorted(repeated)
    assert (tmp_path / "keys").stat().st_size == 8 * len(repeated)
