"""The search tasks of a pair: train each side's index, fill one index per shard, search each query
block against each shard, merge the shards' top-k per block, gather each side's neighbourhood means.

Every task is a resume `Step` (skipped while its inputs and settings are unchanged) whose memory is
set by `task_rows`, `block_size` and `index.shard_rows`, never by the corpus. An index file is loaded
only after its checksum matched; a damaged one is rebuilt by the task that found it.
"""

import logging
import zipfile

import faiss
import numpy as np

from pipeline.atomic import atomic_path
from pipeline.mining.index import DamagedIndex, load_index, populate, save_index, searchable, train_index
from pipeline.mining.job import Direction, PairJob, Rows, SideIndex
from pipeline.mining.knn import Neighbours, TopK, gpu_knn
from pipeline.mining.vectors import Vectors
from pipeline.work import Outcome

log = logging.getLogger(__name__)


def train_unit(ix: SideIndex) -> Outcome:
    step = ix.step("trained", list(ix.side.vectors), _index_settings(ix))
    ran, _ = step.run(lambda: save_index(train_index(ix.side.open(), ix.spec, ix.cfg.index), ix.trained))
    return Outcome(ran, str(ix.trained))


def populate_unit(ix: SideIndex, b: int) -> Outcome:
    rows = ix.shards[b]
    step = ix.step(f"shard-{b:04d}", [ix.trained, *ix.side.vector_files(rows)],
                {**_index_settings(ix), "rows": rows})
    ran, _ = step.run(lambda: _build_shard(ix, b))
    return Outcome(ran, str(ix.shard(b)))


def _index_settings(ix: SideIndex) -> dict:
    i = ix.cfg.index
    return {"spec": ix.spec, "train": i.train_size, "seed": i.seed, "ef": i.ef_construction}


def _trained(ix: SideIndex) -> faiss.Index:
    try:
        return load_index(ix.trained)
    except DamagedIndex as exc:
        log.warning("%s; training again", exc)
        save_index(train_index(ix.side.open(), ix.spec, ix.cfg.index), ix.trained)
        return load_index(ix.trained)


def _build_shard(ix: SideIndex, b: int) -> list:
    start, stop = ix.shards[b]
    return save_index(populate(_trained(ix), ix.side.open(), start, stop, ix.cfg.block_size), ix.shard(b))


def shard_index(ix: SideIndex, b: int) -> faiss.Index:
    """Index shard `b`, checked against its checksum as it loads; rebuilt (and saved again) when damaged or missing."""
    try:
        return load_index(ix.shard(b), mapped=True)
    except DamagedIndex as exc:
        log.warning("%s; rebuilding it", exc)
        _build_shard(ix, b)
        return load_index(ix.shard(b), mapped=True)


def search_unit(job: PairJob, d: str, q: int, b: int) -> Outcome:
    """The k nearest rows of query block `q` among base shard `b` (row numbers of the whole base side)."""
    way = job.direction(d)
    block, shard = job.blocks(way.queries)[q], job.base_shards(way.base)[b]
    out = job.search_path(d, q, b)
    base_inputs = way.base.vector_files(shard) if job.exact else [job.index(way.base).shard(b)]
    settings = {"kind": job.kind, "k": way.k, "index": job.cfg.index, "block": job.cfg.block_size,
                "rows": (block, shard)}

    def work() -> list:
        queries = way.queries.open()
        queries.subset(np.arange(*block)).check()     # every row is a query once: NaN and zeros refused here
        if job.exact:
            sims, ids = _exact(queries, block, way.base.open(), shard, way.k, job.cfg.block_size, job.cfg.device)
        else:
            index = searchable(shard_index(job.index(way.base), b), job.kind, job.cfg.index, job.cfg.device != "cpu")
            sims, ids = _approximate(queries, block, index, shard[0], way.k, job.cfg.block_size)
        return [save_npz(out, sims=sims, ids=ids)]

    step = job.step("search", f"{d}/q{q:05d}-b{b:04d}", way.queries.vector_files(block) + base_inputs,
                settings)
    ran, _ = step.run(work)
    return Outcome(ran, str(out))


