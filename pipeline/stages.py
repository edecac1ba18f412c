"""The unit functions: each applies one library stage to one input inside a run's work directory.

Every unit is skipped when its manifest says its inputs and config are unchanged
(`pipeline.resume`), writes its stage's counts (the only place stats files are written for a
run), and returns an `Outcome` naming what it produced. Models load inside the units, on
whichever worker runs them.
"""

from pathlib import Path

from pipeline.config import EmbedConfig, LidConfig, MergeConfig, MineConfig, PairFilterConfig, ShardConfig
from pipeline.embed import embed_shard, ids_path
from pipeline.encoders import canonical_encoder_name, encoder_slug, get_encoder
from pipeline.file_dedup import drop_held
from pipeline.lid import identify_shard
from pipeline.mining.filters import filter_file
from pipeline.mining.merge import load_merge_side, merge_file
from pipeline.shard import NoSentencesLeft, shard_file
from pipeline.stats import write_stats
from pipeline.work import Outcome
from pipeline.workdir import RunLayout, file_key


def shard_unit(layout: RunLayout, lang: str, file: str, cfg: ShardConfig) -> Outcome:
    """One crawl file into its own shards (deduplicated within the file); a file with nothing usable
    gives zero shards: the run fails only when a whole language is empty."""
    key = file_key(file)
    stats = layout.stats_path("shard", f"{lang}/{key}")

    def work() -> list[Path]:
        try:
            result = shard_file(lang, Path(file), layout.file_shards_dir(lang, key), cfg)
            shards, counts = result.shards, result.stats
        except NoSentencesLeft as exc:
            shards, counts = [], exc.stats
        return [*shards, write_stats(counts, stats)]

    step = layout.step("shard", f"{lang}/{key}", [Path(file)], {"lang": lang, "shard": cfg})
    ran, outputs = step.run(work)
    # the stats file as the manifest recorded it: a work directory from before the layout moved it still resumes
    return Outcome(ran, [str(p) for p in outputs if p.suffix == ".parquet"],
                   tuple(p for p in outputs if p.suffix == ".json"))


def dedup_unit(layout: RunLayout, lang: str, file: str, shards: list[str], earlier: list[str]) -> Outcome:
    """A file's shards without the sentences that files before it already hold; the value is shard names."""
    key = file_key(file)
    stats = layout.stats_path("dedup", f"{lang}/{key}")

    def work() -> list[Path]:
        written, counts = drop_held(lang, [Path(p) for p in shards], [Path(p) for p in earlier],
                                    layout.sentences_dir(lang, key))
        return [*written, write_stats(counts, stats)]

    ran, outputs = layout.step("dedup", f"{lang}/{key}", [Path(p) for p in shards + earlier]).run(work)
    return Outcome(ran, [layout.shard_name(lang, p) for p in outputs if p != stats], (stats,))


def lid_unit(layout: RunLayout, lang: str, shard: str, cfg: LidConfig) -> Outcome:
    out, stats = layout.lid_path(lang, shard), layout.stats_path("lid", f"{lang}/{shard}")

    def work() -> list[Path]:
        return [out, write_stats(identify_shard(lang, layout.sentences_path(lang, shard), out, cfg), stats)]

    step = layout.step("lid", f"{lang}/{shard}", [layout.sentences_path(lang, shard)], {"lang": lang, "lid": cfg})
    ran, _ = step.run(work)
    return Outcome(ran, shard, (stats,))


def embed_unit(layout: RunLayout, lang: str, shard: str, cfg: EmbedConfig) -> Outcome:
    """Batch size and device change speed, not vectors, so only the encoder keys the step."""
    encoder = canonical_encoder_name(cfg.encoder)
    out, stats = layout.embeddings_path(encoder, lang, shard), layout.stats_path("embed", f"{lang}/{shard}")

    def work() -> list[Path]:
        counts = embed_shard(layout.lid_path(lang, shard), out, get_encoder(cfg.encoder, cfg.device), cfg.batch_size)
        counts.lang, counts.shard = lang, shard     # the funnel's row is the language's, not the file's
        return [ids_path(out), out, write_stats(counts, stats)]

    step = layout.step("embed", f"{encoder_slug(encoder)}/{lang}/{shard}", [layout.lid_path(lang, shard)],
                       {"encoder": encoder})
    ran, _ = step.run(work)
    return Outcome(ran, shard, (stats,))


def _side_files(layout: RunLayout, langs: tuple[str, str], shards: dict[str, list[str]],
                embed: EmbedConfig) -> tuple[dict[str, list[Path]], dict[str, list[Path]], list[Path]]:
    """Sentence shards and embeddings of both languages, and all of them as a step's inputs."""
    lids = {lang: [layout.lid_path(lang, s) for s in shards[lang]] for lang in langs}
    vecs = {lang: [layout.embeddings_path(embed.encoder, lang, s) for s in shards[lang]] for lang in langs}
    return lids, vecs, [p for lang in langs for p in lids[lang] + vecs[lang] + [ids_path(v) for v in vecs[lang]]]


def merge_unit(layout: RunLayout, src: str, tgt: str, pairs: str, shards: dict[str, list[str]],
               embed: EmbedConfig, mine: MineConfig, cfg: MergeConfig) -> Outcome:
    """Translator splits merged into whole pairs, a step after mining that reads its pairs, the sentences'
    documents and embeddings; the encoder loads only when the step runs."""
    lids, vecs, inputs = _side_files(layout, (src, tgt), shards, embed)
    out, stats = layout.merged_path(src, tgt), layout.stats_path("merge", f"{src}-{tgt}")

    def work() -> list[Path]:
        sides = [load_merge_side(lang, lids[lang], vecs[lang]) for lang in (src, tgt)]
        counts = merge_file(Path(pairs), out, *sides, get_encoder(embed.encoder, embed.device), mine, cfg,
                            layout.index_dir(embed.encoder), embed.batch_size, candidates)
        return [out, write_stats(counts, stats)]

    candidates = layout.candidates_path(src, tgt) if cfg.find_missed else None
    inputs = [Path(pairs), *inputs, *([candidates] if candidates else [])]
    config = {"merge": cfg, "mine": mine, "encoder": canonical_encoder_name(embed.encoder)}
    ran, _ = layout.step("merge", f"{src}-{tgt}", inputs, config).run(work)
    return Outcome(ran, str(out), (stats,))


def filter_unit(layout: RunLayout, src: str, tgt: str, pairs: str, cfg: PairFilterConfig) -> Outcome:
    """The bitext filters over a pair's mined pairs, which stay the mining decision."""
    out, stats = layout.filtered_path(src, tgt), layout.stats_path("filter", f"{src}-{tgt}")

    def work() -> list[Path]:
        return [out, write_stats(filter_file(Path(pairs), out, cfg), stats)]

    ran, _ = layout.step("filter", f"{src}-{tgt}", [Path(pairs)], {"filter": cfg}).run(work)
    return Outcome(ran, str(out), (stats,))
