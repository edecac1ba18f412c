"""One Prefect task per unit of work (a crawl file, a shard, a language pair), each skipped when
its manifest says its inputs and config are unchanged (`pipeline.resume`).

Tasks return (whether work ran, what they produced), so the flow can report what it did.
Models load inside the tasks, on whichever worker runs them.
"""

import json
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from pipeline.config import EmbedConfig, LidConfig, MineConfig, PairFilterConfig, ShardConfig
from pipeline.embed import embed_shard, ids_path
from pipeline.encoders import canonical_encoder_name, encoder_slug, get_encoder
from pipeline.encoders.calibration import calibration_file
from pipeline.errors import BitextError
from pipeline.file_dedup import drop_held
from pipeline.lid import identify_shard
from pipeline.mining.filters import filter_file
from pipeline.mining.pairs import load_side, mine_language_pair
from pipeline.resume import Step
from pipeline.shard import shard_language
from pipeline.workdir import RunLayout, file_key


@task(cache_policy=NO_CACHE, task_run_name="shard {lang} {file}")
def shard_file(layout: RunLayout, lang: str, file: str, cfg: ShardConfig) -> tuple[bool, list[str]]:
    """One crawl file into its own shards (deduplicated within the file)."""
    key = file_key(file)
    stats_dir = layout.stats_dir("shard", f"{lang}/{key}")
    step = Step(layout.manifest_path("shard", f"{lang}/{key}"), [Path(file)], {"lang": lang, "shard": cfg})
    ran, outputs = step.run(lambda: _shard_one_file(lang, file, layout.file_shards_dir(lang, key), cfg, stats_dir))
    return ran, [str(p) for p in outputs if p.suffix == ".parquet"]


def _shard_one_file(lang: str, file: str, out_dir: Path, cfg: ShardConfig, stats_dir: Path) -> list[Path]:
    """Shards and stats files. A file with nothing usable is zero shards here: the flow fails only
    when a whole language is empty."""
    for stale in stats_dir.glob("*.json"):
        stale.unlink()
    try:
        result = shard_language(lang, [file], out_dir, cfg, stats_dir)
    except BitextError:
        stats = sorted(stats_dir.glob("*.json"))
        if stats and all(json.loads(p.read_text())["rows_out"] == 0 for p in stats):
            return stats
        raise
    return [*result.shards, *result.stats]


@task(cache_policy=NO_CACHE, task_run_name="dedup {lang} {file}")
def dedup_file(layout: RunLayout, lang: str, file: str, shards: list[str],
               earlier: list[str]) -> tuple[bool, list[str]]:
    """A file's shards without the sentences that files before it already hold."""
    key = file_key(file)
    stats = layout.stats_path("dedup", f"{lang}/{key}")
    step = Step(layout.manifest_path("dedup", f"{lang}/{key}"), [Path(p) for p in shards + earlier])
    ran, outputs = step.run(lambda: [*drop_held(lang, [Path(p) for p in shards], [Path(p) for p in earlier],
                                                layout.sentences_dir(lang, key), stats), stats])
    return ran, [layout.shard_name(lang, p) for p in outputs if p != stats]


@task(cache_policy=NO_CACHE, task_run_name="lid {lang} {shard}")
def lid_shard(layout: RunLayout, lang: str, shard: str, cfg: LidConfig) -> tuple[bool, str]:
    out, stats = layout.lid_path(lang, shard), layout.stats_path("lid", f"{lang}/{shard}")
    step = Step(layout.manifest_path("lid", f"{lang}/{shard}"), [layout.sentences_path(lang, shard)],
                {"lang": lang, "lid": cfg})
    ran, _ = step.run(lambda: [identify_shard(lang, layout.sentences_path(lang, shard), out, cfg, stats), stats])
    return ran, shard


@task(cache_policy=NO_CACHE, task_run_name="embed {lang} {shard}")
def embed_lid_shard(layout: RunLayout, lang: str, shard: str, cfg: EmbedConfig) -> tuple[bool, str]:
    """Batch size and device change speed, not vectors, so only the encoder keys the step."""
    encoder = canonical_encoder_name(cfg.encoder)
    out = layout.embeddings_path(encoder, lang, shard)
    step = Step(layout.manifest_path("embed", f"{encoder_slug(encoder)}/{lang}/{shard}"),
                [layout.lid_path(lang, shard)], {"encoder": encoder})
    stats = layout.stats_path("embed", f"{lang}/{shard}")
    ran, _ = step.run(lambda: [ids_path(out), stats, embed_shard(layout.lid_path(lang, shard), out,
                                                                 get_encoder(cfg.encoder, cfg.device),
                                                                 cfg.batch_size, stats)])
    return ran, shard


@task(cache_policy=NO_CACHE, task_run_name="mine {src}-{tgt}")
def mine_pair(layout: RunLayout, src: str, tgt: str, shards: dict[str, list[str]], embed: EmbedConfig,
              cfg: MineConfig) -> tuple[bool, str]:
    """Mining reads every shard of both languages: margins depend on the whole corpus."""
    lids = {lang: [layout.lid_path(lang, s) for s in shards[lang]] for lang in (src, tgt)}
    vecs = {lang: [layout.embeddings_path(embed.encoder, lang, s) for s in shards[lang]] for lang in (src, tgt)}
    inputs = [p for lang in (src, tgt) for p in lids[lang] + vecs[lang] + [ids_path(v) for v in vecs[lang]]]
    if cfg.scoring == "learned":
        inputs.append(calibration_file())  # the scorer's weights live there, not in the config
    stats = layout.stats_path("mine", f"{src}-{tgt}")
    out_dir = layout.pair_dir(src, tgt)

    def mine() -> list[Path]:
        sides = [load_side(lang, lids[lang], vecs[lang]) for lang in (src, tgt)]
        pairs = mine_language_pair(*sides, out_dir, cfg, stats, layout.index_dir(embed.encoder))
        return [out_dir / "candidates.parquet", pairs, stats]

    ran, outputs = Step(layout.manifest_path("mine", f"{src}-{tgt}"), inputs, {"mine": cfg}).run(mine)
    return ran, str(outputs[1])


@task(cache_policy=NO_CACHE, task_run_name="filter {src}-{tgt}")
def filter_pair(layout: RunLayout, src: str, tgt: str, pairs: str, cfg: PairFilterConfig) -> tuple[bool, str]:
    """The bitext filters over a pair's mined pairs (`pairs`, from `mine_pair`), which stay the mining decision."""
    pairs, out = Path(pairs), layout.filtered_path(src, tgt)
    stats = layout.stats_path("filter", f"{src}-{tgt}")

    def clean() -> list[Path]:
        filter_file(pairs, out, cfg, stats)
        return [out, stats]

    ran, _ = Step(layout.manifest_path("filter", f"{src}-{tgt}"), [pairs], {"filter": cfg}).run(clean)
    return ran, str(out)
