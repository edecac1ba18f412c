"""The decision of a pair mined as tasks: the candidate runs merged best first, in one streaming pass.

The pass writes the candidates file (scores, no decision), takes the retrieval's pairs (under
`max`, greedily, each sentence once: a used-flag per row of each side is all it keeps) and
counts every candidate under its reason, exactly as the one-process path (`pairs.reasons_of`).
Memory is a batch per run plus one byte per sentence (under learned scoring one more per target):
at 10M x 10M 20-30 MB, at 1B x 1B 2-3 GB, where bit-packing would take it to an eighth.
"""

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.mining.candidate_tasks import BACKWARD_BEST, FORWARD_BEST
from pipeline.mining.job import PairJob
from pipeline.mining.level import confident, is_relative, pair_level, with_floor
from pipeline.mining.pairs import REASONS, candidate_floor, reason_stats, reasons_of
from pipeline.mining.sorted_runs import merge_runs
from pipeline.schemas import CANDIDATES
from pipeline.stats import StageStats, write_stats
from pipeline.work import Outcome

SELECTED = pa.schema([("src", pa.int64()), ("tgt", pa.int64()), ("src_id", pa.uint64()), ("tgt_id", pa.uint64()),
                      ("score", pa.float32()), ("cosine", pa.float32()), ("quality", pa.float32())])

# rows of all runs' batches together while merging; a merge step holds a few copies of them (200k x 200k learned:
# select's peak 654 MiB at 2M rows, 384 at 200k, as fast; the rows written are the same, only row groups differ)
MERGE_ROWS = 200_000

_TAKEN = {  # which best-match flags make a candidate one of the retrieval's pairs
    "forward": lambda best: (best & FORWARD_BEST) > 0,
    "backward": lambda best: (best & BACKWARD_BEST) > 0,
    "intersect": lambda best: best == FORWARD_BEST | BACKWARD_BEST,
    "max": lambda best: best > 0,
}


def select_unit(job: PairJob) -> Outcome:
    cfg = job.cfg
    blocks = range(len(job.blocks(job.src)))
    runs = [job.run_path(i) for i in blocks]
    counts = [r.with_suffix(".json") for r in runs]
    scored = [job.scored_path(i, order) for order in ("score", "quality") for i in blocks]
    learned = cfg.scoring == "learned"
    stats_path = job.layout.stats_path("mine", job.name)
    candidates = job.layout.candidates_path(job.src.lang, job.tgt.lang)

    def work() -> list:
        if learned:
            stats = select_by_quality(job, scored[:len(runs)], scored[len(runs):], candidates, job.selected_path)
        else:
            stats = select(job, runs, candidates, job.selected_path)
        stats.expect_rows_in(sum(json.loads(p.read_text())["rows"] for p in counts))
        return [candidates, job.selected_path, write_stats(stats, stats_path)]

    settings = {k: getattr(cfg, k) for k in ("threshold", "min_cosine", "relative_floor", "retrieval", "score_max",
                                             "candidate_floor", "scoring", "calibration")}
    ran, _ = job.step("select", "pairs", runs + counts + (scored if learned else []), settings).run(work)
    return Outcome(ran, str(job.selected_path))   # the stats file is the pair's outcome (join_unit), counted once


def select(job: PairJob, runs: list[Path], candidates: Path, selected: Path) -> StageStats:
    cfg = job.cfg
    used_src, used_tgt = np.zeros(job.src.n, bool), np.zeros(job.tgt.n, bool)
    reasons = np.zeros(len(REASONS), np.int64)
    reasons[REASONS.index("below_threshold")] = sum(json.loads(r.with_suffix(".json").read_text())["below_floor"]
                                                    for r in runs)
    n_pairs = 0
    with atomic_path(candidates) as cand_tmp, atomic_path(selected) as sel_tmp:
        with pq.ParquetWriter(cand_tmp, CANDIDATES) as cand_out, pq.ParquetWriter(sel_tmp, SELECTED) as sel_out:
            for chunk in merge_runs(runs, _batch_rows(runs)):
                score = chunk["score"].to_numpy()
                kept = _decide(chunk, chunk["best"].to_numpy(), score, cfg, used_src, used_tgt)
                reasons += np.bincount(reasons_of(kept, chunk["cosine"].to_numpy(), score, score, cfg),
                                       minlength=len(REASONS))
                cand_out.write_table(_rows(chunk, CANDIDATES))
                sel_out.write_table(_rows(chunk.filter(kept), SELECTED))
                n_pairs += int(kept.sum())
    return reason_stats(reasons, job.name, n_pairs, cfg.min_cosine)


