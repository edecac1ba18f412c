"""The scoring tasks of a pair: margins per query block, then candidate runs per source block.

A margin needs both sides' neighbourhood means, so it runs after every merge of the other
direction (through the means file, memory-mapped). Each candidate run holds the candidates whose
source lies in one source block, found in either direction, each (src, tgt) once with the forward
search's values (as the one-process `mine._union`), flagged where it is its source's best forward
match (1) or its target's best backward match (2), sorted best first: the sorted runs that the
selection merges without holding them all.
"""

import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.embed import ids_path
from pipeline.mining.job import PairJob
from pipeline.mining.margin import margin
from pipeline.mining.mine import flatten
from pipeline.mining.pairs import candidate_floor
from pipeline.mining.search_tasks import load_neighbours
from pipeline.work import Outcome

FORWARD_BEST, BACKWARD_BEST = 1, 2
ROW_GROUP = 65_536

MARGINS = pa.schema([("src", pa.int64()), ("tgt", pa.int64()), ("score", pa.float64()),
                     ("cosine", pa.float32()), ("best", pa.uint8())])
RUN = pa.schema([("src", pa.int64()), ("tgt", pa.int64()), ("src_id", pa.uint64()), ("tgt_id", pa.uint64()),
                 ("score", pa.float64()), ("cosine", pa.float32()), ("best", pa.uint8())])


def margin_unit(job: PairJob, d: str, q: int) -> Outcome:
    """Margin of every neighbour of query block `q`; backward parts are sorted by source, so that each
    candidate run reads only the row groups of its own sources."""
    way = job.direction(d)
    other = "bwd" if d == "fwd" else "fwd"
    lo, _ = job.blocks(way.queries)[q]
    out = job.margins_path(d, q)

    def work() -> list:
        nb, mean = load_neighbours(job, way, q)
        other_mean = np.load(job.means_path(other), mmap_mode="r")
        scores = margin(nb.sims, mean[:, None], other_mean[nb.ids], job.cfg.margin)
        forward = d == "fwd"
        found = flatten(lo + np.arange(len(nb.ids)), nb, scores, forward)
        best = _best_flags(nb.ids, scores)[nb.ids >= 0] * (FORWARD_BEST if forward else BACKWARD_BEST)
        table = pa.table([found.src, found.tgt, found.score, found.cosine, best.astype(np.uint8)], schema=MARGINS)
        if not forward:
            table = table.sort_by([("src", "ascending"), ("tgt", "ascending")])
        return [_write(table, out)]

    step = job.step("margin", f"{d}/q{q:05d}", [job.neighbours_path(d, q), job.means_path(other)],
                {"margin": job.cfg.margin})
    ran, _ = step.run(work)
    return Outcome(ran, str(out))


def _best_flags(ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Each row's highest-margin neighbour (the first on ties, as `mine._best_per_row`), as a mask."""
    masked = np.where(ids >= 0, scores, -np.inf)
    best = np.zeros(ids.shape, bool)
    best[np.arange(len(ids)), masked.argmax(axis=1)] = True
    return best & (ids >= 0)


def candidates_unit(job: PairJob, i: int) -> Outcome:
    """The candidate run of source block `i`, at or above the candidate floor; the rows below it are only
    counted (they are below the threshold too)."""
    lo, hi = job.blocks(job.src)[i]
    backward = [job.margins_path("bwd", q) for q in range(len(job.blocks(job.tgt)))]
    inputs = [job.margins_path("fwd", i), *backward]
    out, counts = job.run_path(i), job.run_path(i).with_suffix(".json")
    # the learned features see every candidate (as the one-process path): its floor only thins the candidates file
    floor = -np.inf if job.cfg.scoring == "learned" else candidate_floor(job.cfg)

    def work() -> list:
        fwd = pq.read_table(inputs[0])
        bwd = ds.dataset(backward, schema=MARGINS).to_table(filter=(ds.field("src") >= lo) & (ds.field("src") < hi))
        table = _union(pa.concat_tables([fwd, bwd]), job.tgt.n)
        above = table.filter(pc.greater_equal(table["score"], floor))
        order = np.lexsort((above["tgt"].to_numpy(), above["src"].to_numpy(), -above["score"].to_numpy()))
        above = above.take(order)
        src_ids = job.src.sent_ids(above["src"].to_numpy())
        tgt_ids = job.tgt.sent_ids(above["tgt"].to_numpy())
        run = pa.table([above["src"], above["tgt"], pa.array(src_ids), pa.array(tgt_ids), above["score"],
                        above["cosine"], above["best"]], schema=RUN)
        with atomic_path(counts) as tmp:
            tmp.write_text(json.dumps({"rows": table.num_rows, "below_floor": table.num_rows - run.num_rows}) + "\n")
        return [_write(run, out), counts]

    ids_files = [ids_path(p) for p in job.src.vector_files((lo, hi)) + list(job.tgt.vectors)]
    step = job.step("candidates", f"s{i:05d}", inputs + ids_files, {"floor": floor})
    ran, _ = step.run(work)
    return Outcome(ran, (str(out), str(counts)))


def _union(table: pa.Table, n_tgt: int) -> pa.Table:
    """Each (src, tgt) once: the first row (forward's, which come first) with the flags of all its rows."""
    key = table["src"].to_numpy() * n_tgt + table["tgt"].to_numpy()
    _, first, group = np.unique(key, return_index=True, return_inverse=True)
    flags = np.zeros(len(first), np.uint8)
    np.bitwise_or.at(flags, group, table["best"].to_numpy())
    merged = table.take(first)
    return merged.set_column(merged.schema.get_field_index("best"), "best", pa.array(flags))


def _write(table: pa.Table, path) -> object:
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, row_group_size=ROW_GROUP)
    return path
