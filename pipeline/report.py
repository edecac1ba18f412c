"""A run's summary: the funnel of every stage, the pairs per language pair, a histogram of scores and
the work the run did, as JSON, Markdown and a PNG in the work directory."""

import json
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.config import MineConfig
from pipeline.score_plot import plot_scores, score_name
from pipeline.stats import merge_stats
from pipeline.workdir import RunLayout

STAGE_ORDER = ["shard", "dedup", "lid", "embed", "mine", "filter"]
SCORES_PNG = "report-scores.png"


def build_summary(layout: RunLayout, stats: list[Path], pairs: dict[str, Path], mine_cfg: MineConfig,
                  encoder: str, filtered: dict[str, Path] | None = None) -> dict:
    """`stats` lists this run's stats files: a directory may hold stale ones from earlier runs.
    `filtered`: each pair's pairs after the bitext filters, where the run filtered them."""
    filtered = filtered or {}
    return {"workdir": str(layout.root), "encoder": encoder, "scoring": mine_cfg.scoring,
            "threshold": mine_cfg.threshold, "min_cosine": mine_cfg.min_cosine, "decision": mine_cfg.describe(),
            "pairs": {name: {**_rows(path), **({"filtered": _rows(filtered[name])} if name in filtered else {})}
                      for name, path in pairs.items()},
            "funnel": merge_stats(stats)}


def final_pairs(info: dict) -> dict:
    """A pair's entry in the summary -> the file a trainer should read: filtered where the run filtered."""
    return info.get("filtered", info)


def _rows(path: Path) -> dict:
    return {"path": str(path), "rows": pq.ParquetFile(path).metadata.num_rows}


def write_summary(layout: RunLayout, summary: dict) -> Path:
    """`stats/summary.json`: the run's merged funnel (and pairs, for a full run)."""
    path = layout.root / "stats" / "summary.json"
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(summary, indent=2) + "\n")
    return path


def write_report(layout: RunLayout, summary: dict) -> Path:
    write_summary(layout, summary)
    plot_scores({name: Path(p["path"]).with_name("candidates.parquet") for name, p in summary["pairs"].items()},
                summary["scoring"], summary["threshold"], layout.root / SCORES_PNG)
    path = layout.root / "report.md"
    with atomic_path(path) as tmp:
        tmp.write_text(render_markdown(summary))
    return path


def render_markdown(summary: dict) -> str:
    lines = [f"# Mining run: {summary['workdir']}", "",
             f"Encoder `{summary['encoder']}`; pairs kept with {summary['decision']}.", "",
             "## Pairs", "", "| pair | pairs | after filters | file |", "|---|---:|---:|---|"]
    lines += [f"| {name} | {p['rows']} | {p['filtered']['rows'] if 'filtered' in p else '-'} | "
              f"`{final_pairs(p)['path']}` |" for name, p in summary["pairs"].items()]
    lines += ["", "`pairs.parquet` holds every mined pair; `filtered.parquet` beside it, the pairs that pass the "
              "bitext filters (`filter` in the config; their drops are in the funnel)."]
    lines += ["", "## Funnel", "",
              "Parts: input files for shard and dedup, shards for lid and embed, pairs for mine and filter.", "",
              "| stage | lang | parts | rows in | rows out | dropped (reason: rows) |", "|---|---|---:|---:|---:|---|"]
    for row in sorted(summary["funnel"], key=lambda r: (STAGE_ORDER.index(r["stage"]), r["lang"])):
        drops = ", ".join(f"{k}: {v}" for k, v in row["drops"].items()) or "-"
        lines.append(f"| {row['stage']} | {row['lang']} | {row['shards']} | {row['rows_in']} | {row['rows_out']} "
                     f"| {drops} |")
    lines += ["", "## Scores", "", f"The {score_name(summary['scoring'])} of every kNN candidate; the dashed line is "
              "the threshold.", "", f"![Histogram of scores per pair]({SCORES_PNG})"]
    if "work" in summary:
        lines += ["", "## Work this run", "", "Tasks whose inputs and config were unchanged are skipped.", "",
                  "| stage | ran | skipped |", "|---|---:|---:|"]
        lines += [f"| {stage} | {n['ran']} | {n['skipped']} |" for stage, n in summary["work"].items()]
    return "\n".join(lines) + "\n"
