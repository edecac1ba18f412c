"""Merge Parquet runs sorted best first (a key descending, then score descending, then src, tgt
ascending; the key is the margin `score` itself unless a learned `quality` decides) into one stream.

Only a batch of each run is in memory: after loading, every row that sorts at or before the
earliest "last loaded row" among runs that still have rows on disk is final, since nothing unread
can come before it. Keys are unique (each (src, tgt) lives in one run), so the order is total and
the same as one sort of everything.
"""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


class _Run:
    def __init__(self, path: Path, rows: int, key: str):
        self.key = key
        self._batches = pq.ParquetFile(path).iter_batches(batch_size=rows)
        self.buffer: pa.Table | None = None
        self.more = True
        self.refill()

    def refill(self) -> None:
        """Append the next batch to the buffer (or note that the run is read to its end)."""
        batch = next(self._batches, None)
        while batch is not None and batch.num_rows == 0:
            batch = next(self._batches, None)
        if batch is None:
            self.more = False
            return
        table = pa.Table.from_batches([batch])
        self.buffer = table if self.buffer is None else pa.concat_tables([self.buffer, table])

    def last_key(self) -> tuple[float, float, int, int]:
        return tuple(column[-1] for column in _sort_columns(self.buffer, self.key))


def merge_runs(paths: list[Path], batch_rows: int = 65_536, key: str = "score") -> Iterator[pa.Table]:
    """Tables of rows in global best-first order, at most about `batch_rows` x runs rows each."""
    runs = [_Run(p, batch_rows, key) for p in paths]
    while True:
        live = [r for r in runs if r.buffer is not None and r.buffer.num_rows]
        if not live:
            return
        bounded = [r for r in live if r.more]
        limit = min((r.last_key() for r in bounded), default=None)
        parts = []
        for run in live:
            take = _at_or_before(run.buffer, limit, key)
            parts.append(run.buffer.filter(take))
            run.buffer = run.buffer.filter(~take)
        for run in runs:
            if run.more and (run.buffer is None or run.buffer.num_rows == 0):
                run.refill()
        out = pa.concat_tables(parts)
        if out.num_rows:
            yield out.take(np.lexsort(_sort_columns(out, key)[::-1]))


def _sort_columns(table: pa.Table, key: str) -> list[np.ndarray]:
    """The columns of the order, most significant first, each ascending."""
    return [-table[key].to_numpy(), -table["score"].to_numpy(), table["src"].to_numpy(), table["tgt"].to_numpy()]


def _at_or_before(table: pa.Table, limit: tuple | None, key: str) -> np.ndarray:
    if limit is None:
        return np.ones(table.num_rows, bool)
    before, tied = np.zeros(table.num_rows, bool), np.ones(table.num_rows, bool)
    for column, bound in zip(_sort_columns(table, key), limit):
        before |= tied & (column < bound)
        tied &= column == bound
    return before | tied
