"""Learned re-scoring of a pair mined as tasks: the one-process features and quality, per candidate run.

    features  per run: what each candidate needs of itself (margins, both texts joined by row number)
    gaps      per pair: each target's best two distance margins and the length centre, over all runs
    quality   per run: the features completed, the calibrated scorer's quality, each source's best by
              quality flagged; the run written twice, in margin order (the candidates file) and in
              quality order (the decision)

Every global the features need is an order statistic (best, second best, quantile, median), so the
values equal the one-process `features.pair_features` whatever the order the runs come in.
"""

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.encoders.calibration import calibration_file, calibration_for
from pipeline.mining.candidate_tasks import FORWARD_BEST
from pipeline.mining.features import assemble, gap, gap_from_top2, local_features
from pipeline.mining.job import PairJob
from pipeline.mining.join import run_texts
from pipeline.mining.order_stats import median, quantile
from pipeline.mining.retrieval import best_per
from pipeline.mining.search_tasks import save_npz
from pipeline.work import Outcome

LOCAL = ("cosine", "ratio_margin", "distance_margin", "log_len", "same_end_punct", "same_numbers")


def features_unit(job: PairJob, i: int) -> Outcome:
    run, out = job.run_path(i), job.features_path(i)

    def work() -> list:
        table = pq.read_table(run, columns=["src", "tgt", "cosine"])
        src, tgt = table["src"].to_numpy(), table["tgt"].to_numpy()
        means = [np.load(job.means_path(d), mmap_mode="r") for d in ("fwd", "bwd")]
        local = local_features(table["cosine"].to_numpy(), means[0][src], means[1][tgt], *run_texts(run, job.src,
                                                                                                      job.tgt))
        columns = {"tgt": tgt, **local, "gap_src": gap(src, local["distance_margin"])}
        _write(pa.table(columns), out)
        return [out]

    inputs = [run, job.means_path("fwd"), job.means_path("bwd"), *job.src.lids, *job.tgt.lids]
    ran, _ = job.step("features", f"s{i:05d}", inputs).run(work)
    return Outcome(ran, str(out))


def gaps_unit(job: PairJob) -> Outcome:
    """Each target's best and second-best distance margin (second 0.0 without a competitor) and the
    length centre, from all runs, one run in memory at a time: two floats per target, and the centre's
    quantile and median selected exactly over passes through the runs (`order_stats`)."""
    parts = [job.features_path(i) for i in range(len(job.blocks(job.src)))]
    out = job.gaps_path

    def work() -> list:
        best, second = np.full(job.tgt.n, -np.inf), np.full(job.tgt.n, -np.inf)
        for part in parts:
            table = pq.read_table(part, columns=["tgt", "distance_margin"])
            _fold_top2(table["tgt"].to_numpy(), table["distance_margin"].to_numpy(), best, second)
        second[np.isneginf(second)] = 0.0      # margins are finite: -inf is a target with one candidate or none
        return [save_npz(out, best=best, second=second, centre=np.float64(streamed_length_centre(parts)))]

    ran, _ = job.step("gaps", "targets", parts).run(work)
    return Outcome(ran, str(out))


def streamed_length_centre(parts: list) -> float:
    """`features.length_centre` over the candidates of every features part, reading one part at a time."""
    def column(name: str, floor: float = -np.inf):
        def read():
            for part in parts:
                table = pq.read_table(part, columns=list({"distance_margin", name}))
                yield table[name].to_numpy()[table["distance_margin"].to_numpy() >= floor]
        return read

    q90 = quantile(column("distance_margin"), 0.9)
    centre = None if q90 is None else median(column("log_len", q90))
    return 0.0 if centre is None else centre


def _fold_top2(owner: np.ndarray, value: np.ndarray, best: np.ndarray, second: np.ndarray) -> None:
    """Fold one part's values into each owner's best two (with multiplicity)."""
    order = np.lexsort((-value, owner))
    owner, value = owner[order], value[order]
    first = np.r_[True, owner[1:] != owner[:-1]] if len(owner) else np.zeros(0, bool)
    starts = np.flatnonzero(first)
    sizes = np.diff(np.r_[starts, len(owner)])
    u, p1 = owner[starts], value[starts]
    p2 = np.where(sizes > 1, value[np.minimum(starts + 1, len(owner) - 1)], -np.inf)
    b, s = best[u], second[u]
    best[u] = np.maximum(b, p1)
    second[u] = np.maximum(np.minimum(b, p1), np.maximum(s, p2))


def quality_unit(job: PairJob, i: int) -> Outcome:
    run, part = job.run_path(i), job.features_path(i)
    outs = (job.scored_path(i, "score"), job.scored_path(i, "quality"))

    def work() -> list:
        table = pq.read_table(run)
        local = pq.read_table(part)
        gaps = np.load(job.gaps_path)
        local_cols = {name: local[name].to_numpy() for name in LOCAL}
        gap_tgt = gap_from_top2(local["tgt"].to_numpy(), local_cols["distance_margin"], gaps["best"], gaps["second"])
        features = assemble(local_cols, local["gap_src"].to_numpy(), gap_tgt, gaps["centre"].item())
        quality = calibration_for(job.cfg.calibration).scorer.probability(features)
        src_best = np.zeros(len(quality), np.uint8)
        src_best[best_per(table["src"].to_numpy(), quality)] = FORWARD_BEST
        scored = table.set_column(table.schema.get_field_index("best"), "best", pa.array(src_best))
        scored = scored.append_column("quality", pa.array(quality, pa.float64()))
        _write(scored, outs[0])
        order = np.lexsort((scored["tgt"].to_numpy(), scored["src"].to_numpy(), -scored["score"].to_numpy(), -quality))
        _write(scored.take(order), outs[1])
        return list(outs)

    inputs = [run, part, job.gaps_path, calibration_file()]
    ran, _ = job.step("quality", f"s{i:05d}", inputs, {"calibration": job.cfg.calibration}).run(work)
    return Outcome(ran, tuple(str(p) for p in outs))


def _write(table: pa.Table, path) -> None:
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, row_group_size=65_536)
