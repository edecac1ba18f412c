"""One language pair to mine as many tasks: its two sides, its settings and where every part lives.

A `PairJob` is what each mining task receives (small, frozen, pickles to any worker); it names
the rows each task covers (query blocks of `task_rows`, index shards of `index.shard_rows`) and
the files between tasks, all under the run's work directory. Rows are numbered per side in shard
order; sentence ids and texts are looked up from rows only at the end.
"""

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from pipeline.config import MineConfig
from pipeline.embed import ids_path
from pipeline.encoders import encoder_slug
from pipeline.errors import BitextError
from pipeline.fingerprint import config_hash
from pipeline.mining.index import choose_kind, factory_string, shard_bounds
from pipeline.mining.vectors import Vectors, npy_shape
from pipeline.resume import Step
from pipeline.workdir import RunLayout

Rows = tuple[int, int]   # [start, stop) of a side's rows


@dataclass(frozen=True)
class SideFiles:
    """One language's sentence shards and their embeddings, in row order."""

    lang: str
    lids: tuple[Path, ...]
    vectors: tuple[Path, ...]
    sizes: tuple[int, ...]
    dim: int

    @classmethod
    def of(cls, layout: RunLayout, encoder: str, lang: str, shards: list[str]) -> "SideFiles":
        """From the shard names; each embedding file's rows must match its sentence shard's (read from headers)."""
        vectors = tuple(layout.embeddings_path(encoder, lang, s) for s in shards)
        lids = tuple(layout.lid_path(lang, s) for s in shards)
        shapes = [npy_shape(v) for v in vectors]
        for lid, vec, (rows, _) in zip(lids, vectors, shapes):
            if not lid.is_file() or pq.ParquetFile(lid).metadata.num_rows != rows:
                raise BitextError(f"{vec}: {rows} vectors do not match the sentences of {lid}; re-run the embed stage")
        dims = {d for _, d in shapes}
        if len(dims) > 1:
            raise BitextError(f"embeddings of '{lang}': files have different vector widths {sorted(dims)}")
        return cls(lang, lids, vectors, tuple(r for r, _ in shapes), dims.pop() if dims else 0)

    @property
    def n(self) -> int:
        return sum(self.sizes)

    @cached_property
    def offsets(self) -> np.ndarray:
        return np.cumsum((0,) + self.sizes)

    def open(self) -> Vectors:
        return Vectors(self.vectors, self.sizes, self.dim, f"embeddings of '{self.lang}'")

    def shards_in(self, rows: Rows) -> list[int]:
        """Numbers of the shards holding any of `rows`."""
        lo, hi = rows
        return [i for i in range(len(self.sizes)) if self.offsets[i] < hi and self.offsets[i + 1] > lo]

    def vector_files(self, rows: Rows) -> list[Path]:
        return [self.vectors[i] for i in self.shards_in(rows)]

    def sent_ids(self, rows: np.ndarray) -> np.ndarray:
        """Sentence ids of side rows, read from the shards' id files (memory-mapped)."""
        rows = np.asarray(rows, np.int64)
        out = np.empty(len(rows), np.uint64)
        shard = np.searchsorted(self.offsets, rows, side="right") - 1
        for i in np.unique(shard):
            at = shard == i
            out[at] = np.load(ids_path(self.vectors[i]), mmap_mode="r")[rows[at] - self.offsets[i]]
        return out


@dataclass(frozen=True)
class SideIndex:
    """The approximate index of one side: trained once, then one file per shard of rows.

    Named by the side and the settings that change its content, so pairs sharing a language share it."""

    side: SideFiles
    kind: str
    spec: str
    cfg: MineConfig
    root: Path
    layout: RunLayout
    key: str            # names the index: encoder/lang/kind-settings

    @classmethod
    def of(cls, layout: RunLayout, encoder: str, side: SideFiles, kind: str, cfg: MineConfig) -> "SideIndex":
        spec = factory_string(kind, cfg.index, side.n, side.dim)
        shards = shard_bounds(cfg.index, side.n)
        i = cfg.index
        key = config_hash({"spec": spec, "train": i.train_size, "seed": i.seed, "ef": i.ef_construction,
                           "shard": shards[0][1]})[:10]
        name = f"{side.lang}/{kind}-{key}"
        return cls(side, kind, spec, cfg, layout.index_dir(encoder) / name, layout, f"{encoder_slug(encoder)}/{name}")

    @property
    def shards(self) -> list[Rows]:
        return shard_bounds(self.cfg.index, self.side.n)

    @property
    def trained(self) -> Path:
        return self.root / "trained.faiss"

    def shard(self, b: int) -> Path:
        return self.root / f"shard-{b:04d}.faiss"

    def manifest_path(self, part: str) -> Path:
        return self.layout.manifest_path("mine-index", f"{self.key}/{part}")

    def step(self, part: str, inputs: list[Path], config: object = None) -> Step:
        """A resume step whose manifest records work-directory paths relative to it (a movable work dir)."""
        return self.layout.step("mine-index", f"{self.key}/{part}", inputs, config)


