"""A run's report: the summary as JSON, Markdown and a PNG of scores in the work directory."""

from pipeline.atomic import atomic_path
from pipeline.score_plot import plot_scores, score_name
from pipeline.summary import RunSummary, write_summary
from pipeline.workdir import RunLayout


def write_report(layout: RunLayout, summary: RunSummary) -> RunSummary:
    """`stats/summary.json`, `report-scores.png` and `report.md`; the summary that names the report."""
    summary = summary.with_(report=layout.report_path)
    write_summary(summary, layout.summary_path)
    if summary.decision is not None:
        _plot(layout, summary)
    with atomic_path(layout.report_path) as tmp:
        tmp.write_text(render_markdown(summary, layout.scores_png.name))
    return summary


def _plot(layout: RunLayout, summary: RunSummary) -> None:
    """Drawn again only when the candidates or the decision changed: matplotlib costs a no-op re-run a second."""
    candidates = {name: layout.candidates_path(*name.split("-")) for name in summary.pairs}
    decision = {"scoring": summary.decision.scoring, "threshold": summary.decision.threshold, "pairs": list(candidates)}
    layout.step("report", "scores", list(candidates.values()), decision).run(
        lambda: [plot_scores(candidates, summary.decision.scoring, summary.decision.threshold, layout.scores_png)])


def render_markdown(summary: RunSummary, scores_png: str) -> str:
    d = summary.decision
    lines = [f"# Mining run: {summary.workdir}", "",
             f"Encoder `{d.encoder}`; pairs kept with {d.rule}." if d else "", "",
             *_warnings(summary),
             "## Pairs", "", "| pair | pairs | after filters | cosine floor applied | file |",
             "|---|---:|---:|---:|---|"]
    lines += [f"| {name} | {p.mined.rows} | {p.filtered.rows if p.filtered else '-'} | {_floor(summary, name)} | "
              f"`{p.final.path}` |" for name, p in summary.pairs.items()]
    lines += ["", "`pairs.parquet` holds every mined pair; `filtered.parquet` beside it, the pairs that pass the "
              "bitext filters (`filter` in the config; their drops are in the funnel)."]
    lines += ["", "## Funnel", "",
              "Parts: input files for shard and dedup, shards for lid and embed, pairs for mine and filter.", "",
              "| stage | lang | parts | rows in | rows out | dropped (reason: rows) |", "|---|---|---:|---:|---:|---|"]
    for row in summary.funnel:
        drops = ", ".join(f"{k}: {v}" for k, v in row.drops.items()) or "-"
        if row.altered:     # rows kept but changed, or kept on second thought (lid_kept_by_document)
            drops += "; kept: " + ", ".join(f"{k}: {v}" for k, v in row.altered.items())
        lines.append(f"| {row.stage} | {row.lang} | {row.parts} | {row.rows_in} | {row.rows_out} | {drops} |")
    if d is not None:
        lines += ["", "## Scores", "", f"The {score_name(d.scoring)} of every kNN candidate; the dashed line is "
                  "the threshold.", "", f"![Histogram of scores per pair]({scores_png})"]
    if summary.work:
        lines += ["", "## Work this run", "", "Tasks whose inputs and config were unchanged are skipped.", "",
                  "| stage | ran | skipped |", "|---|---:|---:|"]
        lines += [f"| {stage} | {n['ran']} | {n['skipped']} |" for stage, n in summary.work.items()]
    return "\n".join(lines) + "\n"



def _floor(summary: RunSummary, pair: str) -> str:
    floor = summary.cosine_floor(pair)
    return "-" if floor is None or floor <= -1 else f"{floor:.3f}"


def _warnings(summary: RunSummary) -> list[str]:
    """A section on top, where a language looks broken (pipeline/health.py): easy to miss in the funnel."""
    if not summary.warnings:
        return []
    return ["## Warnings", "", *[f"- **{w.lang}**: {w.message}" for w in summary.warnings], ""]
