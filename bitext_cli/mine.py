"""`bitext mine`: one-off mining of two sentence-per-line files."""

import click

from bitext_cli.app import cli
from bitext_cli.decision import mine_config, mining_options
from bitext_cli.options import INPUT_FILE, OUTPUT_DIR, OUTPUT_FILE, build, flag, given, model_options
from pipeline.config import EmbedConfig, LidConfig
from pipeline.errors import BitextError

# The EmbedConfig keys that only the encoder uses (--device places the search too).
ENCODER_ONLY = ("encoder", "batch_size")


@cli.command()
@click.option("--src-lang", required=True)
@click.option("--src", "src_path", required=True, type=INPUT_FILE,
              help="Source sentences, one per line.")
@click.option("--tgt-lang", required=True)
@click.option("--tgt", "tgt_path", required=True, type=INPUT_FILE,
              help="Target sentences, one per line.")
@click.option("--out", required=True, type=OUTPUT_FILE, help="Pairs Parquet to write.")
@click.option("--src-emb", type=INPUT_FILE,
              help="Precomputed source embeddings (.npy, float16/float32, row i = line i); needs --tgt-emb.")
@click.option("--tgt-emb", type=INPUT_FILE, help="Precomputed target embeddings.")
@model_options(EmbedConfig)
@mining_options
@click.option("--index-dir", type=OUTPUT_DIR, help="Save trained indexes here and reuse them.")
@click.option("--lid", "use_lid", is_flag=True, help="Drop lines not identified as their side's language "
              "(the language rule of `bitext run`; --lid-* options as its lid section).")
@model_options(LidConfig, prefix="lid", exclude=("filter",))
@click.option("--candidates", type=OUTPUT_FILE, help="Also write every scored candidate here.")
def mine(src_lang, src_path, tgt_lang, tgt_path, out, src_emb, tgt_emb, index_dir, use_lid, candidates,
         **options) -> None:
    """Mine two sentence-per-line files into scored pairs (no splitting, no LID unless --lid)."""
    from pipeline.encoders import get_encoder
    from pipeline.languages import normalize_lang
    from pipeline.mining.files import mine_files
    from pipeline.paths import apart

    if (src_emb is None) != (tgt_emb is None):
        raise BitextError("--src-emb and --tgt-emb go together: give both or neither")
    apart({"--out": out, "--candidates": candidates},
          {"--src": src_path, "--tgt": tgt_path, "--src-emb": src_emb, "--tgt-emb": tgt_emb})
    src_lang, tgt_lang = normalize_lang(src_lang), normalize_lang(tgt_lang)
    if src_lang == tgt_lang:
        raise BitextError(f"--src-lang and --tgt-lang are both {src_lang!r}: mining needs two languages")
    embed_values = given(EmbedConfig, options)
    if src_emb is not None and (unused := [flag(k) for k in ENCODER_ONLY if k in embed_values]):
        raise BitextError(f"{', '.join(unused)} set with --src-emb/--tgt-emb, whose vectors need no encoder "
                          "(--calibration NAME takes an encoder's calibrated decision)")
    embed = build(EmbedConfig, embed_values)
    lid_values = given(LidConfig, options, "lid", exclude=("filter",))
    if lid_values and not use_lid:
        raise BitextError(f"{', '.join(flag(k, 'lid') for k in lid_values)} set without --lid, which they configure")
    lid = build(LidConfig, lid_values, "lid") if use_lid else None
    embeddings = (src_emb, tgt_emb) if src_emb is not None else None
    cfg = mine_config(options, embed.device).settled(None if embeddings else embed.encoder)
    report = mine_files((src_lang, src_path), (tgt_lang, tgt_path), out,
                        None if embeddings else get_encoder(embed.encoder, embed.device), cfg,
                        lid, embed.batch_size, candidates, embeddings, index_dir)
    for stats in report.inputs:
        skipped = ", ".join(f"{k}: {v}" for k, v in stats.drops.items())
        click.echo(f"{stats.shard}: {stats.rows_out} sentences" + (f" (skipped {skipped})" if skipped else ""))
    click.echo(f"{report.pairs} pairs ({report.mine_cfg.describe()}) in {report.pairs_path}")
