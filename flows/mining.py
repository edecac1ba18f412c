"""The mining flow: shard and identify every language, embed those in pairs, mine every pair.

Runs on Prefect's ephemeral local server, so there is nothing for the user to start.
"""

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.quiet_errors import quiet_user_errors
from pipeline.config import EmbedConfig, LidConfig, MineConfig, RunConfig, ShardConfig, load_config
from pipeline.embed import embed_shard
from pipeline.encoders import get_encoder
from pipeline.lid import identify_shard
from pipeline.mining.pairs import load_side, mine_language_pair
from pipeline.report import build_summary, write_report
from pipeline.shard import shard_language
from pipeline.workdir import RunLayout


@task(cache_policy=NO_CACHE)
def shard_task(layout: RunLayout, lang: str, inputs: list[str], cfg: ShardConfig) -> tuple[list[str], list[Path]]:
    """The shard names, and the stats files (one per input file)."""
    result = shard_language(lang, inputs, layout.sentences_dir(lang), cfg, layout.stats_dir("shard", lang))
    return [p.stem for p in result.shards], result.stats


@task(cache_policy=NO_CACHE)
def lid_task(layout: RunLayout, lang: str, shard: str, cfg: LidConfig) -> str:
    identify_shard(lang, layout.sentences_dir(lang) / f"{shard}.parquet", layout.lid_path(lang, shard), cfg,
                   layout.stats_path("lid", f"{lang}/{shard}"))
    return shard


@task(cache_policy=NO_CACHE)
def embed_task(layout: RunLayout, lang: str, shard: str, cfg: EmbedConfig) -> str:
    encoder = get_encoder(cfg.encoder, cfg.device)
    embed_shard(layout.lid_path(lang, shard), layout.embeddings_path(cfg.encoder, lang, shard), encoder,
                cfg.batch_size, layout.stats_path("embed", f"{lang}/{shard}"))
    return shard


@task(cache_policy=NO_CACHE)
def mine_task(layout: RunLayout, src: str, tgt: str, shards: dict[str, list[str]],
              embed: EmbedConfig, cfg: MineConfig) -> str:
    sides = [load_side(lang, [layout.lid_path(lang, s) for s in shards[lang]],
                       [layout.embeddings_path(embed.encoder, lang, s) for s in shards[lang]])
             for lang in (src, tgt)]
    path = mine_language_pair(*sides, layout.pair_dir(src, tgt), cfg, layout.stats_path("mine", f"{src}-{tgt}"),
                              layout.index_dir(embed.encoder))
    return str(path)


@flow(name="bitext-mining")
def mining_flow(config_path: str, workdir: str | None = None) -> dict:
    quiet_user_errors()
    cfg = load_config(config_path, workdir)
    return run_pipeline(cfg)


def run_pipeline(cfg: RunConfig) -> dict:
    layout = RunLayout(cfg.workdir)
    layout.write_config(cfg)
    mine_cfg = cfg.mine.with_defaults_of(cfg.embed.encoder)
    shard_futures = {lang: shard_task.submit(layout, lang, lc.inputs, cfg.shard)
                     for lang, lc in cfg.languages.items()}
    mined_langs = {lang for pair in cfg.language_pairs() for lang in pair}
    shards: dict[str, list[str]] = {}
    shard_stats: list[Path] = []
    last_steps = []  # embedding for languages that are mined, language ID for the others
    for lang, future in shard_futures.items():
        shards[lang], lang_stats = future.result()
        shard_stats += lang_stats
        for shard in shards[lang]:
            lid = lid_task.submit(layout, lang, shard, cfg.lid)
            last_steps.append(embed_task.submit(layout, lang, lid, cfg.embed) if lang in mined_langs else lid)
    for future in last_steps:
        future.result()
    pair_futures = {f"{src}-{tgt}": mine_task.submit(layout, src, tgt, shards, cfg.embed, mine_cfg)
                    for src, tgt in cfg.language_pairs()}
    pairs = {name: Path(f.result()) for name, f in pair_futures.items()}
    stats = (shard_stats
             + [layout.stats_path("lid", f"{lang}/{s}") for lang, names in shards.items() for s in names]
             + [layout.stats_path("embed", f"{lang}/{s}") for lang in sorted(mined_langs) for s in shards[lang]]
             + [layout.stats_path("mine", name) for name in pairs])
    summary = build_summary(layout, stats, pairs, mine_cfg, cfg.embed.encoder)
    summary["report"] = str(write_report(layout, summary))
    return summary

