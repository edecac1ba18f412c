"""`bitext embed`: a sentence-per-line file to an embedding matrix."""

from collections import Counter

import click

from bitext_cli.app import cli
from bitext_cli.options import INPUT_FILE, build, given, model_options, output_file
from pipeline.config import EmbedConfig
from pipeline.errors import BitextError


@cli.command()
@click.option("--input", "input_path", required=True, type=INPUT_FILE, help="One sentence per line.")
@click.option("--out", required=True, type=output_file(".npy"), help="Output .npy (one row per input line).")
@click.option("--dtype", type=click.Choice(["float16", "float32"]), default="float16", show_default=True)
@model_options(EmbedConfig)
def embed(input_path, out, dtype, **options) -> None:
    """Embed a sentence-per-line file into L2-normalised vectors (row i = line i)."""
    from pipeline.atomic import atomic_path
    from pipeline.embed import chunked, write_embeddings
    from pipeline.encoders import get_encoder
    from pipeline.stats import StageStats
    from pipeline.text.readers import iter_lines

    cfg = build(EmbedConfig, given(EmbedConfig, options))
    stats = StageStats("embed", "")
    rows = sum(1 for _ in iter_lines(input_path, stats))  # a first pass, so that vectors stream to the file
    if stats.drops:
        raise BitextError(f"{input_path}: {dict(stats.drops)} line(s) could not be read; rows would not match lines")
    if not rows:
        raise BitextError(f"{input_path}: empty input")
    encoder, counts = get_encoder(cfg.encoder, cfg.device), Counter()
    with atomic_path(out) as tmp:
        write_embeddings(chunked(iter_lines(input_path, StageStats("embed", ""))), rows, encoder, cfg.batch_size, tmp,
                         dtype, counts=counts)
    altered = "".join(f"; {reason}: {n}" for reason, n in sorted(counts.items()) if n)
    click.echo(f"{rows} x {encoder.dim} {dtype} embeddings in {out}{altered}")
