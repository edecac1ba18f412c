"""`bitext filter`: bitext cleaning rules over a pairs Parquet, drops counted per rule."""

from pathlib import Path

import click

from pipeline.cli.app import cli, config_from_options


@cli.command("filter")
@click.option("--pairs", "pairs_path", required=True, type=click.Path(path_type=Path), help="pairs.parquet to clean.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Filtered pairs Parquet to write.")
@click.option("--min-chars", type=int, default=3, show_default=True)
@click.option("--max-length-ratio", type=float, default=3.0, show_default=True)
@click.option("--max-similarity", type=float, default=0.9, show_default=True,
              help="Sides at least this alike are near-identical.")
@click.option("--max-pairs-per-sentence", type=int, default=1, show_default=True)
@click.option("--no-lid", is_flag=True, help="Skip the wrong-language rule.")
@click.option("--stats", "stats_path", type=click.Path(path_type=Path), help="Write the drop counts here as JSON.")
def filter_(pairs_path, out, min_chars, max_length_ratio, max_similarity, max_pairs_per_sentence, no_lid,
            stats_path) -> None:
    """Drop pairs that fail a cleaning rule; the rest keep their scores and order."""
    from pipeline.config import PairFilterConfig
    from pipeline.mining.filters import filter_file

    cfg = config_from_options(PairFilterConfig, min_chars=min_chars, max_length_ratio=max_length_ratio,
                              max_similarity=max_similarity, max_pairs_per_sentence=max_pairs_per_sentence,
                              language_check=not no_lid)
    stats = filter_file(pairs_path, out, cfg, stats_path)
    dropped = ", ".join(f"{k}: {v}" for k, v in sorted(stats.drops.items()))
    click.echo(f"{stats.rows_out} of {stats.rows_in} pairs kept in {out}"
               + (f" (dropped {dropped})" if dropped else ""))
