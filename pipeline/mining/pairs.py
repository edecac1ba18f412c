"""Stage 4, mine: scored candidates and selected pairs of one language pair, as Parquet.

Candidates (every k-NN candidate with margin at or above the floor, with its margin and
cosine) are written before any keep/drop decision, so a user can re-threshold without
recomputing; the pairs file holds the retrieval's pairs above the thresholds, best first.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.config import MineConfig
from pipeline.embed import ids_path
from pipeline.errors import BitextError
from pipeline.mining.decision import decide
from pipeline.mining.mine import MiningResult, Scored, score
from pipeline.mining.vectors import Vectors
from pipeline.schemas import CANDIDATES, LID, PAIRS, read_table, write_table
from pipeline.stats import StageStats


@dataclass(frozen=True)
class Side:
    """One language's sentences, in the same row order as its embeddings."""

    lang: str
    ids: np.ndarray
    texts: list[str]
    vectors: Vectors


def load_side(lang: str, lid_paths: list[Path], emb_paths: list[Path]) -> Side:
    """Sentences and (memory-mapped) embeddings of a language, checked to be row-aligned."""
    vectors = Vectors.from_files(emb_paths, f"embeddings of '{lang}'")
    ids = np.concatenate([_load_ids(p) for p in emb_paths]) if emb_paths else np.zeros(0, np.uint64)
    tables = [read_table(p, LID) for p in lid_paths]
    text_ids = np.concatenate([t.column("sent_id").to_numpy() for t in tables]) if tables else ids[:0]
    if len(ids) != len(vectors) or not np.array_equal(text_ids, ids):
        raise BitextError(f"embeddings of '{lang}' do not match its sentence shards; re-run the embed stage")
    texts = [s for t in tables for s in t.column("text").to_pylist()]
    return Side(lang, ids, texts, vectors)


def _load_ids(vectors_path: Path) -> np.ndarray:
    try:
        return np.load(ids_path(vectors_path))
    except (FileNotFoundError, ValueError) as exc:
        raise BitextError(f"{ids_path(vectors_path)}: sentence ids not readable ({exc})") from None


def mine_sides(src: Side, tgt: Side, cfg: MineConfig, index_dir: Path | None = None) -> MiningResult:
    """Mine with a resolved config (see `MineConfig.with_defaults_of`)."""
    scoring = score(src.vectors, tgt.vectors, cfg, index_dir)
    decision = decide(scoring, cfg, src.texts, tgt.texts)
    return MiningResult(scoring.candidates, decision.pairs, decision.quality, decision.candidate_quality)


def _quality_column(quality: np.ndarray | None, n: int) -> pa.Array:
    """Learned quality, or nulls when the run decided by margin."""
    return pa.array(quality, pa.float32()) if quality is not None else pa.nulls(n, pa.float32())


def candidates_table(result: MiningResult, src: Side, tgt: Side, floor: float) -> pa.Table:
    keep = np.flatnonzero(result.candidates.score >= floor)
    c = result.candidates.take(keep)
    quality = None if result.candidate_quality is None else result.candidate_quality[keep]
    return pa.table({"src_id": src.ids[c.src], "tgt_id": tgt.ids[c.tgt],
                     "score": c.score.astype(np.float32), "cosine": c.cosine.astype(np.float32),
                     "quality": _quality_column(quality, len(c))})


def pairs_table(pairs: Scored, src: Side, tgt: Side, quality: np.ndarray | None = None) -> pa.Table:
    n = len(pairs)
    return pa.table({
        "src_lang": [src.lang] * n, "tgt_lang": [tgt.lang] * n,
        "src_id": src.ids[pairs.src], "tgt_id": tgt.ids[pairs.tgt],
        "src_text": [src.texts[i] for i in pairs.src], "tgt_text": [tgt.texts[i] for i in pairs.tgt],
        "score": pairs.score.astype(np.float32), "cosine": pairs.cosine.astype(np.float32),
        "quality": _quality_column(quality, n),
    })


def candidate_floor(cfg: MineConfig) -> float:
    """The lowest margin written as a candidate: the floor, or the margin threshold where that is
    lower; under learned scoring every candidate unless `candidate_floor` is set."""
    if cfg.scoring == "learned":
        return -np.inf if cfg.candidate_floor is None else cfg.candidate_floor
    return min(cfg.floor, cfg.threshold)


def mine_stats(result: MiningResult, src: Side, tgt: Side, cfg: MineConfig) -> StageStats:
    """Candidates in, pairs out; a candidate not kept is counted under the first rule it fails."""
    c = result.candidates
    stats = StageStats("mine", f"{src.lang}-{tgt.lang}", rows_in=len(c), rows_out=len(result.pairs))
    deciding = result.candidate_quality if cfg.scoring == "learned" else c.score
    low_margin = deciding < cfg.threshold
    low_cosine = ~low_margin & (c.cosine < cfg.min_cosine)
    stats.drop("below_threshold", int(low_margin.sum()))
    stats.drop("below_min_cosine", int(low_cosine.sum()))
    stats.drop("not_retrieved", len(c) - int(low_margin.sum()) - int(low_cosine.sum()) - len(result.pairs))
    return stats


def write_mining(result: MiningResult, src: Side, tgt: Side, cfg: MineConfig, pairs_path: Path,
                 candidates_path: Path | None = None, stats_path: Path | None = None) -> StageStats:
    """Candidates first (scores before decisions), then pairs, then the stage stats."""
    if candidates_path is not None:
        write_table(candidates_table(result, src, tgt, candidate_floor(cfg)), candidates_path, CANDIDATES)
    write_table(pairs_table(result.pairs, src, tgt, result.quality), pairs_path, PAIRS)
    stats = mine_stats(result, src, tgt, cfg)
    if stats_path is not None:
        stats.write(stats_path)
    return stats


def mine_language_pair(src: Side, tgt: Side, out_dir: Path, cfg: MineConfig, stats_path: Path | None = None,
                       index_dir: Path | None = None) -> Path:
    """Write `candidates.parquet` and `pairs.parquet` for one language pair; returns the pairs path."""
    result = mine_sides(src, tgt, cfg, index_dir)
    pairs_path = Path(out_dir) / "pairs.parquet"
    write_mining(result, src, tgt, cfg, pairs_path, Path(out_dir) / "candidates.parquet", stats_path)
    return pairs_path
