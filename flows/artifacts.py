"""The run report as Prefect artifacts, so the UI shows what each (scheduled) run did."""

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipeline.report import render_markdown
from pipeline.summary import RunSummary
from pipeline.workdir import RunLayout


def publish_report(summary: RunSummary) -> dict[str, str]:
    """Artifact ids by key; the UI lists every run's versions under the key."""
    pairs = [{"pair": name, "pairs": p.mined.rows, "after_filters": p.filtered.rows if p.filtered else None,
              "file": str(p.final.path)} for name, p in summary.pairs.items()]
    funnel = [{"stage": row.stage, "lang": row.lang, "rows_in": row.rows_in, "rows_out": row.rows_out,
               "drops": ", ".join(f"{k}: {v}" for k, v in row.drops.items())} for row in summary.funnel]
    report = render_markdown(summary, RunLayout(summary.workdir).scores_png.name)
    ids = {
        "bitext-report": create_markdown_artifact(report, key="bitext-report",
                                                  description=f"Mining report for {summary.workdir}"),
        "bitext-pairs": create_table_artifact(pairs, key="bitext-pairs", description="Pairs per language pair"),
        "bitext-funnel": create_table_artifact(funnel, key="bitext-funnel",
                                               description="Rows per stage and drop reason"),
    }
    return {key: str(artifact_id) for key, artifact_id in ids.items()}
