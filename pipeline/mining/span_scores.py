"""Alignments of runs of sentences, and their scores on the miner's own scale: what merges and gaps choose from."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.config import MineConfig
from pipeline.encoders.base import Encoder
from pipeline.mining.index import choose_kind, shard_indexes
from pipeline.mining.knn import blocked_knn, cpu_knn, gpu_knn, sharded_search
from pipeline.mining.margin import margin
from pipeline.mining.spans import MergeSide, rowwise_dot, span_vectors
from pipeline.mining.vectors import Vectors

_BLOCK = 65536                   # options whose cosines are computed at once


@dataclass(frozen=True)
class Options:
    """Candidate alignments as parallel arrays; a side is its rows in document order, padded with -1."""

    pair: np.ndarray   # the mined pair each grows from
    src: np.ndarray    # (n, the widest side's most sentences)
    tgt: np.ndarray    # (n, the same)

    @property
    def sizes(self) -> tuple[np.ndarray, np.ndarray]:
        """Sentences on each side."""
        return (self.src >= 0).sum(axis=1), (self.tgt >= 0).sum(axis=1)

    @property
    def added(self) -> np.ndarray:
        """Sentences a merge adds to the pair it grows from (0: the one-to-one)."""
        n_src, n_tgt = self.sizes
        return n_src + n_tgt - 2

    def take(self, keep: np.ndarray) -> "Options":
        return Options(self.pair[keep], self.src[keep], self.tgt[keep])


def neighbourhood(queries: np.ndarray, base: Vectors, k: int, kind: str, mine: MineConfig,
                  index_dir: Path | None) -> np.ndarray:
    """Mean cosine of each query to its k nearest rows of `base`, searched as the miner searched (the
    same index kind; a saved index is loaded, not rebuilt)."""
    q, k, gpu = Vectors.from_array(queries, "merge spans"), min(k, len(base)), mine.device != "cpu"
    if kind == "flat":
        return blocked_knn(q, base, k, mine.block_size, (gpu_knn() if gpu else None) or cpu_knn).mean
    shards: Iterator = ((start, index.search) for start, index in
                        shard_indexes(base, kind, mine.index, mine.block_size, index_dir, gpu))
    return sharded_search(q, shards, k, mine.block_size, len(base)).mean


def span_scores(options: Options, src: MergeSide, tgt: MergeSide, encoder: Encoder, mine: MineConfig,
                index_dir: Path | None, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    """(margin, cosine) of each option, each span with its own neighbourhood on the other side: a joined text
    is searched among the other side's sentences like any sentence."""
    src_spans, src_of = np.unique(options.src, axis=0, return_inverse=True)
    tgt_spans, tgt_of = np.unique(options.tgt, axis=0, return_inverse=True)
    src_of, tgt_of = src_of.ravel(), tgt_of.ravel()
    xs, ys = span_vectors(src, src_spans, encoder, batch_size), span_vectors(tgt, tgt_spans, encoder, batch_size)
    kind = choose_kind(mine.index, len(src.vectors), len(tgt.vectors), src.vectors.dim)
    k_fwd, k_bwd = mine.ks
    x_mean = neighbourhood(xs, tgt.vectors, k_fwd, kind, mine, index_dir)
    y_mean = neighbourhood(ys, src.vectors, k_bwd, kind, mine, index_dir)
    cosine = np.concatenate([rowwise_dot(xs[src_of[i:i + _BLOCK]], ys[tgt_of[i:i + _BLOCK]])
                             for i in range(0, len(options.pair), _BLOCK)])
    return margin(cosine, x_mean[src_of], y_mean[tgt_of], mine.margin), cosine


def span_cosines(options: Options, src: MergeSide, tgt: MergeSide, encoder: Encoder, batch_size: int) -> np.ndarray:
    """The cosine of each option's two spans (a joined span embedded afresh)."""
    if not len(options.pair):
        return np.zeros(0)
    return rowwise_dot(span_vectors(src, options.src, encoder, batch_size),
                       span_vectors(tgt, options.tgt, encoder, batch_size))
