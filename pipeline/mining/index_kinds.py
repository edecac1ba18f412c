"""k-NN index kinds: the table the config, the command line and the index builder all read.

Adding an index kind is one row: its faiss factory string and its search-time parameters, both
functions of the index settings (`IndexConfig`). `flat` builds no index: exact search is done
block against block (`knn.exact_both_ways`). Light on purpose (no faiss import), so that config
validation can read the table.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IndexKind:
    help: str
    factory: Callable[..., str] | None = None  # (settings, rows, dim) -> faiss index_factory string
    search: Callable[..., str] | None = None   # settings -> faiss ParameterSpace string


def pq_m_for(cfg, dim: int) -> int:
    """Sub-quantizers: configured, or one per 4 dimensions (the largest divisor of dim up to dim / 4)."""
    if cfg.pq_m:
        return cfg.pq_m
    return next(m for m in range(max(1, dim // 4), 0, -1) if dim % m == 0)


DEFAULT_SHARD_ROWS = 2_000_000   # rows per index shard when unset: an ivf-pq shard of 512-d vectors is ~2.2 GB
LIST_ROWS = 256                  # auto: rows per inverted list of one index shard


def shard_rows_for(cfg, n: int) -> int:
    return max(1, min(cfg.shard_rows or DEFAULT_SHARD_ROWS, n))


def nlist_for(cfg, n: int) -> int:
    """Inverted lists: configured, or about 256 rows a list in one index shard (a power of two), with 39
    training points each. A query scans `nprobe` lists of every shard and re-scores the best `k * refine`
    of each: at 2M rows, lists of ~1,000 (2,048) let the true neighbour fall out of the re-scored few more
    often than lists of ~250 (8,192): recall 0.944 against 0.965; and 8,192 lists searched in 0.72 of the
    time of 4,096. Shards share one trained quantizer, so the lists stop growing at the shard size."""
    if cfg.nlist:
        return min(cfg.nlist, max(1, n // 39))
    return max(1, min(2 ** round(math.log2(max(1.0, shard_rows_for(cfg, n) / LIST_ROWS))), n // 39))


TRAIN_SIZE, TRAIN_PER_LIST = 50_000, 40   # faiss's k-means asks for at least 39 training vectors per list


def train_size_for(cfg, n: int) -> int:
    """Vectors to train an index of `n` rows on: configured, or 50k and at least 40 per IVF list, so that
    k-means is not starved as the lists grow with the corpus (10M rows: 8192 lists, 327,680 vectors)."""
    if cfg.train_size:
        return min(cfg.train_size, n)
    return min(n, max(TRAIN_SIZE, TRAIN_PER_LIST * nlist_for(cfg, n)))


def _ivf_pq(cfg, n: int, dim: int) -> str:
    m = pq_m_for(cfg, dim)
    opq = f"OPQ{m}_{cfg.opq_dim or dim}," if cfg.opq else ""
    return f"{opq}IVF{nlist_for(cfg, n)},PQ{m}x4fs,Refine(SQfp16)"


INDEX_KINDS: dict[str, IndexKind] = {
    "auto": IndexKind("exact while n_src x n_tgt <= 2e10, else ivf-pq with lists and training sample growing with "
                      "the side"),
    "flat": IndexKind("exact search, block against block, both directions in one pass"),
    "ivf-flat": IndexKind("inverted lists of full vectors",
                          lambda cfg, n, dim: f"IVF{nlist_for(cfg, n)},Flat", lambda cfg: f"nprobe={cfg.nprobe}"),
    "ivf-pq": IndexKind("inverted lists of 4-bit fast-scan PQ codes, re-scored from float16", _ivf_pq,
                        lambda cfg: f"nprobe={cfg.nprobe},k_factor_rf={cfg.refine}"),
    "hnsw": IndexKind("HNSW graph (no training; slow to build on few cores)",
                      lambda cfg, n, dim: f"HNSW{cfg.hnsw_m}", lambda cfg: f"efSearch={cfg.ef_search}"),
}
