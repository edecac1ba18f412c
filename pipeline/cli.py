"""`bitext`: the command line over the library (one-off stages) and the flow (`bitext run`)."""

import logging
import sys
from pathlib import Path

import click

from pipeline.errors import BitextError

log = logging.getLogger("pipeline")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log debug detail.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Mine parallel sentence pairs from monolingual crawls."""
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    # In a flow run Prefect's handlers show our logs; one-off commands get a plain one.
    if ctx.invoked_subcommand != "run" and not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
        log.addHandler(handler)


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

    lines = ["", "Sentences per language (read -> after shard -> after language ID):"]
    funnel = {(row["stage"], row["lang"]): row for row in summary["funnel"]}
    for (stage, lang), row in sorted(funnel.items()):
        if stage == "shard":
            lid = funnel.get(("lid", lang), {"rows_out": "-"})
            lines.append(f"  {lang}: {row['rows_in']} -> {row['rows_out']} -> {lid['rows_out']}")
    lines.append(f"Pairs (margin >= {summary['threshold']:.3f}, cosine >= {summary['min_cosine']:.2f}):")
    for name, info in summary["pairs"].items():
        lines.append(f"  {name}: {info['rows']:6d} pairs  {info['path']}")
        best = pq.read_table(info["path"]).slice(0, 1).to_pylist()
        if best:
            lines.append(f"         best ({best[0]['score']:.2f}): {best[0]['src_text'][:60]!r} = "
                         f"{best[0]['tgt_text'][:60]!r}")
    lines.append(f"Report: {summary['report']}")
    return "\n".join(lines)


@cli.command()
@click.option("--lang", required=True, help="Language of the inputs (ISO 639-1 or 639-3).")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Directory for shards and stats.")
@click.option("--no-lid", is_flag=True, help="Skip language identification.")
@click.option("--lid-threshold", type=float, default=None, help="Minimum language-ID probability.")
@click.option("--text-field", default=None, help="JSON Lines field that holds the text.")
@click.option("--max-rows-per-shard", type=int, default=None)
@click.argument("inputs", nargs=-1, required=True)
def shard(lang, out_dir, no_lid, lid_threshold, text_field, max_rows_per_shard, inputs) -> None:
    """Split, normalise, deduplicate and (unless --no-lid) language-filter INPUTS into shards."""
    from pipeline.config import LidConfig, ShardConfig
    from pipeline.languages import normalize_lang
    from pipeline.lid import identify_shard
    from pipeline.shard import shard_language
    from pipeline.workdir import RunLayout

    lang = normalize_lang(lang)
    shard_cfg = ShardConfig(**_given(text_field=text_field, max_rows_per_shard=max_rows_per_shard))
    lid_cfg = LidConfig(**_given(threshold=lid_threshold))
    layout = RunLayout(out_dir)
    paths = shard_language(lang, list(inputs), layout.sentences_dir(lang), shard_cfg,
                           layout.stats_path("shard", lang))
    if not no_lid:
        paths = [identify_shard(lang, p, layout.lid_path(lang, p.stem), lid_cfg,
                                layout.stats_path("lid", f"{lang}/{p.stem}")) for p in paths]
    click.echo(f"{len(paths)} shard(s) in {paths[0].parent}")


@cli.command()
@click.option("--encoder", default="muse", show_default=True, help="muse, labse or sentence-transformers:NAME_OR_PATH.")
@click.option("--input", "input_path", required=True, type=click.Path(path_type=Path), help="One sentence per line.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Output .npy (one row per input line).")
@click.option("--dtype", type=click.Choice(["float16", "float32"]), default="float16", show_default=True)
@click.option("--batch-size", type=int, default=256, show_default=True)
@click.option("--device", default="auto", show_default=True)
def embed(encoder, input_path, out, dtype, batch_size, device) -> None:
    """Embed a sentence-per-line file into L2-normalised vectors (row i = line i)."""
    import numpy as np

    from pipeline.atomic import atomic_path
    from pipeline.embed import embed_texts
    from pipeline.encoders import get_encoder
    from pipeline.stats import StageStats
    from pipeline.text.readers import iter_lines

    if not input_path.is_file():
        raise BitextError(f"{input_path}: no such file")
    stats = StageStats("embed", "")
    texts = list(iter_lines(input_path, stats))
    if stats.drops:
        raise BitextError(f"{input_path}: {dict(stats.drops)} line(s) could not be read; rows would not match lines")
    if not texts:
        raise BitextError(f"{input_path}: empty input")
    vectors = embed_texts(texts, get_encoder(encoder, device), batch_size)
    with atomic_path(out) as tmp:
        np.save(tmp, vectors.astype(dtype))
    click.echo(f"{len(texts)} x {vectors.shape[1]} {dtype} embeddings in {out}")


@cli.command()
@click.option("--src-lang", required=True)
@click.option("--src", "src_path", required=True, type=click.Path(path_type=Path), help="Source sentences, one per line.")
@click.option("--tgt-lang", required=True)
@click.option("--tgt", "tgt_path", required=True, type=click.Path(path_type=Path), help="Target sentences, one per line.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Pairs Parquet to write.")
@click.option("--encoder", default="muse", show_default=True)
@click.option("--threshold", type=float, default=None, help="Margin threshold [default: the encoder's calibrated one].")
@click.option("--min-cosine", type=float, default=None, help="Cosine floor [default: the encoder's calibrated one].")
@click.option("-k", "k", type=int, default=4, show_default=True, help="Neighbours for the margin.")
@click.option("--margin", type=click.Choice(["ratio", "distance", "absolute"]), default="ratio", show_default=True)
@click.option("--lid", "use_lid", is_flag=True, help="Drop lines not identified as their side's language.")
@click.option("--candidates", type=click.Path(path_type=Path), help="Also write every scored candidate here.")
@click.option("--batch-size", type=int, default=256, show_default=True)
@click.option("--device", default="auto", show_default=True)
def mine(src_lang, src_path, tgt_lang, tgt_path, out, encoder, threshold, min_cosine, k, margin, use_lid,
         candidates, batch_size, device) -> None:
    """Mine two sentence-per-line files into scored pairs (no splitting, no LID unless --lid)."""
    from pipeline.config import LidConfig, MineConfig
    from pipeline.encoders import get_encoder
    from pipeline.languages import normalize_lang
    from pipeline.mining.files import mine_files

    try:
        cfg = MineConfig(k=k, margin=margin, threshold=threshold, min_cosine=min_cosine)
    except ValueError as exc:
        raise BitextError(f"invalid option: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None
    src_lang, tgt_lang = normalize_lang(src_lang), normalize_lang(tgt_lang)
    report = mine_files((src_lang, src_path), (tgt_lang, tgt_path), out, get_encoder(encoder, device), cfg,
                        LidConfig() if use_lid else None, batch_size, candidates)
    for stats in report.inputs:
        skipped = ", ".join(f"{k}: {v}" for k, v in stats.drops.items())
        click.echo(f"{stats.shard}: {stats.rows_out} sentences" + (f" (skipped {skipped})" if skipped else ""))
    click.echo(f"{report.pairs} pairs (margin >= {report.mine_cfg.threshold:.3f}, cosine >= "
               f"{report.mine_cfg.min_cosine:.2f}) in {report.pairs_path}")


def _given(**options) -> dict:
    return {k: v for k, v in options.items() if v is not None}


def main(args: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and exit status 2, never a traceback."""
    try:
        cli.main(args=args, prog_name="bitext", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BitextError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
