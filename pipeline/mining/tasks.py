"""A language pair mined as many units (`pipeline.work`), so it spreads over workers and resumes partway.

    index   train each side's index once (seeded sample), fill one index per shard   (approximate only)
    search  each query block against each index (or vector) shard, both directions  (gpu)
    topk    the shards' top-k per query block
    means   each direction's neighbourhood means in one file
    margin  margins per query block (needs the other direction's means)
    candidates  one sorted candidate run per source block, each (src, tgt) once
    features, gaps, quality   learned scoring only: the runs re-scored (`learned_tasks`)
    select  runs merged best first: candidates file, greedy one-to-one, counts
    mine    the selected pairs joined with texts and provenance (the pair's outcome)

Each unit has its own manifest, so a crash loses only the units that were running, and a new
threshold redoes only `select` and `mine`. Margin and learned scoring give the pairs of the
one-process path (`mining.pairs.mine_language_pair`, `bitext mine`).
"""

from pipeline.config import MineConfig
from pipeline.errors import BitextError
from pipeline.mining.candidate_tasks import candidates_unit, margin_unit
from pipeline.mining.job import PairJob, SideFiles
from pipeline.mining.join import join_unit
from pipeline.mining.learned_tasks import features_unit, gaps_unit, quality_unit
from pipeline.mining.search_tasks import means_unit, populate_unit, search_unit, topk_unit, train_unit
from pipeline.mining.select_task import select_unit
from pipeline.work import Unit
from pipeline.workdir import RunLayout


def pair_job(layout: RunLayout, encoder: str, src: str, tgt: str, shards: dict[str, list[str]],
             cfg: MineConfig) -> PairJob:
    """The job of one pair, its sides read from the embedding headers and checked as the one-process path does."""
    job = PairJob(layout, encoder, *(SideFiles.of(layout, encoder, lang, shards[lang]) for lang in (src, tgt)), cfg)
    for side, name in ((job.src, "source"), (job.tgt, "target")):
        if side.n == 0:
            raise BitextError(f"{name} side '{side.lang}' has no sentences to mine")
    for k, key, other in zip(cfg.ks, ("k_forward", "k_backward"), (job.tgt, job.src)):
        if k > other.n:
            raise BitextError(f"{key}: k={k} but '{other.lang}' has only {other.n} sentences; "
                              "lower k (the margin compares each sentence with its k nearest neighbours)")
    if job.src.dim != job.tgt.dim:
        raise BitextError(f"embedding dimensions differ: {src} {job.src.dim}, {tgt} {job.tgt.dim}")
    return job


def pair_units(job: PairJob) -> list[Unit]:
    """Every unit of the pair, each after the units whose files it reads, in an order `run_in_process` can run."""
    return [*index_units(job), *_search_units(job), *_scoring_units(job)]


def index_units(job: PairJob) -> list[Unit]:
    """Train and fill each side's index; ids name the index, so pairs sharing a language share these units."""
    if job.exact:
        return []
    units = []
    for side in (job.src, job.tgt):
        ix = job.index(side)
        train = Unit("index", f"{ix.key} trained", train_unit, (ix,))
        units.append(train)
        units += [Unit("index", f"{ix.key} shard {b}", populate_unit, (ix, b), after=(train.id,))
                  for b in range(len(ix.shards))]
    return sorted(units, key=lambda u: u.name.endswith("trained"), reverse=True)   # both trainings first


def _search_units(job: PairJob) -> list[Unit]:
    units = []
    for way in job.directions:
        shards = range(len(job.base_shards(way.base)))
        for q in range(len(job.blocks(way.queries))):
            after = () if job.exact else tuple(f"index:{job.index(way.base).key} shard {b}" for b in shards)
            units += [Unit("search", f"{job.name} {way.name} q{q} b{b}", search_unit, (job, way.name, q, b),
                           after=after[b:b + 1], gpu=True) for b in shards]
    return units


def _scoring_units(job: PairJob) -> list[Unit]:
    merges, means, margins = [], [], []
    for way in job.directions:
        blocks = range(len(job.blocks(way.queries)))
        shards = range(len(job.base_shards(way.base)))
        merges += [Unit("topk", f"{job.name} {way.name} q{q}", topk_unit, (job, way.name, q),
                        after=tuple(f"search:{job.name} {way.name} q{q} b{b}" for b in shards)) for q in blocks]
        means.append(Unit("means", f"{job.name} {way.name}", means_unit, (job, way.name),
                          after=tuple(f"topk:{job.name} {way.name} q{q}" for q in blocks)))
    for way in job.directions:
        other = "bwd" if way.name == "fwd" else "fwd"
        margins += [Unit("margin", f"{job.name} {way.name} q{q}", margin_unit, (job, way.name, q),
                         after=(f"topk:{job.name} {way.name} q{q}", f"means:{job.name} {other}"))
                    for q in range(len(job.blocks(way.queries)))]
    n_bwd = len(job.blocks(job.tgt))
    runs = [Unit("candidates", f"{job.name} s{i}", candidates_unit, (job, i),
                 after=(f"margin:{job.name} fwd q{i}", *(f"margin:{job.name} bwd q{q}" for q in range(n_bwd))))
            for i in range(len(job.blocks(job.src)))]
    runs += _learned_units(job) if job.cfg.scoring == "learned" else []
    select = Unit("select", job.name, select_unit, (job,), after=tuple(u.id for u in runs))
    stats = (job.layout.stats_path("mine", job.name),)
    join = Unit("mine", job.name, join_unit, (job, stats), after=(select.id,))
    return [*merges, *means, *margins, *runs, select, join]


def _learned_units(job: PairJob) -> list[Unit]:
    blocks = range(len(job.blocks(job.src)))
    means = tuple(f"means:{job.name} {d}" for d in ("fwd", "bwd"))
    features = [Unit("features", f"{job.name} s{i}", features_unit, (job, i),
                     after=(f"candidates:{job.name} s{i}", *means)) for i in blocks]
    gaps = Unit("gaps", job.name, gaps_unit, (job,), after=tuple(u.id for u in features))
    quality = [Unit("quality", f"{job.name} s{i}", quality_unit, (job, i), after=(f"features:{job.name} s{i}", gaps.id))
               for i in blocks]
    return [*features, gaps, *quality]