def select_by_quality(job: PairJob, by_margin: list[Path], by_quality: list[Path], candidates: Path,
                      selected: Path) -> StageStats:
    """The learned decision (`learned.select_learned`) over runs that hold every candidate, in one pass by
    quality: a target's first candidate in that order is its best (a seen-flag per target, as the used-flags).
    Under a relative cosine floor a pass before it finds the pair's level (`level.py`) in the same order."""
    rows = _batch_rows(by_quality)
    cfg = with_floor(job.cfg, _level(job, by_quality, rows))
    seen, used_src, used_tgt = np.zeros(job.tgt.n, bool), np.zeros(job.src.n, bool), np.zeros(job.tgt.n, bool)
    reasons = np.zeros(len(REASONS), np.int64)
    n_pairs = 0
    with atomic_path(selected) as sel_tmp, pq.ParquetWriter(sel_tmp, SELECTED) as sel_out:
        for chunk in merge_runs(by_quality, rows, key="quality"):
            quality = chunk["quality"].to_numpy()
            best = chunk["best"].to_numpy() | _firsts(chunk["tgt"].to_numpy(), seen)
            kept = _decide(chunk, best, quality, cfg, used_src, used_tgt)
            reasons += np.bincount(reasons_of(kept, chunk["cosine"].to_numpy(), chunk["score"].to_numpy(), quality,
                                              cfg), minlength=len(REASONS))
            sel_out.write_table(_rows(chunk.filter(kept), SELECTED))
            n_pairs += int(kept.sum())
    floor = candidate_floor(cfg)
    with atomic_path(candidates) as cand_tmp, pq.ParquetWriter(cand_tmp, CANDIDATES) as cand_out:
        for chunk in merge_runs(by_margin, rows):
            cand_out.write_table(_rows(chunk.filter(pc.greater_equal(chunk["score"], floor)), CANDIDATES))
    return reason_stats(reasons, job.name, n_pairs, cfg.min_cosine)


def _level(job: PairJob, by_quality: list[Path], rows: int) -> float | None:
    """The cosines of the confident mutual best by quality (at most one per target), as `learned.confident_level`
    reads them in one process; None where the run's floor is absolute."""
    if not is_relative(job.cfg):
        return None
    seen, cosines = np.zeros(job.tgt.n, bool), []
    for chunk in merge_runs(by_quality, rows, key="quality"):
        mutual = ((chunk["best"].to_numpy() & FORWARD_BEST) > 0) & (_firsts(chunk["tgt"].to_numpy(), seen) > 0)
        cosines.append(chunk["cosine"].to_numpy()[mutual & confident(chunk["quality"].to_numpy())])
    return pair_level(np.concatenate(cosines)) if cosines else None


def _firsts(tgt: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """BACKWARD_BEST on each row whose target no earlier row had (rows in best-first order); marks them seen."""
    targets, first = np.unique(tgt, return_index=True)
    flags = np.zeros(len(tgt), np.uint8)
    flags[first[~seen[targets]]] = BACKWARD_BEST
    seen[targets] = True
    return flags


def _batch_rows(runs: list[Path]) -> int:
    return max(1024, MERGE_ROWS // len(runs))


def _decide(chunk: pa.Table, best: np.ndarray, deciding: np.ndarray, cfg, used_src: np.ndarray,
            used_tgt: np.ndarray) -> np.ndarray:
    """Which rows of a best-first chunk are pairs: the retrieval's, within the thresholds, one-to-one under max."""
    eligible = _TAKEN[cfg.retrieval](best) & (chunk["cosine"].to_numpy() >= cfg.min_cosine) & (
        deciding >= cfg.threshold)
    if cfg.score_max is not None:
        eligible &= chunk["score"].to_numpy() <= cfg.score_max
    kept = np.zeros(chunk.num_rows, bool)
    rows = np.flatnonzero(eligible)
    kept[_one_to_one(chunk, rows, used_src, used_tgt) if cfg.retrieval == "max" else rows] = True
    return kept


def _one_to_one(chunk: pa.Table, rows: np.ndarray, used_src: np.ndarray, used_tgt: np.ndarray) -> np.ndarray:
    """The greedy step of `retrieval.greedy_one_to_one` over rows already in best-first order."""
    src, tgt = chunk["src"].to_numpy()[rows].tolist(), chunk["tgt"].to_numpy()[rows].tolist()
    kept = []
    for row, s, t in zip(rows.tolist(), src, tgt):
        if not (used_src[s] or used_tgt[t]):
            used_src[s] = used_tgt[t] = True
            kept.append(row)
    return np.asarray(kept, np.int64)


def _rows(chunk: pa.Table, schema: pa.Schema) -> pa.Table:
    """The chunk's columns that `schema` names (margins as float32; a missing quality as nulls)."""
    columns = {name: chunk[name] if name in chunk.column_names else pa.nulls(chunk.num_rows, schema.field(name).type)
               for name in schema.names}
    return pa.table(columns).cast(schema)
