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

    def keys_seen_at_least(self, min_count: int) -> np.ndarray:
        """Sorted keys counted `min_count` times or more (few: repeated lines, not the crawl)."""
        self._flush()
        found = []
        for table in self._spill.groups():
            totals = table.group_by("key").aggregate([("count", "sum")])
            counts = totals.column("count_sum").to_numpy()
            found.append(totals.column("key").to_numpy()[counts >= min_count])
        return np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.uint64)

    def _flush(self) -> None:
        if self._buffer:
            keys, counts = np.unique(np.array(self._buffer, dtype=np.uint64), return_counts=True)
            self._spill.write(pa.record_batch([keys, counts.astype(np.uint64)], schema=_SCHEMA))
            self._buffer.clear()
