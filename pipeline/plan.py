"""The units of a run, stage by stage, and the one driver every executor runs them with.

Which units exist depends on what earlier stages produced (a crawl file gives as many shards as
it gives), so the plan is built a stage at a time from the outcomes so far. `ingest` (shard,
cross-file dedup, optional language ID) is shared by `bitext run` and `bitext shard`, so both
give the same sentences from the same files.
"""

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import EmbedConfig, LidConfig, MergeConfig, MineConfig, PairFilterConfig, RunConfig, ShardConfig
from pipeline.encoders import canonical_encoder_name
from pipeline.errors import BitextError
from pipeline.mining.tasks import pair_job, pair_units
from pipeline.report import write_report
from pipeline.resume import Stale, only_checking, retire
from pipeline.stages import dedup_unit, embed_unit, filter_unit, lid_unit, merge_unit, shard_unit
from pipeline.stats import merge_stats
from pipeline.summary import Decision, RunSummary, summarize
from pipeline.text.sources import expand_inputs
from pipeline.work import Executor, Outcome, Unit, WorkLog, run_in_process
from pipeline.workdir import RunLayout


@dataclass(frozen=True)
class Plan:
    layout: RunLayout
    files: dict[str, list[str]]                 # crawl files per language, in their fixed order
    shard: ShardConfig = ShardConfig()
    lid: LidConfig | None = LidConfig()         # None: no language ID
    embed: EmbedConfig = EmbedConfig()
    mine: MineConfig = MineConfig()             # settled for mining (Plan.of takes RunConfig's, settled when loaded)
    filter: PairFilterConfig | None = None
    merge: MergeConfig | None = None            # None: mined pairs go to the filters as they are
    pairs: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, cfg: RunConfig) -> "Plan":
        files = {lang: [str(f) for f in expand_inputs(lc.inputs)] for lang, lc in cfg.languages.items()}
        return cls(RunLayout(cfg.workdir), files, cfg.shard, cfg.lid, cfg.embed, cfg.mine, cfg.filter,
                   cfg.merge, cfg.language_pairs())

    def shard_units(self) -> list[Unit]:
        return [Unit("shard", f"{lang} {f}", shard_unit, (self.layout, lang, f, self.shard))
                for lang, fs in self.files.items() for f in fs]

    def dedup_units(self, done: dict[str, Outcome]) -> list[Unit]:
        """Each file against the files before it: adding a file never re-shards those already there."""
        raw = {(lang, f): done[f"shard:{lang} {f}"].value for lang, fs in self.files.items() for f in fs}
        return [Unit("dedup", f"{lang} {f}", dedup_unit,
                     (self.layout, lang, f, raw[lang, f], [p for e in fs[:i] for p in raw[lang, e]]))
                for lang, fs in self.files.items() for i, f in enumerate(fs)]

    def shards(self, done: dict[str, Outcome]) -> dict[str, list[str]]:
        """Shard names per language after dedup; a language with none left is a one-line error."""
        shards = {lang: [s for f in fs for s in done[f"dedup:{lang} {f}"].value] for lang, fs in self.files.items()}
        for lang, names in shards.items():
            if not names:
                [row] = merge_stats([p for f in self.files[lang] for p in done[f"shard:{lang} {f}"].stats])
                raise BitextError(f"no sentences left for language '{lang}' in {', '.join(self.files[lang])}"
                                  f" (dropped: {row['drops'] or 'nothing readable'})")
        return shards

    def lid_units(self, shards: dict[str, list[str]]) -> list[Unit]:
        return [Unit("lid", f"{lang} {s}", lid_unit, (self.layout, lang, s, self.lid))
                for lang, names in shards.items() for s in names]

    def embed_units(self, shards: dict[str, list[str]]) -> list[Unit]:
        """Only languages that are mined; each shard as soon as its language ID is done."""
        mined = {lang for pair in self.pairs for lang in pair}
        return [Unit("embed", f"{lang} {s}", embed_unit, (self.layout, lang, s, self.embed), after=(f"lid:{lang} {s}",),
                     gpu=self.embed.device != "cpu")
                for lang, names in shards.items() if lang in mined for s in names]

    def mine_units(self, shards: dict[str, list[str]]) -> list[Unit]:
        """Each pair as many units (`mining.tasks`). Units that pairs share (a language's index) are listed once."""
        encoder = canonical_encoder_name(self.embed.encoder)
        units = (u for src, tgt in self.pairs
                 for u in pair_units(pair_job(self.layout, encoder, src, tgt, shards, self.mine)))
        return list({u.id: u for u in units}.values())

    def turned_off(self) -> list[Path]:
        """What steps this config turns off wrote in earlier runs (manifest first): with `filter: null`, a
        `filtered.parquet` left in place would hold pairs that are no longer mined."""
        off = {"filter": self.layout.filtered_path, "merge": self.layout.merged_path}
        off = {stage: output for stage, output in off.items() if getattr(self, stage) is None}
        return [p for stage, output in off.items() for src, tgt in self.pairs
                for p in (self.layout.manifest_path(stage, f"{src}-{tgt}"), output(src, tgt),
                          self.layout.stats_path(stage, f"{src}-{tgt}"))]

    def merge_units(self, done: dict[str, Outcome], shards: dict[str, list[str]]) -> list[Unit]:
        if self.merge is None:
            return []
        return [Unit("merge", f"{src}-{tgt}", merge_unit, (self.layout, src, tgt, done[f"mine:{src}-{tgt}"].value,
                                                          shards, self.embed, self.mine, self.merge),
                     gpu=self.embed.device != "cpu")
                for src, tgt in self.pairs]

    def filter_units(self, done: dict[str, Outcome]) -> list[Unit]:
        """Over the merged pairs where the run merges, else the mined ones."""
        if self.filter is None:
            return []
        return [Unit("filter", f"{src}-{tgt}", filter_unit,
                     (self.layout, src, tgt, (done.get(f"merge:{src}-{tgt}") or done[f"mine:{src}-{tgt}"]).value,
                      self.filter))
                for src, tgt in self.pairs]


