"""The run report as Prefect artifacts, so the UI shows what each (scheduled) run did."""

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipeline.report import render_markdown


def publish_report(summary: dict) -> None:
    create_markdown_artifact(render_markdown(summary), key="bitext-report",
                             description=f"Mining report for {summary['workdir']}")
    create_table_artifact([{"pair": name, "pairs": p["rows"], "file": p["path"]}
                           for name, p in summary["pairs"].items()],
                          key="bitext-pairs", description="Pairs per language pair")
    create_table_artifact([{**{k: row[k] for k in ("stage", "lang", "rows_in", "rows_out")},
                            "drops": ", ".join(f"{k}: {v}" for k, v in row["drops"].items())}
                           for row in summary["funnel"]],
                          key="bitext-funnel", description="Rows per stage and drop reason")
