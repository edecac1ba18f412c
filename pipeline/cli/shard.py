"""`bitext shard`: crawl files to language-identified sentence shards, the same code path as `bitext run`."""

from pathlib import Path

import click

from pipeline.cli.app import cli, given


@cli.command()
@click.option("--lang", required=True, help="Language of the inputs (ISO 639-1 or 639-3).")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Directory for shards and stats.")
@click.option("--no-lid", is_flag=True, help="Skip language identification.")
@click.option("--label-only", is_flag=True, help="Label every sentence with its language; drop none.")
@click.option("--lid-threshold", type=float, default=None, help="Minimum language-ID probability.")
@click.option("--lid-model", type=click.Path(path_type=Path), default=None,
              help="Another fastText LID model (lid218, GlotLID, ...).")
@click.option("--text-field", default=None, help="JSON Lines field / Parquet column that holds the text.")
@click.option("--near-dedup", type=float, default=None, help="Also drop near-duplicates at this MinHash Jaccard.")
@click.option("--strict", is_flag=True, help="Stop at damaged input with an error instead of counting it.")
@click.option("--max-rows-per-shard", type=int, default=None)
@click.argument("inputs", nargs=-1, required=True)
def shard(lang, out_dir, no_lid, label_only, lid_threshold, lid_model, text_field, near_dedup, strict,
          max_rows_per_shard, inputs) -> None:
    """Read, split, filter, deduplicate and (unless --no-lid) language-identify INPUTS into shards.

    INPUTS are files, directories or globs: text (.txt, .gz, .xz, .zst), JSON Lines, WARC/WET or Parquet.
    """
    from pipeline.config import LidConfig, ShardConfig
    from pipeline.languages import normalize_lang
    from pipeline.lid import identify_shard
    from pipeline.report import write_summary
    from pipeline.shard import shard_language
    from pipeline.stats import merge_stats
    from pipeline.workdir import RunLayout

    lang = normalize_lang(lang)
    shard_cfg = ShardConfig(**given(text_field=text_field, max_rows_per_shard=max_rows_per_shard,
                                    near_dedup_threshold=near_dedup, strict=strict or None))
    lid_cfg = LidConfig(**given(threshold=lid_threshold, model=lid_model, filter=False if label_only else None))
    layout = RunLayout(out_dir)
    result = shard_language(lang, list(inputs), layout.sentences_dir(lang), shard_cfg, layout.stats_dir("shard", lang))
    paths, stats = result.shards, list(result.stats)
    if not no_lid:
        paths = [identify_shard(lang, p, layout.lid_path(lang, p.stem), lid_cfg,
                                layout.stats_path("lid", f"{lang}/{p.stem}")) for p in paths]
        stats += [layout.stats_path("lid", f"{lang}/{p.stem}") for p in paths]
    funnel = merge_stats(stats)
    write_summary(layout, {"workdir": str(layout.root), "funnel": funnel})
    for row in funnel:
        drops = ", ".join(f"{k}: {v}" for k, v in row["drops"].items()) or "nothing"
        click.echo(f"{row['stage']}: {row['rows_in']} in, {row['rows_out']} out; dropped {drops}")
    click.echo(f"{len(paths)} shard(s) in {paths[0].parent}")
