"""`bitext run`: the whole pipeline as a Prefect flow."""

from pathlib import Path

import click

from pipeline.cli.app import cli


@cli.command()
@click.argument("config", type=click.Path(path_type=Path))
@click.option("--workdir", type=click.Path(path_type=Path), help="Write the run here instead of the config's workdir.")
def run(config: Path, workdir: Path | None) -> None:
    """Run the whole pipeline (a Prefect flow on a local ephemeral server) for CONFIG."""
    from pipeline.preflight import check_run

    check_run(config, workdir)
    from flows.mining import mining_flow

    summary = mining_flow(str(config), str(workdir) if workdir else None)
    click.echo(render_run_summary(summary))


def render_run_summary(summary: dict) -> str:
    """What a user wants after a run: sentences kept per stage, pairs per language pair, an example."""
    import pyarrow.parquet as pq

    from pipeline.report import final_pairs

    lines = ["", "Sentences per language (read -> after shard -> after language ID):"]
    funnel = {(row["stage"], row["lang"]): row for row in summary["funnel"]}
    for (stage, lang), row in sorted(funnel.items()):
        if stage == "shard":
            dedup = funnel.get(("dedup", lang), row)
            lid = funnel.get(("lid", lang), {"rows_out": "-"})
            lines.append(f"  {lang}: {row['rows_in']} -> {dedup['rows_out']} -> {lid['rows_out']}")
    lines.append(f"Pairs ({summary['decision']}):")
    for name, info in summary["pairs"].items():
        kept = f", {info['filtered']['rows']:6d} after filters" if "filtered" in info else ""
        lines.append(f"  {name}: {info['rows']:6d} pairs{kept}  {final_pairs(info)['path']}")
        best = pq.read_table(info["path"]).slice(0, 1).to_pylist()
        if best:
            lines.append(f"         best ({best[0]['score']:.2f}): {best[0]['src_text'][:60]!r} = "
                         f"{best[0]['tgt_text'][:60]!r}")
    lines.append(f"Report: {summary['report']}")
    work = ", ".join(f"{stage} {n['ran']}/{n['ran'] + n['skipped']}" for stage, n in summary["work"].items())
    lines.append(f"Tasks run (the rest were up to date): {work}")
    return "\n".join(lines)
