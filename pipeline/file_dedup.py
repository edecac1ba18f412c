"""Cross-file deduplication, so crawl files can be sharded one at a time (and new ones added later).

Files of a language are taken in a fixed order; a file keeps only the sentences that no
earlier file holds. The result is the same whether the files were sharded in one run or
arrived over many, and a new file never causes earlier files to be processed again.
"""

import os
import shutil
from pathlib import Path

import numpy as np

from pipeline.atomic import atomic_path
from pipeline.schemas import SENTENCES, read_column, read_table, write_table
from pipeline.stats import StageStats


def _ids(shard: Path) -> np.ndarray:
    return read_column(shard, SENTENCES, "sent_id").to_numpy()


def held(ids: np.ndarray, earlier: list[Path]) -> np.ndarray:
    """The sorted ids among `ids` that an earlier shard holds. One earlier shard's ids are in memory at a
    time, so memory follows this file, not the whole crawl before it."""
    ids = np.unique(ids)
    found = np.zeros(len(ids), dtype=bool)
    for shard in earlier:
        found |= np.isin(ids, _ids(shard))
    return ids[found]


def _place(shard: Path, keep: np.ndarray, out: Path) -> Path:
    """The shard's kept rows at `out`: a hard link when it keeps every row (nothing read or rewritten),
    else a new file."""
    if not keep.all():
        return write_table(read_table(shard, SENTENCES).filter(keep), out, SENTENCES)
    with atomic_path(out) as tmp:
        try:
            os.link(shard, tmp)
        except OSError:                # another file system: copy instead
            shutil.copyfile(shard, tmp)
    return out


def drop_held(lang: str, shards: list[Path], earlier: list[Path], out_dir: Path) -> tuple[list[Path], StageStats]:
    """Write `shards` to `out_dir` without the sentences `earlier` shards hold; the shards written and the counts.

    A shard left empty is not written; shards a previous run left in `out_dir` are removed.
    """
    own = [_ids(shard) for shard in shards]
    dropped = held(np.concatenate(own) if own else np.zeros(0, np.uint64), earlier)
    stats = StageStats("dedup", lang)
    written = []
    for shard, ids in zip(shards, own):
        keep = ~np.isin(ids, dropped)
        stats.drop("duplicate_of_earlier_file", int((~keep).sum()))
        if keep.any():
            written.append(_place(Path(shard), keep, Path(out_dir) / Path(shard).name))
            stats.keep(int(keep.sum()))
    stats.expect_rows_in(sum(len(ids) for ids in own))
    for stale in Path(out_dir).glob("part-*.parquet"):
        if stale not in written:
            stale.unlink()
    return written, stats