class Run:
    """Executes batches of units, keeping every outcome and the count of units run and skipped."""

    def __init__(self, execute: Executor):
        self.execute, self.done, self.work = execute, {}, WorkLog()

    def __call__(self, units: list[Unit]) -> dict[str, Outcome]:
        if units:
            outcomes = self.execute(units)
            self.work.add(units, outcomes)
            self.done.update(outcomes)
        return self.done


def ingest(plan: Plan, run: Run, embed: bool = False) -> dict[str, list[str]]:
    """Shard every crawl file, drop what earlier files of the language hold, identify languages (unless
    `plan.lid` is None) and, with `embed`, embed each shard as soon as its language ID is done."""
    run(plan.shard_units())
    shards = plan.shards(run(plan.dedup_units(run.done)))
    if plan.lid is not None:
        run(plan.lid_units(shards) + (plan.embed_units(shards) if embed else []))
    return shards


def run_and_report(cfg: RunConfig, execute: Executor) -> RunSummary:
    """A whole run with any executor: the resolved config beside its outputs, every unit, the report."""
    plan = Plan.of(cfg)
    plan.layout.withdraw_report()       # before any step changes what it describes; written again at the end
    plan.layout.write_config(cfg)
    return write_report(plan.layout, mine_all(plan, execute))


def up_to_date(cfg: RunConfig) -> RunSummary | None:
    """The summary of a run with nothing to do, found from its manifests alone (no unit runs; only the
    config copy and the report are rewritten); None as soon as one unit would have to run. Call under
    the run's lock."""
    plan = Plan.of(cfg)
    try:
        with only_checking():
            summary = mine_all(plan, run_in_process)
    except Stale:
        return None
    plan.layout.write_config(cfg)
    return write_report(plan.layout, summary)


def mine_all(plan: Plan, execute: Executor) -> RunSummary:
    """The whole pipeline over `plan`, with any executor; the summary of what the run holds and did."""
    retire(plan.turned_off())
    run = Run(execute)
    shards = ingest(plan, run, embed=True)
    run(plan.mine_units(shards))
    run(plan.merge_units(run.done, shards))
    run(plan.filter_units(run.done))
    return summarize(plan.layout.root, run.done, run.work.as_dict(), Decision.of(plan.embed.encoder, plan.mine))
