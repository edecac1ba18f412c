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
    import numpy as np

    from pipeline.atomic import atomic_path
    from pipeline.embed import embed_texts
    from pipeline.encoders import get_encoder
    from pipeline.stats import StageStats
    from pipeline.text.readers import iter_lines

    cfg = build(EmbedConfig, given(EmbedConfig, options))
    stats = StageStats("embed", "")
    texts = list(iter_lines(input_path, stats))
    if stats.drops:
        raise BitextError(f"{input_path}: {dict(stats.drops)} line(s) could not be read; rows would not match lines")
    if not texts:
        raise BitextError(f"{input_path}: empty input")
    counts = Counter()
    vectors = embed_texts(texts, get_encoder(cfg.encoder, cfg.device), cfg.batch_size, counts=counts)
    with atomic_path(out) as tmp:
        np.save(tmp, vectors.astype(dtype))
    altered = "".join(f"; {reason}: {n}" for reason, n in sorted(counts.items()) if n)
    click.echo(f"{len(texts)} x {vectors.shape[1]} {dtype} embeddings in {out}{altered}")
