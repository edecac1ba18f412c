"""`bitext eval`: measure mining quality (Tatoeba retrieval, BUCC-style F1) and build BUCC tasks."""

import json
from pathlib import Path

import click

from bitext_cli.app import cli
from bitext_cli.decision import mine_config, mining_options
from bitext_cli.options import INPUT_FILE, OUTPUT_DIR, OUTPUT_FILE, Finite, build, field_type, given, model_options
from pipeline.atomic import atomic_path
from pipeline.config import EmbedConfig, MineConfig
from pipeline.errors import BitextError
from pipeline.paths import read_text

JSON_OUT = click.option("--json", "json_out", type=OUTPUT_FILE, help="Also write the results here.")


@cli.group(name="eval")
def eval_group() -> None:
    """Measure mining quality and build evaluation tasks."""


def _embedder(cfg: EmbedConfig):
    from pipeline.embed import embed_texts
    from pipeline.encoders import get_encoder

    model = get_encoder(cfg.encoder, cfg.device)
    return model, (lambda texts: embed_texts(texts, model, cfg.batch_size))


def _write_json(path: Path | None, payload) -> None:
    if path is not None:
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(payload, indent=2) + "\n")


def _read_lines(path: Path) -> list[str]:
    """Every line, as is: line numbers are what gold files refer to."""
    lines = read_text(path).splitlines()
    if not lines:
        raise BitextError(f"{path}: empty input")
    return lines


@eval_group.command()
@click.option("--dir", "data_dir", required=True, type=click.Path(path_type=Path),
              help="Directory with tatoeba.XXX-eng.XXX and tatoeba.XXX-eng.eng files.")
@click.option("--langs", default=None, help="Comma-separated subset, e.g. deu,fra (ISO 639-1 or 639-3).")
@model_options(EmbedConfig)
@click.option("-k", "k", type=field_type(MineConfig.model_fields["k"]), default=4, show_default=True,
              help="Neighbours for the margin.")
@JSON_OUT
def tatoeba(data_dir, langs, k, json_out, **options) -> None:
    """Retrieval accuracy in both directions, by cosine and by margin, per language and on average."""
    from pipeline.evaluation.tatoeba import evaluate, render_table

    cfg = build(EmbedConfig, given(EmbedConfig, options))
    _, embed = _embedder(cfg)
    results = evaluate(embed, data_dir, langs.split(",") if langs else None, k)
    click.echo(f"Tatoeba retrieval accuracy, encoder {cfg.encoder}, margin k={k}\n")
    click.echo(render_table(results))
    _write_json(json_out, {"encoder": cfg.encoder, "k": k, "languages": [r.__dict__ for r in results]})


@eval_group.command()
@click.option("--src", "src_path", required=True, type=INPUT_FILE, help="Source sentences, one per line.")
@click.option("--tgt", "tgt_path", required=True, type=INPUT_FILE, help="Target sentences, one per line.")
@click.option("--gold", "gold_path", required=True, type=INPUT_FILE,
              help="Gold pairs: 'src_line<TAB>tgt_line', 1-based.")
@model_options(EmbedConfig)
@mining_options
@click.option("--plot", type=OUTPUT_FILE, help="Write a precision-recall plot (PNG) here.")
@JSON_OUT
def bucc(src_path, tgt_path, gold_path, plot, json_out, **options) -> None:
    """Precision, recall and F1 at the configured threshold, and the best F1 over all thresholds."""
    from pipeline.evaluation.bucc import read_gold
    from pipeline.evaluation.mining_eval import evaluate_mining
    from pipeline.evaluation.plots import precision_recall_png

    embed_cfg = build(EmbedConfig, given(EmbedConfig, options))
    cfg = mine_config(options, embed_cfg.device).settled(embed_cfg.encoder)
    src, tgt = _read_lines(src_path), _read_lines(tgt_path)
    gold = read_gold(gold_path, len(src), len(tgt))
    _, embed = _embedder(embed_cfg)
    result = evaluate_mining(embed(src), embed(tgt), src, tgt, gold, cfg)
    click.echo(f"{len(src)} source, {len(tgt)} target sentences, {len(gold)} gold pairs; "
               f"encoder {embed_cfg.encoder}")
    click.echo(f"at {result.decision}: precision {result.precision:.3f}, recall {result.recall:.3f}, "
               f"F1 {result.f1:.3f}")
    click.echo(f"best F1 over all thresholds: {result.best_f1:.3f} at threshold {result.best_threshold:.3f}")
    if plot is not None:
        click.echo(f"precision-recall plot: {precision_recall_png(result, plot, f'{src_path.name} / {tgt_path.name}')}")
    _write_json(json_out, {"encoder": embed_cfg.encoder, **result.summary()})


@eval_group.command(name="make-bucc")
@click.option("--src", "src_path", required=True, type=INPUT_FILE)
@click.option("--tgt", "tgt_path", required=True, type=INPUT_FILE,
              help="Line-aligned with --src: line i translates line i.")
@click.option("--distractors", multiple=True, type=INPUT_FILE,
              help="Files of sentences in the target language to hide the pairs among (repeatable).")
@click.option("--src-distractors", multiple=True, type=INPUT_FILE,
              help="Files of sentences in the source language to add to the source side (repeatable).")
@click.option("--keep", type=Finite(0, 1, min_open=True), default=0.6, show_default=True,
              help="Share of the pairs kept as gold.")
@click.option("--n-distractors", type=click.IntRange(min=0), default=4000, show_default=True)
@click.option("--n-src-distractors", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--out", "out_dir", required=True, type=OUTPUT_DIR)
def make_bucc(src_path, tgt_path, distractors, src_distractors, keep, n_distractors, n_src_distractors, seed,
              out_dir) -> None:
    """Build a seeded BUCC-style task (src.txt, tgt.txt, gold.tsv) from line-aligned parallel data."""
    from pipeline.evaluation.bucc import build_task, write_task

    src, tgt = _read_lines(src_path), _read_lines(tgt_path)
    if len(src) != len(tgt):
        raise BitextError(f"{src_path} has {len(src)} lines but {tgt_path} has {len(tgt)}: --src and --tgt "
                          "must be line-aligned (line i translates line i)")
    task = build_task(out_dir.name, src, tgt,
                      [s for p in distractors for s in _read_lines(p)], keep=keep, n_distractors=n_distractors,
                      seed=seed, src_distractors=[s for p in src_distractors for s in _read_lines(p)],
                      n_src_distractors=n_src_distractors)
    paths = write_task(task, out_dir)
    click.echo(f"{len(task.src)} source and {len(task.tgt)} target sentences, {len(task.gold)} gold pairs in "
               f"{out_dir} ({', '.join(p.name for p in paths.values())})")