@dataclass(frozen=True)
class Direction:
    """One search direction: every query row's k nearest rows among the base side."""

    name: str           # fwd: sources among targets; bwd: targets among sources
    queries: SideFiles
    base: SideFiles
    k: int


@dataclass(frozen=True)
class PairJob:
    layout: RunLayout
    encoder: str
    src: SideFiles
    tgt: SideFiles
    cfg: MineConfig     # settled (thresholds set)

    @property
    def name(self) -> str:
        return f"{self.src.lang}-{self.tgt.lang}"

    @cached_property
    def kind(self) -> str:
        return choose_kind(self.cfg.index, self.src.n, self.tgt.n, self.src.dim)

    @property
    def exact(self) -> bool:
        return self.kind == "flat"

    def direction(self, name: str) -> Direction:
        k_fwd, k_bwd = self.cfg.ks
        if name == "fwd":
            return Direction("fwd", self.src, self.tgt, min(k_fwd, self.tgt.n))
        return Direction("bwd", self.tgt, self.src, min(k_bwd, self.src.n))

    @property
    def directions(self) -> tuple[Direction, Direction]:
        return self.direction("fwd"), self.direction("bwd")

    def blocks(self, side: SideFiles) -> list[Rows]:
        """The query blocks of a side: `task_rows` rows each (clamped to the side)."""
        rows = max(1, min(self.cfg.task_rows, side.n))
        return [(start, min(start + rows, side.n)) for start in range(0, side.n, rows)]

    def base_shards(self, side: SideFiles) -> list[Rows]:
        return shard_bounds(self.cfg.index, side.n)

    def index(self, side: SideFiles) -> SideIndex:
        return SideIndex.of(self.layout, self.encoder, side, self.kind, self.cfg)

    # files between tasks, under mining/{pair}/
    @property
    def dir(self) -> Path:
        return self.layout.mining_dir(self.src.lang, self.tgt.lang)

    def search_path(self, d: str, q: int, b: int) -> Path:
        return self.dir / "search" / d / f"q{q:05d}-b{b:04d}.npz"

    def neighbours_path(self, d: str, q: int) -> Path:
        return self.dir / "neighbours" / d / f"q{q:05d}.npz"

    def means_path(self, d: str) -> Path:
        return self.dir / f"means-{d}.npy"

    def margins_path(self, d: str, q: int) -> Path:
        return self.dir / "margins" / d / f"q{q:05d}.parquet"

    def run_path(self, i: int) -> Path:
        return self.dir / "candidates" / f"run-{i:05d}.parquet"

    def features_path(self, i: int) -> Path:
        return self.dir / "features" / f"run-{i:05d}.parquet"

    @property
    def gaps_path(self) -> Path:
        return self.dir / "features" / "targets.npz"

    def scored_path(self, i: int, order: str) -> Path:
        """Run `i` with its learned quality, sorted best first by `order` (score: the margin, or quality)."""
        return self.dir / "scored" / f"run-{i:05d}-by-{order}.parquet"

    @property
    def selected_path(self) -> Path:
        return self.dir / "selected.parquet"

    def manifest(self, stage: str, name: str) -> Path:
        return self.layout.manifest_path(f"mine-{stage}", f"{self.name}/{name}")

    def step(self, stage: str, name: str, inputs: list[Path], config: object = None) -> Step:
        """A resume step whose manifest records work-directory paths relative to it (a movable work dir)."""
        return self.layout.step(f"mine-{stage}", f"{self.name}/{name}", inputs, config)
