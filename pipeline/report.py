"""A run's summary: the funnel of every stage and the pairs per language pair, as JSON and Markdown."""

import json
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.config import MineConfig
from pipeline.stats import merge_stats
from pipeline.workdir import RunLayout

STAGE_ORDER = ["shard", "lid", "embed", "mine"]


def build_summary(layout: RunLayout, stats: list[Path], pairs: dict[str, Path], mine_cfg: MineConfig,
                  encoder: str) -> dict:
    """`stats` lists this run's stats files: a directory may hold stale ones from earlier runs."""
    counts = {name: pq.ParquetFile(path).metadata.num_rows for name, path in pairs.items()}
    return {"workdir": str(layout.root), "encoder": encoder, "scoring": mine_cfg.scoring,
            "threshold": mine_cfg.threshold, "min_cosine": mine_cfg.min_cosine, "decision": mine_cfg.describe(),
            "pairs": {name: {"path": str(path), "rows": counts[name]} for name, path in pairs.items()},
            "funnel": merge_stats(stats)}


def write_summary(layout: RunLayout, summary: dict) -> Path:
    """`stats/summary.json`: the run's merged funnel (and pairs, for a full run)."""
    path = layout.root / "stats" / "summary.json"
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(summary, indent=2) + "\n")
    return path


def write_report(layout: RunLayout, summary: dict) -> Path:
    write_summary(layout, summary)
    path = layout.root / "report.md"
    with atomic_path(path) as tmp:
        tmp.write_text(render_markdown(summary))
    return path


def render_markdown(summary: dict) -> str:
    lines = [f"# Mining run: {summary['workdir']}", "",
             f"Encoder `{summary['encoder']}`; pairs kept with {summary['decision']}.", "",
             "## Pairs", "", "| pair | pairs | file |", "|---|---:|---|"]
    lines += [f"| {name} | {p['rows']} | `{p['path']}` |" for name, p in summary["pairs"].items()]
    lines += ["", "## Funnel", "", "Parts: input files for shard, shards for lid and embed.", "",
              "| stage | lang | parts | rows in | rows out | dropped (reason: rows) |", "|---|---|---:|---:|---:|---|"]
    for row in sorted(summary["funnel"], key=lambda r: (STAGE_ORDER.index(r["stage"]), r["lang"])):
        drops = ", ".join(f"{k}: {v}" for k, v in row["drops"].items()) or "-"
        lines.append(f"| {row['stage']} | {row['lang']} | {row['shards']} | {row['rows_in']} | {row['rows_out']} "
                     f"| {drops} |")
    return "\n".join(lines) + "\n"