def _exact(queries: Vectors, block: Rows, base: Vectors, shard: Rows, k: int, size: int,
           device: str) -> tuple[np.ndarray, np.ndarray]:
    """Brute force, one base sub-block at a time against each query sub-block (as `knn.exact_both_ways`)."""
    lo, hi = block
    top = TopK(hi - lo, k)
    knn = gpu_knn() if device != "cpu" else None
    x_buf = np.empty((min(size, hi - lo), queries.dim), np.float32)
    for t0 in range(shard[0], shard[1], size):
        y = base.read(t0, min(t0 + size, shard[1]))
        for s0 in range(lo, hi, size):
            x = queries.read(s0, min(s0 + size, hi), x_buf)
            if knn is None:
                top.add_block(np.ascontiguousarray(x @ y.T), s0 - lo, t0)
            else:
                sims, ids = knn(x, y, min(k, len(y)))
                top.add_results(sims, np.where(ids >= 0, ids + t0, -1), s0 - lo)
    found = top.result()
    return found.sims, found.ids


def _approximate(queries: Vectors, block: Rows, index: faiss.Index, offset: int, k: int,
                 size: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = block
    sims, ids = np.empty((hi - lo, k), np.float32), np.empty((hi - lo, k), np.int64)
    for s0 in range(lo, hi, size):
        s1 = min(s0 + size, hi)
        found_sims, found_ids = index.search(queries.read(s0, s1), k)
        sims[s0 - lo:s1 - lo], ids[s0 - lo:s1 - lo] = found_sims, np.where(found_ids >= 0, found_ids + offset, -1)
    return sims, ids


def topk_unit(job: PairJob, d: str, q: int) -> Outcome:
    """The top-k of query block `q` over every base shard, in shard order (as `knn.sharded_search`)."""
    way = job.direction(d)
    lo, hi = job.blocks(way.queries)[q]
    parts = [job.search_path(d, q, b) for b in range(len(job.base_shards(way.base)))]
    out = job.neighbours_path(d, q)

    def work() -> list:
        top = TopK(hi - lo, way.k)
        for part in parts:
            with np.load(part) as found:
                top.add_results(found["sims"], found["ids"], 0)
        nb = top.result()
        return [save_npz(out, sims=nb.sims, ids=nb.ids, mean=nb.mean)]

    ran, _ = job.step("topk", f"{d}/q{q:05d}", parts).run(work)
    return Outcome(ran, str(out))


def means_unit(job: PairJob, d: str) -> Outcome:
    """Every query row's mean similarity to its neighbours, in one file the margin tasks memory-map."""
    way = job.direction(d)
    parts = [job.neighbours_path(d, q) for q in range(len(job.blocks(way.queries)))]
    out = job.means_path(d)

    def work() -> list:
        with atomic_path(out) as tmp:
            means = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.float64, shape=(way.queries.n,))
            for (lo, hi), part in zip(job.blocks(way.queries), parts):
                with np.load(part) as found:
                    means[lo:hi] = found["mean"]
            means.flush()
            del means
        return [out]

    ran, _ = job.step("means", d, parts).run(work)
    return Outcome(ran, str(out))


def load_neighbours(job: PairJob, way: Direction, q: int) -> tuple[Neighbours, np.ndarray]:
    with np.load(job.neighbours_path(way.name, q)) as found:
        return Neighbours(found["sims"], found["ids"]), found["mean"]


def save_npz(path, **arrays) -> object:
    """An `.npz` (read by `np.load`) with fixed entry dates: the same arrays give the same bytes, so a unit
    redone after a crash leaves the units after it valid (`np.savez` stamps the current time)."""
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        for name, array in arrays.items():
            with archive.open(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), "w") as f:
                np.lib.format.write_array(f, np.ascontiguousarray(array), allow_pickle=False)
    return path
