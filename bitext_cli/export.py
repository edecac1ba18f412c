"""`bitext export`: a pairs Parquet in the format an MT trainer reads."""

import click

from bitext_cli.app import cli
from bitext_cli.options import INPUT_FILE, OUTPUT_FILE
from pipeline.mining.export import FORMATS


@cli.command()
@click.option("--pairs", "pairs_path", required=True, type=INPUT_FILE,
              help="pairs.parquet from `bitext mine` or `bitext run`.")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS),
              help="moses: OUT.SRC + OUT.TGT; tsv: Marian; tmx; jsonl: Hugging Face `translation`; parquet.")
@click.option("--out", required=True, type=OUTPUT_FILE,
              help="File to write (for moses, the prefix of the two files).")
def export(pairs_path, fmt, out) -> None:
    """Export mined pairs, best first, for an MT trainer."""
    from pipeline.mining.export import export_pairs

    for path in export_pairs(pairs_path, fmt, out):
        click.echo(f"wrote {path}")
