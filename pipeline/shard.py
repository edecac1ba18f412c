"""Stage 1, shard: crawl files of one language into deduplicated, bounded Parquet sentence shards."""

import logging
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.config import ShardConfig
from pipeline.errors import BitextError
from pipeline.schemas import SENTENCES, write_table
from pipeline.stats import StageStats
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.readers import expand_inputs, read_documents
from pipeline.text.split import split_sentences

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sentence:
    sent_id: int
    text: str
    source: str
    doc_id: int
    position: int


def shard_language(lang: str, inputs: list[str], out_dir: Path, cfg: ShardConfig,
                   stats_path: Path | None = None) -> list[Path]:
    """Write `out_dir/part-NNNNN.parquet` shards for one language; returns their paths.

    Duplicates are dropped across every input file of the language, so the same
    sentence is embedded and mined once, whichever file it came from.
    """
    files = expand_inputs(inputs)
    stats = StageStats("shard", lang)
    boilerplate = _frequent_lines(files, cfg) if cfg.boilerplate_min_repeats else frozenset()
    shards = _write_shards(_filtered_sentences(lang, files, cfg, boilerplate, stats),
                           Path(out_dir), cfg.max_rows_per_shard)
    stats.rows_out = sum(n for _, n in shards)
    stats.rows_in = stats.rows_out + sum(stats.drops.values())
    if stats_path is not None:
        stats.write(stats_path)
    if not shards:
        raise BitextError(f"no sentences left for language '{lang}' in {', '.join(map(str, files))}"
                          f" (dropped: {dict(stats.drops) or 'nothing readable'})")
    log.info("shard %s: %d sentences in %d shard(s); dropped %s", lang, stats.rows_out,
             len(shards), dict(stats.drops))
    return [path for path, _ in shards]


def _frequent_lines(files: list[Path], cfg: ShardConfig) -> frozenset[int]:
    """Hashes of lines repeated at least `boilerplate_min_repeats` times: menus, cookie notices."""
    hashes = array("Q")
    scratch = StageStats("boilerplate-scan", "")
    for path in files:
        for doc in read_documents(path, cfg.text_field, scratch):
            hashes.extend(text_hash(line) for p in doc.paragraphs if (line := normalize_text(p)))
    if not hashes:
        return frozenset()
    values, counts = np.unique(np.frombuffer(hashes, dtype=np.uint64), return_counts=True)
    return frozenset(int(v) for v in values[counts >= cfg.boilerplate_min_repeats])


def _filtered_sentences(lang: str, files: list[Path], cfg: ShardConfig,
                        boilerplate: frozenset[int], stats: StageStats) -> Iterator[Sentence]:
    seen: set[int] = set()
    for path in files:
        for doc in read_documents(path, cfg.text_field, stats):
            position = 0
            for paragraph in doc.paragraphs:
                line = normalize_text(paragraph)
                if not line:
                    continue
                if text_hash(line) in boilerplate:
                    stats.drop("boilerplate")
                    continue
                for text in split_sentences(lang, line):
                    position += 1
                    reason = _length_problem(text, cfg)
                    sent_id = text_hash(text)
                    if reason is None and sent_id in seen:
                        reason = "duplicate"
                    if reason:
                        stats.drop(reason)
                        continue
                    seen.add(sent_id)
                    yield Sentence(sent_id, text, str(path), doc.index, position - 1)


def _length_problem(text: str, cfg: ShardConfig) -> str | None:
    if len(text) < cfg.min_chars:
        return "too_short"
    if len(text) > cfg.max_chars:
        return "too_long"
    return None


def _write_shards(sentences: Iterator[Sentence], out_dir: Path, max_rows: int) -> list[tuple[Path, int]]:
    """Stream sentences into shards of at most `max_rows`; remove shards a previous run left beyond them."""
    written: list[tuple[Path, int]] = []
    batch: list[Sentence] = []

    def flush() -> None:
        path = out_dir / f"part-{len(written):05d}.parquet"
        write_table(_to_table(batch), path, SENTENCES)
        written.append((path, len(batch)))
        batch.clear()

    for sentence in sentences:
        batch.append(sentence)
        if len(batch) >= max_rows:
            flush()
    if batch:
        flush()
    keep = {path for path, _ in written}
    for stale in out_dir.glob("part-*.parquet"):
        if stale not in keep:
            stale.unlink()
    return written


def _to_table(batch: list[Sentence]) -> pa.Table:
    return pa.table({
        "sent_id": pa.array([s.sent_id for s in batch], pa.uint64()),
        "text": [s.text for s in batch],
        "source": [s.source for s in batch],
        "doc_id": pa.array([s.doc_id for s in batch], pa.int64()),
        "position": pa.array([s.position for s in batch], pa.int32()),
    })
