"""Stage 1, shard: crawl files of one language into deduplicated, bounded Parquet sentence shards.

Memory does not grow with the crawl: files are streamed, the line counts behind the boilerplate rule and
the exact deduplication go through hash-partitioned spills on disk (`pipeline.dedup`), and shards are
written a row group at a time. Every dropped line or sentence is counted under its rule, per input file.
"""

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.config import ShardConfig
from pipeline.dedup.counts import KeyCounter
from pipeline.dedup.near import NearDuplicates
from pipeline.dedup.spill import HashSpill, first_occurrences
from pipeline.errors import BitextError
from pipeline.parts import PartWriter
from pipeline.schemas import SENTENCES
from pipeline.stats import StageStats, merged_drops
from pipeline.text.filters import SentenceFilter
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.readers import Document, ReadOptions, expand_inputs, read_documents
from pipeline.text.split import split_sentences

log = logging.getLogger(__name__)

_SPILL = pa.schema([("sent_id", pa.uint64()), ("file", pa.int32()), ("text", pa.string()),
                    ("doc_id", pa.int64()), ("position", pa.int32()), ("doc_meta", pa.string())])
_BATCH_ROWS = 8192


@dataclass(frozen=True)
class ShardResult:
    shards: list[Path]       # part-NNNNN.parquet, in order
    stats: list[Path]        # one stats file per input file


def shard_language(lang: str, inputs: list[str], out_dir: Path, cfg: ShardConfig,
                   stats_dir: Path | None = None) -> ShardResult:
    """Write `out_dir/part-NNNNN.parquet` shards for one language, and `stats_dir/input-NNNNN.json` per input.

    Duplicates are dropped across every input file of the language (the first occurrence is kept), so the
    same sentence is embedded and mined once, whichever file it came from.
    """
    files = expand_inputs(inputs)
    stats = [StageStats("shard", lang, str(path)) for path in files]
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=f".spill-{lang}-") as tmp:
        boilerplate = _repeated_lines(files, cfg, Path(tmp))
        spill = HashSpill(Path(tmp) / "sentences", _SPILL, cfg.spill_partition_mb << 20, key="sent_id")
        for index, path in enumerate(files):
            for batch in _candidates(lang, index, path, cfg, boilerplate, stats[index]):
                spill.write(batch)
        parts = _write_unique(spill, files, out_dir, cfg, stats)
    for s in stats:
        s.rows_in = s.rows_out + sum(s.drops.values())
    stats_paths = _write_stats(stats, stats_dir) if stats_dir is not None else []
    if not parts:
        raise BitextError(f"no sentences left for language '{lang}' in {', '.join(map(str, files))}"
                          f" (dropped: {merged_drops(stats) or 'nothing readable'})")
    log.info("shard %s: %d sentences in %d shard(s); dropped %s", lang, sum(n for _, n in parts), len(parts),
             merged_drops(stats))
    return ShardResult([path for path, _ in parts], stats_paths)


def _documents(path: Path, cfg: ShardConfig, stats: StageStats) -> Iterator[Document]:
    return read_documents(path, stats, ReadOptions(cfg.text_field, cfg.max_line_bytes, cfg.strict))


def _lines(doc: Document) -> Iterator[str]:
    """The document's paragraphs normalised, empty ones left out."""
    return (line for paragraph in doc.paragraphs if (line := normalize_text(paragraph)))


def _repeated_lines(files: list[Path], cfg: ShardConfig, work_dir: Path) -> np.ndarray:
    """Sorted hashes of lines seen `boilerplate_min_repeats` times or more: menus, cookie notices, footers."""
    if not cfg.boilerplate_min_repeats:
        return np.zeros(0, dtype=np.uint64)
    counter = KeyCounter(work_dir / "lines", cfg.spill_partition_mb << 20)
    scratch = StageStats("boilerplate-scan", "")   # read problems are counted once, by the main pass
    for path in files:
        for doc in _documents(path, cfg, scratch):
            for line in _lines(doc):
                counter.add(text_hash(line))
    return counter.keys_seen_at_least(cfg.boilerplate_min_repeats, work_dir / "repeated-lines.u64")


def _candidates(lang: str, file_index: int, path: Path, cfg: ShardConfig, boilerplate: np.ndarray,
                stats: StageStats) -> Iterator[pa.RecordBatch]:
    """Record batches of the sentences of one file that pass every rule but deduplication."""
    rules = SentenceFilter(lang, cfg)
    rows: dict[str, list] = {name: [] for name in _SPILL.names}
    for doc in _documents(path, cfg, stats):
        position = 0
        for line in _lines(doc):
            if _contains(boilerplate, text_hash(line)):
                stats.drop("boilerplate")
                continue
            for text in split_sentences(lang, line):
                position += 1
                if reason := rules.problem(text):
                    stats.drop(reason)
                    continue
                for name, value in zip(_SPILL.names, (text_hash(text), file_index, text, doc.index,
                                                      position - 1, doc.meta)):
                    rows[name].append(value)
                if len(rows["text"]) >= _BATCH_ROWS:
                    yield _batch(rows)
    if rows["text"]:
        yield _batch(rows)


def _contains(sorted_keys: np.ndarray, key: int) -> bool:
    i = np.searchsorted(sorted_keys, np.uint64(key))
    return bool(i < len(sorted_keys) and sorted_keys[i] == key)


def _batch(rows: dict[str, list]) -> pa.RecordBatch:
    batch = pa.record_batch([pa.array(rows[f.name], f.type) for f in _SPILL], schema=_SPILL)
    for values in rows.values():
        values.clear()
    return batch


def _write_unique(spill: HashSpill, files: list[Path], out_dir: Path, cfg: ShardConfig,
                  stats: list[StageStats]) -> list[tuple[Path, int]]:
    """Keep the first occurrence of every sentence (and drop near-duplicates if asked); write the shards."""
    near = NearDuplicates(cfg.near_dedup_threshold) if cfg.near_dedup_threshold else None
    sources = pa.array([str(path) for path in files], pa.string())
    with PartWriter(out_dir, SENTENCES, cfg.max_rows_per_shard) as writer:
        for group in spill.groups():
            group = _keep(group, first_occurrences(group.column("sent_id")), "duplicate", stats)
            if near is not None:
                keep = near.first_seen(group.column("sent_id").to_numpy(), group.column("text").to_pylist())
                group = _keep(group, keep, "near_duplicate", stats)
            for s, n in zip(stats, np.bincount(group.column("file").to_numpy(), minlength=len(stats))):
                s.rows_out += int(n)
            writer.write(group.append_column("source", sources.take(group.column("file"))))
    return writer.parts


def _keep(group: pa.Table, keep: np.ndarray, reason: str, stats: list[StageStats]) -> pa.Table:
    """The kept rows; the others counted under `reason` against the file each came from."""
    dropped = np.bincount(group.column("file").to_numpy()[~keep], minlength=len(stats))
    for s, n in zip(stats, dropped):
        s.drop(reason, int(n))
    return group.filter(pa.array(keep))


def _write_stats(stats: list[StageStats], stats_dir: Path) -> list[Path]:
    """One file per input; stale ones from an earlier run over more inputs are removed."""
    paths = [Path(stats_dir) / f"input-{i:05d}.json" for i in range(len(stats))]
    for s, path in zip(stats, paths):
        s.write(path)
    for stale in Path(stats_dir).glob("input-*.json"):
        if stale not in paths:
            stale.unlink()
    return paths
