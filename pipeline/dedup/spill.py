"""Rows keyed by a 64-bit hash, spilled to disk and read back in groups that each hold every row of their keys.

This is how exact deduplication and line counting stay within a fixed memory budget on any crawl size
(a grace hash partitioning): rows are appended to one Arrow file in arrival order; when it is read back
and is larger than the budget, it is split on the next 4 bits of the key into 16 files, recursively,
until each part fits. Splitting keeps arrival order inside a part, so "first occurrence" still means
first in the input. A crawl that fits the budget is read back whole, in input order.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_FANOUT_BITS = 4
_MAX_DEPTH = 64 // _FANOUT_BITS - 1


class HashSpill:
    def __init__(self, directory: Path, schema: pa.Schema, max_bytes: int, key: str = "key"):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.schema, self.max_bytes, self.key = schema, max_bytes, key
        self._root = self.directory / "0.arrow"
        self._writer = pa.ipc.new_stream(str(self._root), schema)

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self._writer.write_batch(batch)

    def groups(self) -> Iterator[pa.Table]:
        """Tables that each hold every row of their keys, each within the budget unless one key outgrows it."""
        self._writer.close()
        yield from self._groups(self._root, 0)
        shutil.rmtree(self.directory, ignore_errors=True)

    def _groups(self, path: Path, depth: int) -> Iterator[pa.Table]:
        if path.stat().st_size <= self.max_bytes or depth >= _MAX_DEPTH:
            with pa.OSFile(str(path)) as fh:
                table = pa.ipc.open_stream(fh).read_all()
            path.unlink()
            yield table
            return
        parts = self._split(path, depth)
        for part in parts:
            yield from self._groups(part, depth + 1)

    def _split(self, path: Path, depth: int) -> list[Path]:
        shift = np.uint64(64 - _FANOUT_BITS * (depth + 1))
        mask = np.uint64((1 << _FANOUT_BITS) - 1)
        parts = [path.with_name(f"{path.stem}-{i:x}.arrow") for i in range(1 << _FANOUT_BITS)]
        writers = [pa.ipc.new_stream(str(p), self.schema) for p in parts]
        with pa.OSFile(str(path)) as fh:
            for batch in pa.ipc.open_stream(fh):
                bucket = (batch.column(self.key).to_numpy() >> shift) & mask
                for i in np.unique(bucket):
                    writers[int(i)].write_batch(batch.filter(pa.array(bucket == i)))
        for writer in writers:
            writer.close()
        path.unlink()
        return parts


def first_occurrences(keys: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Boolean mask: True where a key appears for the first time in this order."""
    values = np.asarray(keys.to_numpy() if isinstance(keys, pa.Array) else pc.cast(keys, pa.uint64()).to_numpy())
    keep = np.zeros(len(values), dtype=bool)
    keep[np.unique(values, return_index=True)[1]] = True
    return keep
