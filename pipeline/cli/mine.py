"""`bitext mine`: one-off mining of two sentence-per-line files."""

from pathlib import Path

import click

from pipeline.cli.app import cli
from pipeline.cli.decision import DECISION, mine_config
from pipeline.errors import BitextError


@cli.command()
@click.option("--src-lang", required=True)
@click.option("--src", "src_path", required=True, type=click.Path(path_type=Path),
              help="Source sentences, one per line.")
@click.option("--tgt-lang", required=True)
@click.option("--tgt", "tgt_path", required=True, type=click.Path(path_type=Path),
              help="Target sentences, one per line.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Pairs Parquet to write.")
@click.option("--src-emb", type=click.Path(path_type=Path),
              help="Precomputed source embeddings (.npy, float16/float32, row i = line i); needs --tgt-emb.")
@click.option("--tgt-emb", type=click.Path(path_type=Path), help="Precomputed target embeddings.")
@click.option("--encoder", default="muse", show_default=True, help="Used when no embeddings are given.")
@DECISION
@click.option("--k-forward", type=int, help="Neighbours of each source among the targets [default: -k].")
@click.option("--k-backward", type=int, help="Neighbours of each target among the sources [default: -k].")
@click.option("--retrieval", type=click.Choice(["forward", "backward", "intersect", "max"]), default="max",
              show_default=True)
@click.option("--index", "index_kind", type=click.Choice(["auto", "flat", "ivf-flat", "ivf-pq", "hnsw"]),
              default="auto", show_default=True, help="k-NN index; auto: exact while affordable.")
@click.option("--index-dir", type=click.Path(path_type=Path), help="Save trained indexes here and reuse them.")
@click.option("--lid", "use_lid", is_flag=True, help="Drop lines not identified as their side's language.")
@click.option("--candidates", type=click.Path(path_type=Path), help="Also write every scored candidate here.")
@click.option("--batch-size", type=int, default=256, show_default=True)
@click.option("--device", default="auto", show_default=True)
def mine(src_lang, src_path, tgt_lang, tgt_path, out, src_emb, tgt_emb, encoder, scoring, threshold, min_cosine, k,
         margin, k_forward, k_backward, retrieval, index_kind, index_dir, use_lid, candidates, batch_size,
         device) -> None:
    """Mine two sentence-per-line files into scored pairs (no splitting, no LID unless --lid)."""
    from pipeline.config import LidConfig
    from pipeline.encoders import get_encoder
    from pipeline.languages import normalize_lang
    from pipeline.mining.files import mine_files

    if (src_emb is None) != (tgt_emb is None):
        raise BitextError("--src-emb and --tgt-emb go together: give both or neither")
    cfg = mine_config(scoring=scoring, threshold=threshold, min_cosine=min_cosine, k=k, margin=margin,
                      k_forward=k_forward, k_backward=k_backward, retrieval=retrieval, device=device,
                      index={"kind": index_kind})
    src_lang, tgt_lang = normalize_lang(src_lang), normalize_lang(tgt_lang)
    embeddings = (src_emb, tgt_emb) if src_emb is not None else None
    report = mine_files((src_lang, src_path), (tgt_lang, tgt_path), out,
                        None if embeddings else get_encoder(encoder, device), cfg,
                        LidConfig() if use_lid else None, batch_size, candidates, embeddings, index_dir)
    for stats in report.inputs:
        skipped = ", ".join(f"{k}: {v}" for k, v in stats.drops.items())
        click.echo(f"{stats.shard}: {stats.rows_out} sentences" + (f" (skipped {skipped})" if skipped else ""))
    click.echo(f"{report.pairs} pairs ({report.mine_cfg.describe()}) in {report.pairs_path}")
