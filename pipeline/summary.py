"""A run's summary as one typed object: what the report, the Prefect artifacts and the CLI all read.

Built from the units' outcomes (their stats files and outputs), never from naming rules, and
saved as `stats/summary.json` in the same shape it has always had.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.health import LanguageWarning, language_warnings, median_length
from pipeline.stats import merge_stats
from pipeline.work import Outcome
from pipeline.workdir import RunLayout

STAGE_ORDER = ["shard", "dedup", "lid", "embed", "mine", "merge", "filter"]


@dataclass(frozen=True)
class PairFile:
    path: Path
    rows: int

    @classmethod
    def of(cls, path: Path | str) -> PairFile:
        return cls(Path(path), pq.ParquetFile(path).metadata.num_rows)

    def to_dict(self) -> dict:
        return {"path": str(self.path), "rows": self.rows}


@dataclass(frozen=True)
class PairOutput:
    mined: PairFile
    filtered: PairFile | None = None   # where the run filtered
    merged: PairFile | None = None     # where the run merged translator splits

    @property
    def final(self) -> PairFile:
        """The file a trainer should read: filtered where the run filtered, else merged where it merged."""
        return self.filtered or self.merged or self.mined

    def to_dict(self) -> dict:
        return {**self.mined.to_dict(), **({"merged": self.merged.to_dict()} if self.merged else {}),
                **({"filtered": self.filtered.to_dict()} if self.filtered else {})}


@dataclass(frozen=True)
class FunnelRow:
    stage: str
    lang: str
    parts: int              # input files (shard, dedup), shards (lid, embed) or pairs (mine, filter)
    rows_in: int
    rows_out: int
    drops: dict[str, int]
    altered: dict[str, int] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)   # what the stage settled (mine: the cosine floor)

    def to_dict(self) -> dict:
        return {"stage": self.stage, "lang": self.lang, "shards": self.parts, "rows_in": self.rows_in,
                "rows_out": self.rows_out, "drops": self.drops, "altered": self.altered,
                **({"values": self.values} if self.values else {})}


@dataclass(frozen=True)
class Decision:
    encoder: str
    scoring: str
    threshold: float
    min_cosine: float
    rule: str               # e.g. "learned quality >= 0.268, cosine >= 0.50"

    @classmethod
    def of(cls, encoder: str, mine) -> Decision:
        """The keep rule of a settled MineConfig."""
        return cls(encoder, mine.scoring, mine.threshold, mine.min_cosine, mine.describe())


@dataclass(frozen=True)
class RunSummary:
    workdir: Path
    funnel: list[FunnelRow]
    decision: Decision | None = None
    pairs: dict[str, PairOutput] = field(default_factory=dict)
    work: dict[str, dict[str, int]] = field(default_factory=dict)   # stage -> units run and skipped
    report: Path | None = None
    artifacts: dict[str, str] = field(default_factory=dict)
    warnings: list[LanguageWarning] = field(default_factory=list)   # languages whose run looks broken

    def row(self, stage: str, lang: str) -> FunnelRow | None:
        return next((r for r in self.funnel if (r.stage, r.lang) == (stage, lang)), None)

    def cosine_floor(self, pair: str) -> float | None:
        """The floor the pair's mining applied: under a relative floor its own, else the decision's."""
        row = self.row("mine", pair)
        return row.values.get("cosine_floor") if row else None

    def with_(self, **changes) -> RunSummary:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        d = self.decision
        return {"workdir": str(self.workdir),
                **({"encoder": d.encoder, "scoring": d.scoring, "threshold": d.threshold,
                    "min_cosine": d.min_cosine, "decision": d.rule} if d else {}),
                "pairs": {name: p.to_dict() for name, p in self.pairs.items()},
                "funnel": [r.to_dict() for r in self.funnel], "work": self.work,
                "warnings": [w.to_dict() for w in self.warnings],
                **({"report": str(self.report)} if self.report else {}),
                **({"artifacts": self.artifacts} if self.artifacts else {})}


def funnel(stats: list[Path]) -> list[FunnelRow]:
    """Stats files summed per (stage, language), in stage order."""
    rows = [FunnelRow(r["stage"], r["lang"], r["shards"], r["rows_in"], r["rows_out"], r["drops"], r["altered"],
                      r["values"])
            for r in merge_stats(stats)]
    return sorted(rows, key=lambda r: (STAGE_ORDER.index(r.stage) if r.stage in STAGE_ORDER else 99, r.lang))


def summarize(workdir: Path, done: dict[str, Outcome], work: dict[str, dict[str, int]],
              decision: Decision | None = None) -> RunSummary:
    """What this run holds: every stats file its units named (a directory may hold stale ones), the pairs
    of each language pair that was mined, and warnings for languages that look broken (pipeline/health.py)."""
    pairs = {}
    lid_files: dict[str, list[Path]] = {}
    for unit_id, outcome in done.items():
        stage, name = unit_id.split(":", 1)
        if stage == "mine":
            filtered, merged = done.get(f"filter:{name}"), done.get(f"merge:{name}")
            pairs[name] = PairOutput(PairFile.of(outcome.value), PairFile.of(filtered.value) if filtered else None,
                                     PairFile.of(merged.value) if merged else None)
        elif stage == "lid":
            lang, shard = name.split(" ", 1)
            path = RunLayout(workdir).lid_path(lang, shard)
            if path.is_file():
                lid_files.setdefault(lang, []).append(path)
    rows = funnel([p for o in done.values() for p in o.stats])
    lengths = {lang: m for lang, paths in sorted(lid_files.items()) if (m := median_length(sorted(paths)))}
    return RunSummary(Path(workdir), rows, decision, pairs, work, warnings=language_warnings(rows, lengths))


def write_summary(summary: RunSummary, path: Path) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(summary.to_dict(), indent=2) + "\n")
    return path
