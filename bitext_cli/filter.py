"""`bitext filter`: bitext cleaning rules over a pairs Parquet, drops counted per rule."""

import click

from bitext_cli.app import cli
from bitext_cli.options import INPUT_FILE, OUTPUT_FILE, build, given, model_options
from pipeline.config import PairFilterConfig


@cli.command("filter")
@click.option("--pairs", "pairs_path", required=True, type=INPUT_FILE, help="pairs.parquet to clean.")
@click.option("--out", required=True, type=OUTPUT_FILE, help="Filtered pairs Parquet to write.")
@model_options(PairFilterConfig, aliases={"language_check": (" /--no-lid",)})
@click.option("--stats", "stats_path", type=OUTPUT_FILE, help="Write the drop counts here as JSON.")
def filter_(pairs_path, out, stats_path, **options) -> None:
    """Drop pairs that fail a cleaning rule (each option names its rule); the rest keep their scores and order."""
    from pipeline.mining.filters import filter_file
    from pipeline.paths import apart
    from pipeline.stats import write_stats

    apart({"--out": out, "--stats": stats_path}, {"--pairs": pairs_path})
    stats = filter_file(pairs_path, out, build(PairFilterConfig, given(PairFilterConfig, options)))
    if stats_path is not None:
        write_stats(stats, stats_path)
    dropped = ", ".join(f"{k}: {v}" for k, v in sorted(stats.drops.items()))
    click.echo(f"{stats.rows_out} of {stats.rows_in} pairs kept in {out}"
               + (f" (dropped {dropped})" if dropped else ""))
