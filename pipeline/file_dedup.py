"""Cross-file deduplication, so crawl files can be sharded one at a time (and new ones added later).

Files of a language are taken in a fixed order; a file keeps only the sentences that no
earlier file holds. The result is the same whether the files were sharded in one run or
arrived over many, and a new file never causes earlier files to be processed again.
"""

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from pipeline.schemas import SENTENCES, read_table, write_table
from pipeline.stats import StageStats


def held_ids(shards: list[Path]) -> np.ndarray:
    """Every sent_id in these shards, sorted."""
    ids = [pq.read_table(p, columns=["sent_id"]).column("sent_id").to_numpy() for p in shards]
    return np.unique(np.concatenate(ids)) if ids else np.zeros(0, np.uint64)


def drop_held(lang: str, shards: list[Path], earlier: list[Path], out_dir: Path) -> tuple[list[Path], StageStats]:
    """Write `shards` to `out_dir` without the sentences `earlier` shards hold; the shards written and the counts.

    A shard left empty is not written; shards a previous run left in `out_dir` are removed.
    """
    seen = held_ids(earlier)
    stats = StageStats("dedup", lang)
    written, rows_read = [], 0
    for shard in shards:
        table = read_table(shard, SENTENCES)
        rows_read += table.num_rows
        keep = ~np.isin(table.column("sent_id").to_numpy(), seen)
        stats.drop("duplicate_of_earlier_file", int((~keep).sum()))
        if keep.any():
            kept = table.filter(keep)
            written.append(write_table(kept, Path(out_dir) / Path(shard).name, SENTENCES))
            stats.keep(kept.num_rows)
    stats.expect_rows_in(rows_read)
    for stale in Path(out_dir).glob("part-*.parquet"):
        if stale not in written:
            stale.unlink()
    return written, stats
