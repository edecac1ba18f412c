"""`bitext run`: the whole pipeline as a Prefect flow."""

import gc
from pathlib import Path

import click

from bitext_cli.app import cli
from bitext_cli.options import OUTPUT_DIR


@cli.command()
@click.argument("config", type=click.Path(path_type=Path))
@click.option("--workdir", type=OUTPUT_DIR, help="Write the run here instead of the config's workdir.")
def run(config: Path, workdir: Path | None) -> None:
    """Run the whole pipeline (a Prefect flow; on a temporary local server unless PREFECT_API_URL is set)."""
    from pipeline.atomic import disk_full, disk_full_error
    from pipeline.preflight import check_run

    cfg = check_run(config, workdir)
    try:
        summary = _run(cfg, config, workdir)
    except OSError as exc:          # a write outside the atomic ones (spill files, the lock): still one line
        if not disk_full(exc):
            raise
        raise disk_full_error(exc.filename or cfg.workdir, exc) from None
    click.echo(render_run_summary(summary))
    gc.freeze()     # nothing left to collect: the interpreter exits a second sooner (benchmarks/startup.py)


def _run(cfg, config: Path, workdir: Path | None):
    from pipeline.lock import WorkdirLock
    from pipeline.plan import up_to_date

    with WorkdirLock(cfg.workdir):
        summary = up_to_date(cfg)         # from the manifests alone: a no-op re-run needs no Prefect
    if summary is None:
        from flows.ephemeral import PrefectApi

        with PrefectApi() as api:         # a temporary server comes up while the flow module loads
            from flows.mining import mining_flow

            with api.in_force():
                summary = mining_flow(str(config), str(workdir) if workdir else None)
    else:
        click.echo("Nothing to do: every unit is up to date (its manifest matches), so no flow run was started.")
    return summary


def render_run_summary(summary) -> str:
    """What a user wants after a run: sentences kept per stage, pairs per language pair, an example."""
    lines = ["", "Sentences per language (read -> after shard -> after language ID):"]
    for row in summary.funnel:
        if row.stage == "shard":
            dedup = summary.row("dedup", row.lang) or row
            lid = summary.row("lid", row.lang)
            lines.append(f"  {row.lang}: {row.rows_in} -> {dedup.rows_out} -> {lid.rows_out if lid else '-'}")
    lines.append(f"Pairs ({summary.decision.rule}):")
    for name, pair in summary.pairs.items():
        kept = f", {pair.filtered.rows:6d} after filters" if pair.filtered else ""
        floor = summary.cosine_floor(name)
        own = "" if floor in (None, summary.decision.min_cosine) else f", cosine >= {floor:.3f} (the pair's own floor)"
        lines.append(f"  {name}: {pair.mined.rows:6d} pairs{kept}{own}  {pair.final.path}")
        best = _first_row(pair.mined.path)
        if best:
            lines.append(f"         best ({deciding_score(best[0], summary.decision.scoring)}): "
                         f"{best[0]['src_text'][:60]!r} = {best[0]['tgt_text'][:60]!r}")
    lines += [f"Warning: {w.lang}: {w.message}" for w in summary.warnings]
    lines.append(f"Report: {summary.report}")
    work = ", ".join(f"{stage} {n['ran']}/{n['ran'] + n['skipped']}" for stage, n in summary.work.items())
    lines.append(f"Tasks run (the rest were up to date): {work}")
    return "\n".join(lines)


def _first_row(path) -> list[dict]:
    """The best pair (pairs are stored best first), read alone: a run may have mined millions."""
    import pyarrow.parquet as pq

    batch = next(pq.ParquetFile(path).iter_batches(batch_size=1), None)
    return batch.to_pylist() if batch is not None else []


def deciding_score(pair: dict, scoring: str) -> str:
    """The score the keep rule read for a pair: the learned quality (margin beside it), or the margin."""
    if scoring == "learned" and pair.get("quality") is not None:
        return f"learned quality {pair['quality']:.2f}, margin {pair['score']:.2f}"
    return f"margin {pair['score']:.2f}"
