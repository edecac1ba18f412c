"""The mining flow: shard every crawl file, drop sentences earlier files hold, identify languages,
embed the languages in pairs, mine every pair, filter its pairs; then a report.

Every unit of work is a task that is skipped when its inputs and config are unchanged, so
a re-run, a resumed crash or a new crawl file does only the work that is missing. Runs on
Prefect's ephemeral local server unless `PREFECT_API_URL` names a server.
"""

import logging
from collections import Counter
from pathlib import Path

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.futures import as_completed

from flows.artifacts import publish_report
from flows.quiet_errors import quiet_user_errors
from flows.runner import task_runner, with_retries
from flows.tasks import dedup_file, embed_lid_shard, filter_pair, lid_shard, mine_pair, shard_file
from pipeline.config import RunConfig, load_config
from pipeline.errors import BitextError
from pipeline.lock import WorkdirLock
from pipeline.progress import progress
from pipeline.report import build_summary, write_report
from pipeline.stats import merge_stats
from pipeline.text.readers import expand_inputs
from pipeline.workdir import RunLayout, file_key

log = logging.getLogger("pipeline.flow")


@flow(name="bitext-mining")
def mining_flow(config_path: str, workdir: str | None = None) -> dict:
    """Entry point for `bitext run` and scheduled deployments: one run per work directory at a time."""
    quiet_user_errors()
    cfg = load_config(config_path, workdir)
    with WorkdirLock(cfg.workdir):
        removed = RunLayout(cfg.workdir).remove_temp_files()
        if removed:
            log.info("removed %d temporary file(s) an interrupted run left", removed)
        runner = task_runner(cfg.runner, str(get_client(sync_client=True).api_url).rstrip("/"))
        return mine_run.with_options(task_runner=runner)(cfg)


@flow(name="bitext-mining-stages")
def mine_run(cfg: RunConfig) -> dict:
    return run_pipeline(cfg)


def run_pipeline(cfg: RunConfig) -> dict:
    layout = RunLayout(cfg.workdir)
    layout.write_config(cfg)
    tasks = (shard_file, dedup_file, lid_shard, embed_lid_shard, mine_pair, filter_pair)
    shard, dedup, lid, embed, mine, clean = (with_retries(t, cfg.runner) for t in tasks)
    work: dict[str, Counter] = {}
    files = {lang: [str(f) for f in expand_inputs(lc.inputs)] for lang, lc in cfg.languages.items()}
    raw = _wait({(lang, f): shard.submit(layout, lang, f, cfg.shard) for lang, fs in files.items() for f in fs},
                "shard", work)
    deduped = _wait({(lang, f): dedup.submit(layout, lang, f, raw[lang, f], _earlier(raw, lang, fs[:i]))
                     for lang, fs in files.items() for i, f in enumerate(fs)}, "dedup", work)
    shards = {lang: [s for f in fs for s in deduped[lang, f]] for lang, fs in files.items()}
    _fail_on_empty(layout, shards, files)
    mined_langs = {lang for pair in cfg.language_pairs() for lang in pair}
    lids = {(lang, s): lid.submit(layout, lang, s, cfg.lid) for lang, names in shards.items() for s in names}
    embeds = {(lang, s): embed.submit(layout, lang, s, cfg.embed, wait_for=[lids[lang, s]])
              for lang, s in lids if lang in mined_langs}
    _wait(lids, "lid", work)
    _wait(embeds, "embed", work)
    mine_cfg = cfg.mine.with_defaults_of(cfg.embed.encoder)
    pairs = _wait({f"{src}-{tgt}": mine.submit(layout, src, tgt, shards, cfg.embed, mine_cfg)
                   for src, tgt in cfg.language_pairs()}, "mine", work)
    filtered = {} if cfg.filter is None else _wait(
        {f"{src}-{tgt}": clean.submit(layout, src, tgt, pairs[f"{src}-{tgt}"], cfg.filter)
         for src, tgt in cfg.language_pairs()},
        "filter", work)
    stats = (_shard_stats(layout, files)
             + [layout.stats_path("dedup", f"{lang}/{file_key(f)}") for lang, fs in files.items() for f in fs]
             + [layout.stats_path("lid", f"{lang}/{s}") for lang, names in shards.items() for s in names]
             + [layout.stats_path("embed", f"{lang}/{s}") for lang in sorted(mined_langs) for s in shards[lang]]
             + [layout.stats_path("mine", name) for name in pairs]
             + [layout.stats_path("filter", name) for name in filtered])
    summary = build_summary(layout, stats, {name: Path(p) for name, p in pairs.items()}, mine_cfg,
                            cfg.embed.encoder, {name: Path(p) for name, p in filtered.items()})
    summary["work"] = {stage: dict(counts) for stage, counts in work.items()}
    summary["report"] = str(write_report(layout, summary))
    summary["artifacts"] = publish_report(summary)
    return summary


def _wait(futures: dict, stage: str, work: dict[str, Counter]) -> dict:
    """Results by key, as tasks finish (a progress bar or log lines); counts tasks run and skipped."""
    keys = {id(f): k for k, f in futures.items()}
    results, counts = {}, work.setdefault(stage, Counter(ran=0, skipped=0))
    for future in progress(as_completed(list(futures.values())), len(futures), stage, log):
        ran, results[keys[id(future)]] = future.result()
        counts["ran" if ran else "skipped"] += 1
    return {key: results[key] for key in futures}


def _shard_stats(layout: RunLayout, files: dict[str, list[str]]) -> list[Path]:
    return [p for lang, fs in files.items() for f in fs
            for p in sorted(layout.stats_dir("shard", f"{lang}/{file_key(f)}").glob("*.json"))]


def _earlier(raw: dict, lang: str, files: list[str]) -> list[str]:
    return [p for f in files for p in raw[lang, f]]


def _fail_on_empty(layout: RunLayout, shards: dict[str, list[str]], files: dict[str, list[str]]) -> None:
    for lang, names in shards.items():
        if not names:
            [row] = merge_stats(_shard_stats(layout, {lang: files[lang]}))
            raise BitextError(f"no sentences left for language '{lang}' in {', '.join(files[lang])}"
                              f" (dropped: {row['drops'] or 'nothing readable'})")
