"""k-nearest neighbours by inner product (cosine on normalised vectors), in bounded memory.

Exact search computes each block of the similarity matrix once and feeds it to both
directions: its rows to the sources' top-k, its transpose to the targets' top-k. LASER and
a plain faiss implementation search twice (x against y, then y against x), so this does
half the multiply-adds, and holds two blocks instead of both sides and two flat indexes.
On a GPU, exact search runs faiss's brute-force kernel block against block in each
direction instead: the GPU does the multiply-adds faster than the host could transpose.
Approximate search streams query blocks through one index per target shard and merges
the shards' top-k the same way (`sharded_search`).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import faiss
import numpy as np

from pipeline.mining.vectors import Vectors

_TILE = 256  # transpose in cache-sized tiles: a whole-block transpose is as slow as the multiply


@dataclass(frozen=True)
class Neighbours:
    """For each query row: similarities and row numbers of its k nearest rows, best first."""

    sims: np.ndarray   # (n, k) float32
    ids: np.ndarray    # (n, k) int64

    @property
    def mean(self) -> np.ndarray:
        """Mean similarity to the neighbours found (approximate search may find fewer than k)."""
        found = self.ids >= 0
        return np.where(found, self.sims, 0).sum(axis=1) / np.maximum(found.sum(axis=1), 1)


class TopK:
    """The k largest values seen per row, kept in faiss heaps (C++, no per-row Python)."""

    def __init__(self, rows: int, k: int):
        self.sims = np.empty((rows, k), np.float32)
        self.ids = np.empty((rows, k), np.int64)
        self._heaps = faiss.float_minheap_array_t()
        self._heaps.nh, self._heaps.k = rows, k
        self._heaps.val, self._heaps.ids = faiss.swig_ptr(self.sims), faiss.swig_ptr(self.ids)
        self._heaps.heapify()

    def add_block(self, values: np.ndarray, row0: int, col0: int) -> None:
        """Rows `row0...` see `values[:, j]` as the similarity to row `col0 + j` of the other side."""
        n, m = values.shape
        self._heaps.addn(m, faiss.swig_ptr(values), col0, row0, n)

    def add_results(self, sims: np.ndarray, ids: np.ndarray, row0: int) -> None:
        """Merge another search's top-k (ids already in this side's numbering; -1 = none)."""
        sims = np.ascontiguousarray(sims, dtype=np.float32)
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        self._heaps.addn_with_ids(sims.shape[1], faiss.swig_ptr(sims), faiss.swig_ptr(ids), sims.shape[1],
                                  row0, len(sims))

    def result(self) -> Neighbours:
        self._heaps.reorder()
        return Neighbours(self.sims, self.ids)


def exact_both_ways(src: Vectors, tgt: Vectors, k_fwd: int, k_bwd: int, block: int) -> tuple[Neighbours, Neighbours]:
    """Exact k-NN of every source among the targets and of every target among the sources, in one pass."""
    fwd, bwd = TopK(len(src), min(k_fwd, len(tgt))), TopK(len(tgt), min(k_bwd, len(src)))
    sims, sims_t = np.empty(block * block, np.float32), np.empty(block * block, np.float32)
    x_buf = np.empty((min(block, len(src)), src.dim), np.float32)
    for t0, y in tgt.blocks(block):
        for s0 in range(0, len(src), block):
            x = src.read(s0, min(s0 + block, len(src)), x_buf)
            s = sims[:len(x) * len(y)].reshape(len(x), len(y))   # contiguous, as the heaps need
            np.matmul(x, y.T, out=s)
            fwd.add_block(s, s0, t0)
            st = sims_t[:len(y) * len(x)].reshape(len(y), len(x))
            _transpose(s, st)
            bwd.add_block(st, t0, s0)
    return fwd.result(), bwd.result()


BlockKnn = Callable[[np.ndarray, np.ndarray, int], tuple[np.ndarray, np.ndarray]]
Search = Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]]   # (queries, k) -> (sims, ids)


def cpu_knn(x: np.ndarray, y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    return faiss.knn(x, y, k, metric=faiss.METRIC_INNER_PRODUCT)


def gpu_knn() -> BlockKnn | None:
    """faiss's brute-force k-NN on the GPU, or None where faiss has no GPU to run on."""
    if not hasattr(faiss, "StandardGpuResources") or faiss.get_num_gpus() == 0:
        return None
    resources = faiss.StandardGpuResources()
    return lambda x, y, k: faiss.knn_gpu(resources, x, y, k, metric=faiss.METRIC_INNER_PRODUCT)


def blocked_knn(queries: Vectors, base: Vectors, k: int, block: int, knn: BlockKnn) -> Neighbours:
    """Exact k-NN of every query among `base`: each base block is a shard searched by `knn`."""
    shards = ((b0, lambda x, kk, y=y: knn(x, y, min(kk, len(y)))) for b0, y in base.blocks(block))
    return sharded_search(queries, shards, k, block, len(base))


def sharded_search(queries: Vectors, shards: Iterator[tuple[int, Search]], k: int, block: int,
                   n_base: int) -> Neighbours:
    """k-NN of every query among the rows of `shards` ((first row, search) pairs), merged across shards."""
    top = TopK(len(queries), min(k, n_base))
    for offset, search in shards:
        for q0, x in queries.blocks(block):
            sims, ids = search(x, top.ids.shape[1])
            top.add_results(sims, np.where(ids >= 0, ids + offset, -1), q0)
    return top.result()


def _transpose(a: np.ndarray, out: np.ndarray) -> None:
    for i in range(0, a.shape[1], _TILE):
        for j in range(0, a.shape[0], _TILE):
            out[i:i + _TILE, j:j + _TILE] = a[j:j + _TILE, i:i + _TILE].T
