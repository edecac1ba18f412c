"""`bitext shard`: crawl files to language-identified sentence shards, by the units `bitext run` uses."""

import click

from bitext_cli.app import cli
from bitext_cli.options import OUTPUT_DIR, build, flag, given, model_options
from pipeline.config import LidConfig, ShardConfig
from pipeline.errors import BitextError


@cli.command()
@click.option("--lang", required=True, help="Language of the inputs (ISO 639-1 or 639-3).")
@click.option("--out", "out_dir", required=True, type=OUTPUT_DIR,
              help="Work directory for shards and stats (the layout of a run's).")
@click.option("--no-lid", is_flag=True, help="Skip language identification.")
@model_options(ShardConfig, aliases={"near_dedup_threshold": ("--near-dedup",)})
@model_options(LidConfig, prefix="lid", aliases={"filter": (" /--label-only",)})
@click.argument("inputs", nargs=-1, required=True)
def shard(lang, out_dir, no_lid, inputs, **options) -> None:
    """Read, split, filter, deduplicate and (unless --no-lid) language-identify INPUTS into shards.

    INPUTS are files, directories or globs: text (.txt, .gz, .xz, .zst), JSON Lines, WARC/WET or Parquet.
    Each file is sharded on its own, then loses the sentences earlier files hold: the same units, in the
    same order, as `bitext run`, so both give the same sentences.
    """
    from pipeline.languages import normalize_lang
    from pipeline.lock import WorkdirLock
    from pipeline.plan import Plan, Run, ingest
    from pipeline.summary import summarize, write_summary
    from pipeline.text.sources import expand_inputs
    from pipeline.work import run_in_process
    from pipeline.workdir import RunLayout

    shard_cfg = build(ShardConfig, given(ShardConfig, options))
    lid_values = given(LidConfig, options, "lid")
    if no_lid and lid_values:
        ignored = ", ".join(flag(k, "lid") for k in lid_values)
        raise BitextError(f"--no-lid skips language ID: {ignored} would be ignored")
    lid_cfg = None if no_lid else build(LidConfig, lid_values, "lid")
    lang, layout = normalize_lang(lang), RunLayout(out_dir)
    plan = Plan(layout, {lang: [str(f) for f in expand_inputs(list(inputs))]}, shard_cfg, lid_cfg)
    with WorkdirLock(out_dir):
        layout.remove_temp_files()
        run = Run(run_in_process)
        shards = ingest(plan, run)
        summary = summarize(out_dir, run.done, run.work.as_dict())
        write_summary(summary, layout.summary_path)
    for row in summary.funnel:
        drops = ", ".join(f"{k}: {v}" for k, v in row.drops.items()) or "nothing"
        click.echo(f"{row.stage}: {row.rows_in} in, {row.rows_out} out; dropped {drops}")
    where = layout.lid_dir(lang) if lid_cfg is not None else layout.sentences_dir(lang)
    click.echo(f"{len(shards[lang])} shard(s) in {where}")
