"""`bitext shard`: crawl files to language-identified sentence shards."""

from pathlib import Path

import click

from pipeline.cli.app import cli, given


@cli.command()
@click.option("--lang", required=True, help="Language of the inputs (ISO 639-1 or 639-3).")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Directory for shards and stats.")
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
    shard_cfg = ShardConfig(**given(text_field=text_field, max_rows_per_shard=max_rows_per_shard))
    lid_cfg = LidConfig(**given(threshold=lid_threshold))
    layout = RunLayout(out_dir)
    paths = shard_language(lang, list(inputs), layout.sentences_dir(lang), shard_cfg,
                           layout.stats_path("shard", lang))
    if not no_lid:
        paths = [identify_shard(lang, p, layout.lid_path(lang, p.stem), lid_cfg,
                                layout.stats_path("lid", f"{lang}/{p.stem}")) for p in paths]
    click.echo(f"{len(paths)} shard(s) in {paths[0].parent}")
