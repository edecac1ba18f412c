"""How often each 64-bit key occurs, counted on disk: finds lines repeated across a whole crawl."""

from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.dedup.spill import HashSpill

_SCHEMA = pa.schema([("key", pa.uint64()), ("count", pa.uint64())])
_BUFFER = 1 << 16


class KeyCounter:
    """Buffers keys, spills them as (key, count) per buffer, and sums the counts one partition at a time."""

    def __init__(self, directory: Path, max_bytes: int):
        self._spill = HashSpill(directory, _SCHEMA, max_bytes)
        self._buffer: list[int] = []

    def add(self, key: int) -> None:
        self._buffer.append(key)
        if len(self._buffer) >= _BUFFER:
            self._flush()

    def keys_seen_at_least(self, min_count: int, path: Path) -> np.ndarray:
        """Sorted keys counted `min_count` times or more, written to `path` and memory-mapped from it.

        Partitions come back in key-prefix order, so their sorted keys appended one after another are sorted
        as a whole; mapped from disk, a crawl with many repeated lines does not hold them all in memory.
        """
        self._flush()
        with open(path, "wb") as fh:
            for table in self._spill.groups():
                fh.write(_keys_with_total(table, min_count).tobytes())
        if not Path(path).stat().st_size:
            return np.zeros(0, dtype=np.uint64)
        return np.memmap(path, dtype=np.uint64, mode="r").view(np.ndarray)   # plain array: faster lookups

    def _flush(self) -> None:
        if self._buffer:
            keys, counts = np.unique(np.array(self._buffer, dtype=np.uint64), return_counts=True)
            self._spill.write(pa.record_batch([keys, counts.astype(np.uint64)], schema=_SCHEMA))
            self._buffer.clear()


def _keys_with_total(table: pa.Table, min_count: int) -> np.ndarray:
    """Sorted keys whose counts in `table` sum to `min_count` or more.

    Sorting and summing runs of equal keys in numpy takes a few copies of the keys; Arrow's hash group_by
    took over ten times the partition's size.
    """
    keys = table.column("key").to_numpy()
    order = np.argsort(keys)
    keys, counts = keys[order], table.column("count").to_numpy()[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=np.intp)
    totals = np.add.reduceat(counts, starts) if len(starts) else counts
    return keys[starts][totals >= min_count]
