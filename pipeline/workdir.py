"""Where each stage's files live inside a run's work directory (the contracts in DESIGN.md)."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.atomic import atomic_path
from pipeline.config import RunConfig
from pipeline.encoders import encoder_slug


@dataclass(frozen=True)
class RunLayout:
    root: Path

    def sentences_dir(self, lang: str) -> Path:
        return self.root / "sentences" / lang

    def lid_path(self, lang: str, shard: str) -> Path:
        return self.root / "lid" / lang / f"{shard}.parquet"

    def embeddings_path(self, encoder: str, lang: str, shard: str) -> Path:
        return self.root / "embeddings" / encoder_slug(encoder) / lang / f"{shard}.npy"

    def pair_dir(self, src: str, tgt: str) -> Path:
        return self.root / "pairs" / f"{src}-{tgt}"

    def index_dir(self, encoder: str) -> Path:
        """Trained k-NN indexes, named by their settings and the content of the vectors they hold,
        so a later run (or another pair with the same language) reuses them."""
        return self.root / "indexes" / encoder_slug(encoder)

    def stats_path(self, stage: str, name: str) -> Path:
        return self.root / "stats" / stage / f"{name}.json"

    def stats_dir(self, stage: str, name: str) -> Path:
        """For a stage that writes several stats files under one name (shard: one per input file)."""
        return self.root / "stats" / stage / name

    def write_config(self, cfg: RunConfig) -> Path:
        """The resolved config the run used, next to its outputs."""
        path = self.root / "config.yaml"
        with atomic_path(path) as tmp:
            tmp.write_text(yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False, allow_unicode=True))
        return path
