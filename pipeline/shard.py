"""Stage 1, shard: one crawl file of one language into deduplicated, bounded Parquet sentence shards.

A file is sharded on its own, so its result never depends on which files came with it: boilerplate is a
line repeated `boilerplate_min_repeats` times within the file, and duplicates are dropped within the file
(what earlier files already hold is dropped afterwards, by `file_dedup.drop_held`).

Memory does not grow with the file: it is streamed, the line counts behind the boilerplate rule and the
exact deduplication go through hash-partitioned spills on disk (`pipeline.dedup`), and shards are written
a row group at a time. Every dropped line or sentence is counted under its rule.
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
from pipeline.text.readers import Document, ReadOptions, read_documents
from pipeline.text.split import split_sentences

log = logging.getLogger(__name__)

_SPILL = pa.schema([("sent_id", pa.uint64()), ("text", pa.string()), ("doc_id", pa.int64()),
                    ("position", pa.int32()), ("doc_meta", pa.string())])
_BATCH_ROWS = 8192


@dataclass(frozen=True)
class ShardResult:
    shards: list[Path]       # part-NNNNN.parquet, in order
    stats: StageStats        # stage "shard", shard = the crawl file


class NoSentencesLeft(BitextError):
    """Nothing of a file survived the rules; `stats` says why, for callers that count empty files and go on."""

    def __init__(self, message: str, stats: StageStats):
        super().__init__(message)
        self.stats = stats


def shard_file(lang: str, path: Path, out_dir: Path, cfg: ShardConfig) -> ShardResult:
    """Write `out_dir/part-NNNNN.parquet` shards of one crawl file (parts a previous run left are removed).

    Raises NoSentencesLeft when every line was dropped or nothing was readable.
    """
    path, out_dir = Path(path), Path(out_dir)
    stats = StageStats("shard", lang, str(path))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=f".spill-{lang}-") as tmp:
        boilerplate = _repeated_lines(path, cfg, Path(tmp))
        spill = HashSpill(Path(tmp) / "sentences", _SPILL, cfg.spill_partition_mb << 20, key="sent_id")
        for batch in _candidates(lang, path, cfg, boilerplate, stats):
            spill.write(batch)
        parts = _write_unique(spill, path, out_dir, cfg, stats)
    if not parts:
        raise NoSentencesLeft(f"no sentences left for language '{lang}' in {path}"
                              f" (dropped: {merged_drops([stats]) or 'nothing readable'})", stats)
    log.info("shard %s %s: %d sentences in %d shard(s); dropped %s", lang, path, stats.rows_out, len(parts),
             merged_drops([stats]))
    return ShardResult([part for part, _ in parts], stats)


def _documents(path: Path, cfg: ShardConfig, stats: StageStats) -> Iterator[Document]:
    return read_documents(path, stats, ReadOptions(cfg.text_field, cfg.max_line_bytes, cfg.strict))


def _lines(doc: Document) -> Iterator[str]:
    """The document's paragraphs normalised, empty ones left out."""
    return (line for paragraph in doc.paragraphs if (line := normalize_text(paragraph)))


def _repeated_lines(path: Path, cfg: ShardConfig, work_dir: Path) -> np.ndarray:
    """Sorted hashes of lines seen `boilerplate_min_repeats` times or more: menus, cookie notices, footers."""
    if not cfg.boilerplate_min_repeats:
        return np.zeros(0, dtype=np.uint64)
    counter = KeyCounter(work_dir / "lines", cfg.spill_partition_mb << 20)
    scratch = StageStats("boilerplate-scan", "")   # read problems are counted once, by the main pass
    for doc in _documents(path, cfg, scratch):
        for line in _lines(doc):
            counter.add(text_hash(line))
    return counter.keys_seen_at_least(cfg.boilerplate_min_repeats, work_dir / "repeated-lines.u64")


def _candidates(lang: str, path: Path, cfg: ShardConfig, boilerplate: np.ndarray,
                stats: StageStats) -> Iterator[pa.RecordBatch]:
    """Record batches of the sentences of the file that pass every rule but deduplication."""
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
                for name, value in zip(_SPILL.names, (text_hash(text), text, doc.index, position - 1, doc.meta)):
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


def _write_unique(spill: HashSpill, path: Path, out_dir: Path, cfg: ShardConfig,
                  stats: StageStats) -> list[tuple[Path, int]]:
    """Keep the first occurrence of every sentence (and drop near-duplicates if asked); write the shards."""
    near = NearDuplicates(cfg.near_dedup_threshold) if cfg.near_dedup_threshold else None
    with PartWriter(out_dir, SENTENCES, cfg.max_rows_per_shard) as writer:
        for group in spill.groups():
            group = _keep(group, first_occurrences(group.column("sent_id")), "duplicate", stats)
            if near is not None:
                keep = near.first_seen(group.column("sent_id").to_numpy(), group.column("text").to_pylist())
                group = _keep(group, keep, "near_duplicate", stats)
            stats.keep(group.num_rows)
            writer.write(group.append_column("source", pa.repeat(pa.scalar(str(path)), group.num_rows)))
    return writer.parts


def _keep(group: pa.Table, keep: np.ndarray, reason: str, stats: StageStats) -> pa.Table:
    """The kept rows; the others counted under `reason`."""
    stats.drop(reason, int((~keep).sum()))
    return group.filter(pa.array(keep))
