"""The run report as Prefect artifacts, so the UI shows what each (scheduled) run did."""

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipeline.report import final_pairs, render_markdown


def publish_report(summary: dict) -> dict[str, str]:
    """Artifact ids by key; the UI lists every run's versions under the key."""
    pairs = [{"pair": name, "pairs": p["rows"], "after_filters": p.get("filtered", {}).get("rows"),
              "file": final_pairs(p)["path"]} for name, p in summary["pairs"].items()]
    funnel = [{"stage": row["stage"], "lang": row["lang"], "rows_in": row["rows_in"], "rows_out": row["rows_out"],
               "drops": ", ".join(f"{k}: {v}" for k, v in row["drops"].items())} for row in summary["funnel"]]
    ids = {
        "bitext-report": create_markdown_artifact(render_markdown(summary), key="bitext-report",
                                                  description=f"Mining report for {summary['workdir']}"),
        "bitext-pairs": create_table_artifact(pairs, key="bitext-pairs", description="Pairs per language pair"),
        "bitext-funnel": create_table_artifact(funnel, key="bitext-funnel",
                                               description="Rows per stage and drop reason"),
    }
    return {key: str(artifact_id) for key, artifact_id in ids.items()}
