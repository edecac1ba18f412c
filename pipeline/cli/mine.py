"""`bitext mine`: one-off mining of two sentence-per-line files."""

from pathlib import Path

import click

from pipeline.cli.app import cli
from pipeline.cli.decision import DECISION, mine_config


@cli.command()
@click.option("--src-lang", required=True)
@click.option("--src", "src_path", required=True, type=click.Path(path_type=Path),
              help="Source sentences, one per line.")
@click.option("--tgt-lang", required=True)
@click.option("--tgt", "tgt_path", required=True, type=click.Path(path_type=Path),
              help="Target sentences, one per line.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Pairs Parquet to write.")
@click.option("--encoder", default="muse", show_default=True)
@DECISION
@click.option("--lid", "use_lid", is_flag=True, help="Drop lines not identified as their side's language.")
@click.option("--candidates", type=click.Path(path_type=Path), help="Also write every scored candidate here.")
@click.option("--batch-size", type=int, default=256, show_default=True)
@click.option("--device", default="auto", show_default=True)
def mine(src_lang, src_path, tgt_lang, tgt_path, out, encoder, scoring, threshold, min_cosine, k, margin, use_lid,
         candidates, batch_size, device) -> None:
    """Mine two sentence-per-line files into scored pairs (no splitting, no LID unless --lid)."""
    from pipeline.config import LidConfig
    from pipeline.encoders import get_encoder
    from pipeline.languages import normalize_lang
    from pipeline.mining.files import mine_files

    cfg = mine_config(scoring=scoring, threshold=threshold, min_cosine=min_cosine, k=k, margin=margin)
    src_lang, tgt_lang = normalize_lang(src_lang), normalize_lang(tgt_lang)
    report = mine_files((src_lang, src_path), (tgt_lang, tgt_path), out, get_encoder(encoder, device), cfg,
                        LidConfig() if use_lid else None, batch_size, candidates)
    for stats in report.inputs:
        skipped = ", ".join(f"{k}: {v}" for k, v in stats.drops.items())
        click.echo(f"{stats.shard}: {stats.rows_out} sentences" + (f" (skipped {skipped})" if skipped else ""))
    click.echo(f"{report.pairs} pairs ({report.mine_cfg.describe()}) in {report.pairs_path}")
