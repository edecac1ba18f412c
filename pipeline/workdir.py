"""Where each stage's files live inside a run's work directory (the contracts in DESIGN.md).

Every file name of a run is chosen here and nowhere else. Crawl files are sharded one by one:
the shards of a file live under a directory named after the file (`{file}` below), so a shard
is named `{file}/part-NNNNN`.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import xxhash
import yaml

from pipeline.atomic import atomic_path
from pipeline.config import RunConfig
from pipeline.encoders import encoder_slug
from pipeline.resume import Step


def file_key(path: Path | str) -> str:
    """A directory name for one crawl file: readable, and unique per absolute path."""
    path = Path(path).resolve()
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", path.name)[:40]
    return f"{stem}-{xxhash.xxh3_64_hexdigest(str(path).encode())[:8]}"


@dataclass(frozen=True)
class RunLayout:
    root: Path

    def __post_init__(self):
        # Absolute, so that manifests name the same files however the work directory was given
        # (`--workdir runs/x` in one run, the config's own absolute path in the next).
        object.__setattr__(self, "root", Path(self.root).absolute())

    def file_shards_dir(self, lang: str, file: str) -> Path:
        """One file's shards before cross-file deduplication."""
        return self.root / "shards" / lang / file

    def sentences_dir(self, lang: str, file: str = "") -> Path:
        return self.root / "sentences" / lang / file

    def sentences_path(self, lang: str, shard: str) -> Path:
        return self.root / "sentences" / lang / f"{shard}.parquet"

    def lid_path(self, lang: str, shard: str) -> Path:
        return self.root / "lid" / lang / f"{shard}.parquet"

    def embeddings_path(self, encoder: str, lang: str, shard: str) -> Path:
        return self.root / "embeddings" / encoder_slug(encoder) / lang / f"{shard}.npy"

    def lid_dir(self, lang: str) -> Path:
        return self.root / "lid" / lang

    def pair_dir(self, src: str, tgt: str) -> Path:
        return self.root / "pairs" / f"{src}-{tgt}"

    def candidates_path(self, src: str, tgt: str) -> Path:
        """Every scored k-NN candidate, before any keep/drop decision."""
        return self.pair_dir(src, tgt) / "candidates.parquet"

    def pairs_path(self, src: str, tgt: str) -> Path:
        """The mining decision: the pairs kept, best first."""
        return self.pair_dir(src, tgt) / "pairs.parquet"

    def merged_path(self, src: str, tgt: str) -> Path:
        """The mined pairs with translator splits merged (one sentence against two adjacent ones)."""
        return self.pair_dir(src, tgt) / "merged.parquet"

    def mining_dir(self, src: str, tgt: str) -> Path:
        """Files between the mining tasks of a pair (neighbours, margins, candidate runs)."""
        return self.root / "mining" / f"{src}-{tgt}"

    def filtered_path(self, src: str, tgt: str) -> Path:
        """The mined pairs that pass the bitext filters: what a trainer should read."""
        return self.pair_dir(src, tgt) / "filtered.parquet"

    def index_dir(self, encoder: str) -> Path:
        """Trained k-NN indexes, named by their settings and the content of the vectors they hold,
        so a later run (or another pair with the same language) reuses them."""
        return self.root / "indexes" / encoder_slug(encoder)

    def stats_path(self, stage: str, name: str) -> Path:
        return self.root / "stats" / stage / f"{name}.json"

    @property
    def config_path(self) -> Path:
        return self.root / "config.yaml"

    @property
    def summary_path(self) -> Path:
        return self.root / "stats" / "summary.json"

    @property
    def report_path(self) -> Path:
        return self.root / "report.md"

    @property
    def scores_png(self) -> Path:
        return self.root / "report-scores.png"

    def manifest_path(self, stage: str, name: str) -> Path:
        return self.root / "manifests" / stage / f"{name}.json"

    def step(self, stage: str, name: str, inputs: list[Path], config: object = None) -> Step:
        """One unit's resume step: its manifest names files inside this directory relative to it, so the
        directory can be moved or copied and still resume."""
        return Step(self.manifest_path(stage, name), inputs, {} if config is None else config, self.root)

    def shard_name(self, lang: str, path: Path) -> str:
        """`{file}/part-NNNNN` of a shard under `sentences/{lang}/`."""
        return Path(path).relative_to(self.root / "sentences" / lang).with_suffix("").as_posix()

    def write_config(self, cfg: RunConfig) -> Path:
        """The resolved config the run used, next to its outputs."""
        path = self.config_path
        with atomic_path(path) as tmp:
            tmp.write_text(yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False, allow_unicode=True))
        return path

    def withdraw_report(self) -> None:
        """The report and summary of the last run, removed before a run changes what they describe: a run
        killed half-way must not leave them describing pairs it has since replaced."""
        for path in (self.report_path, self.summary_path):
            path.unlink(missing_ok=True)

    def remove_temp_files(self) -> int:
        """Temporary files a killed run left behind (never renamed into place); only safe under the lock."""
        stale = list(self.root.rglob(".tmp-*"))
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)
