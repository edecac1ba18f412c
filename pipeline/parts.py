"""Parquet part files of bounded size, written row group by row group as rows stream in.

Each part is written under a temporary name and renamed when full (or at the end), so memory holds one
row group, not a shard, and a crash never leaves a part that looks finished.
"""

from contextlib import ExitStack
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path


class PartWriter:
    """`out_dir/part-NNNNN.parquet` files of at most `max_rows` rows each, in `schema`; `parts` lists (path, rows).

    Use as a context manager: leaving it normally finishes the last part, leaving it by an exception drops it.
    """

    def __init__(self, out_dir: Path, schema: pa.Schema, max_rows: int):
        self.out_dir, self.schema, self.max_rows = Path(out_dir), schema, max_rows
        self.parts: list[tuple[Path, int]] = []
        self._stack: ExitStack | None = None
        self._writer: pq.ParquetWriter | None = None
        self._rows = 0

    def write(self, table: pa.Table) -> None:
        table = table.select(self.schema.names).cast(self.schema)
        while table.num_rows:
            if self._writer is None:
                self._open()
            take = min(table.num_rows, self.max_rows - self._rows)
            self._writer.write_table(table.slice(0, take))
            self._rows += take
            table = table.slice(take)
            if self._rows >= self.max_rows:
                self._close_part()

    def __enter__(self) -> "PartWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self._finish()
        elif self._writer is not None:     # the open part is dropped, never renamed into place
            self._writer.close()
            self._stack.__exit__(exc_type, exc, tb)
        return False

    def _finish(self) -> None:
        """Finish the last part and remove parts a previous run left beyond this one's."""
        if self._writer is not None:
            self._close_part()
        keep = {path for path, _ in self.parts}
        for stale in self.out_dir.glob("part-*.parquet"):
            if stale not in keep:
                stale.unlink()

    def _open(self) -> None:
        path = self.out_dir / f"part-{len(self.parts):05d}.parquet"
        self._stack = ExitStack()
        tmp = self._stack.enter_context(atomic_path(path))
        self._writer = pq.ParquetWriter(tmp, self.schema)
        self.parts.append((path, 0))
        self._rows = 0

    def _close_part(self) -> None:
        self._writer.close()
        self._stack.close()
        self.parts[-1] = (self.parts[-1][0], self._rows)
        self._stack = self._writer = None
