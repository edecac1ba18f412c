"""Mining two sets of embeddings: k-NN both ways, margin of every candidate, retrieval of pairs.

Only the k nearest neighbours of each row are ever held (n x k arrays), never a score
matrix of one side against the other.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from pipeline.config import MineConfig
from pipeline.errors import BitextError
from pipeline.mining.index import choose_kind, shard_indexes
from pipeline.mining.knn import Neighbours, Search, blocked_knn, exact_both_ways, gpu_knn, sharded_search
from pipeline.mining.margin import margin
from pipeline.mining.retrieval import below_cap, positions_of, retrieve
from pipeline.mining.vectors import Vectors


@dataclass(frozen=True)
class Scored:
    """Parallel arrays: row indices into the source and target sets, margin and cosine."""

    src: np.ndarray
    tgt: np.ndarray
    score: np.ndarray
    cosine: np.ndarray

    def take(self, positions: np.ndarray) -> "Scored":
        return Scored(self.src[positions], self.tgt[positions], self.score[positions], self.cosine[positions])

    def best_first(self) -> "Scored":
        return self.take(np.argsort(-self.score, kind="stable"))

    def __len__(self) -> int:
        return len(self.src)


@dataclass(frozen=True)
class Scoring:
    """Everything the decision needs, computed once: re-selecting at another threshold is cheap."""

    candidates: Scored    # every k-NN candidate of either direction, each (src, tgt) once, best first
    forward: Scored       # each source's best target by margin, in source order
    backward: Scored      # each target's best source by margin, in target order
    src_mean: np.ndarray  # mean cosine of each source to its k nearest targets
    tgt_mean: np.ndarray  # mean cosine of each target to its k nearest sources

    @cached_property
    def best_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """`forward` and `backward` as positions into `candidates`, which hold every k-NN pair."""
        found = [positions_of(self.candidates, best.src, best.tgt) for best in (self.forward, self.backward)]
        if any((f < 0).any() for f in found):
            raise RuntimeError("a row's best match is missing from the candidates")
        return found[0], found[1]


@dataclass(frozen=True)
class MiningResult:
    candidates: Scored   # scores before any keep/drop decision
    pairs: Scored        # the retrieval's pairs above the thresholds, best first
    quality: np.ndarray | None = None             # learned quality of each pair (learned scoring only)
    candidate_quality: np.ndarray | None = None   # learned quality of each candidate (learned scoring only)
    min_cosine: float | None = None               # the cosine floor applied, where it is the pair's own


def neighbours_both_ways(src: Vectors, tgt: Vectors, cfg: MineConfig,
                         index_dir: Path | None = None) -> tuple[Neighbours, Neighbours]:
    """k-NN of the sources among the targets and of the targets among the sources."""
    k_fwd, k_bwd = cfg.ks
    kind = choose_kind(cfg.index, len(src), len(tgt), src.dim)
    gpu = cfg.device != "cpu"
    if kind == "flat":
        knn = gpu_knn() if gpu else None
        if knn is None:
            return exact_both_ways(src, tgt, k_fwd, k_bwd, cfg.block_size)
        return blocked_knn(src, tgt, k_fwd, cfg.block_size, knn), blocked_knn(tgt, src, k_bwd, cfg.block_size, knn)
    fwd = sharded_search(src, _searches(tgt, kind, cfg, index_dir, gpu), k_fwd, cfg.block_size, len(tgt))
    bwd = sharded_search(tgt, _searches(src, kind, cfg, index_dir, gpu), k_bwd, cfg.block_size, len(src))
    return fwd, bwd


def _searches(base: Vectors, kind: str, cfg: MineConfig, index_dir: Path | None,
              gpu: bool) -> Iterator[tuple[int, Search]]:
    """One index per shard of `base`, built or loaded as the search reaches it."""
    return ((start, index.search) for start, index in shard_indexes(base, kind, cfg.index, cfg.block_size,
                                                                    index_dir, gpu))


def score(src: Vectors | np.ndarray, tgt: Vectors | np.ndarray, cfg: MineConfig | None = None,
          index_dir: Path | None = None) -> Scoring:
    """k-NN in both directions and the margin of every candidate."""
    cfg = cfg or MineConfig()
    src, tgt = as_vectors(src, "source"), as_vectors(tgt, "target")
    check_sides(src, tgt, cfg)
    fwd, bwd = neighbours_both_ways(src, tgt, cfg, index_dir)
    fwd_score = margin(fwd.sims, fwd.mean[:, None], bwd.mean[fwd.ids], cfg.margin)
    bwd_score = margin(bwd.sims, bwd.mean[:, None], fwd.mean[bwd.ids], cfg.margin)
    fwd_cands = flatten(np.arange(len(src)), fwd, fwd_score, forward=True)
    bwd_cands = flatten(np.arange(len(tgt)), bwd, bwd_score, forward=False)
    return Scoring(_union(fwd_cands, bwd_cands, n_tgt=len(tgt)),
                   _best_per_row(fwd, fwd_score, forward=True), _best_per_row(bwd, bwd_score, forward=False),
                   fwd.mean, bwd.mean)


def select(scoring: Scoring, threshold: float, min_cosine: float = -1.0, retrieval: str = "max",
           score_max: float | None = None) -> Scored:
    """LASER's retrievals (pipeline/mining/retrieval.py) over each row's best match by margin among its
    k neighbours, with threshold <= margin <= score_max and cosine >= min_cosine; best first."""
    forward, backward = scoring.best_positions
    c = scoring.candidates
    return c.take(retrieve(c, c.score, forward, backward, retrieval, threshold, min_cosine,
                           below_cap(c.score, score_max)))


def mine(src: Vectors | np.ndarray, tgt: Vectors | np.ndarray, cfg: MineConfig,
         index_dir: Path | None = None) -> MiningResult:
    """Score and select by margin, with a config whose thresholds are set (see `pairs.mine_sides`)."""
    scoring = score(src, tgt, cfg, index_dir)
    pairs = select(scoring, cfg.threshold, cfg.min_cosine, cfg.retrieval, cfg.score_max)
    return MiningResult(scoring.candidates, pairs)


def as_vectors(x: Vectors | np.ndarray, name: str) -> Vectors:
    return x if isinstance(x, Vectors) else Vectors.from_array(x, f"{name} embeddings")


def check_sides(src: Vectors, tgt: Vectors, cfg: MineConfig) -> None:
    """Refuse inputs that would silently give meaningless scores, before any search."""
    for side, vectors in (("source", src), ("target", tgt)):
        if len(vectors) == 0:
            raise BitextError(f"{side} side has no sentences to mine")
    for k, name, other, side in zip(cfg.ks, ("k_forward", "k_backward"), (tgt, src), ("target", "source")):
        if k > len(other):
            raise BitextError(f"{name}: k={k} but the {side} side has only {len(other)} sentences; "
                              "lower k (the margin compares each sentence with its k nearest neighbours)")
    if src.dim != tgt.dim:
        raise BitextError(f"embedding dimensions differ: source {src.dim}, target {tgt.dim}")
    src.check()
    tgt.check()


def flatten(rows: np.ndarray, nb: Neighbours, scores: np.ndarray, forward: bool) -> Scored:
    found = nb.ids.ravel() >= 0
    own = np.repeat(rows, nb.ids.shape[1])[found]
    other = nb.ids.ravel()[found]
    src, tgt = (own, other) if forward else (other, own)
    return Scored(src, tgt, scores.ravel()[found], nb.sims.ravel()[found])


def _best_per_row(nb: Neighbours, scores: np.ndarray, forward: bool) -> Scored:
    """For each query, the neighbour with the highest margin (queries with none found are left out)."""
    scores = np.where(nb.ids >= 0, scores, -np.inf)
    col = scores.argmax(axis=1)
    rows = np.flatnonzero(nb.ids[np.arange(len(col)), col] >= 0)
    col = col[rows]
    other = nb.ids[rows, col]
    src, tgt = (rows, other) if forward else (other, rows)
    return Scored(src, tgt, scores[rows, col], nb.sims[rows, col])


def _union(a: Scored, b: Scored, n_tgt: int) -> Scored:
    """Candidates found in either direction, each (src, tgt) once, best score first."""
    src = np.concatenate([a.src, b.src]).astype(np.int64)
    tgt = np.concatenate([a.tgt, b.tgt]).astype(np.int64)
    _, first = np.unique(src * n_tgt + tgt, return_index=True)
    merged = Scored(src[first], tgt[first], np.concatenate([a.score, b.score])[first],
                    np.concatenate([a.cosine, b.cosine])[first])
    return merged.best_first()
