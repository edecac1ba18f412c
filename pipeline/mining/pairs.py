"""Stage 4, mine: scored candidates and selected pairs of one language pair, as Parquet.

Candidates (every k-NN candidate with margin at or above the floor, with its margin and
cosine) are written before any keep/drop decision, so a user can re-threshold without
recomputing; the pairs file holds the retrieval's pairs above the thresholds, best first.
The caller names both files and writes the returned stats.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.config import MineConfig
from pipeline.embed import ids_path
from pipeline.errors import BitextError
from pipeline.mining.decision import decide
from pipeline.mining.level import at_floor
from pipeline.mining.mine import MiningResult, Scored, score
from pipeline.mining.retrieval import positions_of
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
    return side_of(lang, [read_table(p, LID) for p in lid_paths], emb_paths)


def side_of(lang: str, tables: list[pa.Table], emb_paths: list[Path]) -> Side:
    """`load_side` from the language-ID shards already read (their tables, in order)."""
    vectors = Vectors.from_files(emb_paths, f"embeddings of '{lang}'")
    ids = np.concatenate([_load_ids(p) for p in emb_paths]) if emb_paths else np.zeros(0, np.uint64)
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
    """Mine with a resolved config (see `MineConfig.settled`)."""
    scoring = score(src.vectors, tgt.vectors, cfg, index_dir)
    decision = decide(scoring, cfg, src.texts, tgt.texts)
    return MiningResult(scoring.candidates, decision.pairs, decision.quality, decision.candidate_quality,
                        decision.min_cosine)


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
    """The lowest margin written as a candidate: `candidate_floor`, by default the margin's neutral
    point, or the margin threshold where that is lower; under learned scoring every candidate
    unless `candidate_floor` is set."""
    if cfg.scoring == "learned":
        return -np.inf if cfg.candidate_floor is None else cfg.candidate_floor
    return min(cfg.floor, cfg.threshold)


# why a candidate is or is not a pair; a candidate gets the last that applies, in this order:
# not_retrieved, kept, below_min_cosine, above_score_max, below_threshold
REASONS = ("below_threshold", "below_min_cosine", "kept", "not_retrieved", "above_score_max")


def candidate_reasons(result: MiningResult, cfg: MineConfig) -> np.ndarray:
    """Each candidate's reason, as an index into REASONS, under `cfg` with the pair's floor applied.

    Derived from the thresholds and the pairs independently, so a pair that breaks a threshold,
    is not among the candidates or is there twice shows up as a count that does not add up."""
    c = result.candidates
    kept = positions_of(c, result.pairs.src, result.pairs.tgt)
    if (kept < 0).any():
        raise RuntimeError(f"mine: {int((kept < 0).sum())} pairs are not among the candidates")
    deciding = result.candidate_quality if cfg.scoring == "learned" else c.score
    is_kept = np.zeros(len(c), bool)
    is_kept[kept] = True
    return reasons_of(is_kept, c.cosine, c.score, deciding, cfg)


def reasons_of(kept: np.ndarray, cosine: np.ndarray, margin: np.ndarray, deciding: np.ndarray,
               cfg: MineConfig) -> np.ndarray:
    """Reason codes (indices into REASONS) of candidates, given which were kept: shared by the one-process
    path and the streamed selection of a task plan, so both count alike."""
    reason = np.full(len(kept), REASONS.index("not_retrieved"), np.int8)
    reason[kept] = REASONS.index("kept")
    reason[cosine < cfg.min_cosine] = REASONS.index("below_min_cosine")
    if cfg.score_max is not None:
        reason[margin > cfg.score_max] = REASONS.index("above_score_max")
    reason[deciding < cfg.threshold] = REASONS.index("below_threshold")
    return reason


def reason_stats(counts: np.ndarray, name: str, n_pairs: int, floor: float) -> StageStats:
    """Stage stats from per-reason counts (`np.bincount` of reason codes), checked against the pairs written;
    with the cosine floor applied, which under a relative floor is the pair's own (`level.py`)."""
    stats = StageStats("mine", name, values={"cosine_floor": floor})
    for reason, n in zip(REASONS, counts.tolist()):
        if reason == "kept":
            stats.keep(n)
        else:
            stats.drop(reason, n)
    if stats.rows_out != n_pairs:
        raise RuntimeError(f"mine {name}: {n_pairs} pairs but {stats.rows_out} candidates "
                           "counted as kept; a pair breaks a threshold or is there twice")
    return stats


def mine_stats(result: MiningResult, src: Side, tgt: Side, cfg: MineConfig) -> StageStats:
    """Candidates in, pairs out, every candidate counted under its reason (`candidate_reasons`)."""
    cfg = at_floor(cfg, result.min_cosine)     # the pair's own floor, where it has one
    counts = np.bincount(candidate_reasons(result, cfg), minlength=len(REASONS))
    stats = reason_stats(counts, f"{src.lang}-{tgt.lang}", len(result.pairs), cfg.min_cosine)
    stats.expect_rows_in(len(result.candidates))
    return stats


def write_mining(result: MiningResult, src: Side, tgt: Side, cfg: MineConfig, pairs_path: Path,
                 candidates_path: Path | None = None) -> StageStats:
    """Candidates first (scores before decisions), then pairs; returns the stage stats, counted
    before anything is written so that a miscount leaves no output."""
    stats = mine_stats(result, src, tgt, cfg)
    if candidates_path is not None:
        write_table(candidates_table(result, src, tgt, candidate_floor(cfg)), candidates_path, CANDIDATES)
    write_table(pairs_table(result.pairs, src, tgt, result.quality), pairs_path, PAIRS)
    return stats


def mine_language_pair(src: Side, tgt: Side, pairs_path: Path, candidates_path: Path, cfg: MineConfig,
                       index_dir: Path | None = None) -> StageStats:
    """Mine one language pair with a resolved config into the two files the caller names."""
    return write_mining(mine_sides(src, tgt, cfg, index_dir), src, tgt, cfg, pairs_path, candidates_path)
