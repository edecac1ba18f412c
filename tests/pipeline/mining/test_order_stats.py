"""Quantiles and medians of values in parts equal numpy's on everything at once, in memory set by a part."""

import tracemalloc

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.mining.features import length_centre
from pipeline.mining.learned_tasks import streamed_length_centre
from pipeline.mining.order_stats import median, quantile


def _values(rng, n: int, kind: str) -> np.ndarray:
    x = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 3)
    return {"normal": x, "rounded (ties)": np.round(x, 1), "few values": rng.integers(-3, 3, n).astype(float),
            "zeros and signs": np.where(rng.random(n) < 0.3, -0.0, np.abs(x)),
            "huge and tiny": x * 10.0 ** rng.integers(-300, 300, n)}[kind]


@pytest.mark.parametrize("kind", ["normal", "rounded (ties)", "few values", "zeros and signs", "huge and tiny"])
def test_quantile_and_median_of_parts_equal_numpy_on_the_whole(kind):
    rng = np.random.default_rng(len(kind))
    for n in [1, 2, 3, 10, 11, *rng.integers(12, 5000, 30).tolist()]:
        x = _values(rng, n, kind)
        parts = np.split(x, np.sort(rng.integers(0, n, rng.integers(0, 8)))).__iter__   # some parts empty
        for q in (0.0, 0.1, 0.5, 0.9, 0.999, 1.0):
            assert quantile(parts, q) == np.quantile(x, q), (n, q)
        assert median(parts) == np.median(x), n


def test_no_values_give_none():
    assert quantile(lambda: iter([]), 0.9) is None
    assert median(lambda: iter([np.zeros(0)])) is None


def test_memory_is_a_part_not_the_whole():
    """4M values in 200 parts (32 MB together), made one at a time: the selection's peak is a few copies of a part
    (160 kB) and its 65,536-bin histograms (512 kB each), whatever the number of parts."""
    def parts():
        for i in range(200):
            yield np.random.default_rng(i).standard_normal(20_000)

    tracemalloc.start()
    got = quantile(parts, 0.9), median(parts)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    whole = np.concatenate(list(parts()))
    assert got == (np.quantile(whole, 0.9), np.median(whole))
    assert peak < 4_000_000 <= whole.nbytes / 8, peak


def test_length_centre_of_parts_on_disk_equals_the_one_process_centre(tmp_path):
    rng = np.random.default_rng(5)
    dist, log_len = np.round(rng.standard_normal(3001), 2), np.round(rng.standard_normal(3001), 1)
    paths = []
    for i, (a, b) in enumerate(zip(np.array_split(dist, 7), np.array_split(log_len, 7))):
        paths.append(tmp_path / f"run-{i}.parquet")
        pq.write_table(pa.table({"tgt": np.arange(len(a)), "distance_margin": a, "log_len": b}), paths[-1])
    assert streamed_length_centre(paths) == length_centre(dist, log_len) != 0.0
    assert streamed_length_centre([]) == length_centre(np.zeros(0), np.zeros(0)) == 0.0
