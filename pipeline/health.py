"""Warnings for a language whose run looks broken: segmentation into fragments, or a funnel that drops most of it.

A run can finish with every unit green and one language quietly ruined: Thai split at every space turns
sentences into fragments that are then dropped as too short, or mined against whole English sentences;
an input in the wrong language loses most of its rows at language ID. Two signs, each reported with its
numbers in the run summary and the report:
- most of a language's sentences dropped as too short at shard (of those that were not boilerplate or
  duplicates), or dropped by language ID (`MOST`);
- a median sentence length far from the other languages' (`LENGTH_RATIO`), lengths in characters scaled
  by how much a character of the language's script carries (a Chinese sentence has about a third of the
  characters of its English translation: newstest2018, median 38 against 140).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.text.scripts import density

MOST = 0.5                 # share of a language's sentences that may be dropped as too short, or by LID
LENGTH_RATIO = 2.5         # a median this many times longer or shorter than the others' is flagged
SAMPLE_ROWS = 20_000       # sentences per language read for the median length
_TOO_SHORT = ("too_short", "too_few_words")
_NOT_CONTENT = ("boilerplate", "duplicate")


@dataclass(frozen=True)
class LanguageWarning:
    lang: str
    sign: str          # "drops" or "length"
    message: str       # one line, with the numbers

    def to_dict(self) -> dict:
        return {"lang": self.lang, "sign": self.sign, "message": self.message}


def language_warnings(funnel: Iterable, lengths: dict[str, float]) -> list[LanguageWarning]:
    """The warnings of a run from its funnel rows (stage, lang, rows_in, drops) and median sentence lengths."""
    return [*_drop_warnings(funnel), *_length_warnings(lengths)]


def _drop_warnings(funnel: Iterable) -> list[LanguageWarning]:
    """Most of a language's content dropped as too short at shard (boilerplate and duplicates set aside: a
    crawl is full of them), or most of it dropped by language ID."""
    warnings = []
    for row in funnel:
        if row.stage == "shard":
            base = row.rows_in - sum(row.drops.get(r, 0) for r in _NOT_CONTENT)
            short = {r: row.drops[r] for r in _TOO_SHORT if row.drops.get(r)}
            if base and sum(short.values()) >= MOST * base:
                n = sum(short.values())
                warnings.append(LanguageWarning(row.lang, "drops", (
                    f"shard dropped {n / base:.0%} of its sentences as too short ({n} of the {base} that were not "
                    f"boilerplate or duplicates: {_listed(short)}): segmentation may be cutting them into fragments")))
        elif row.stage == "lid" and row.rows_in and sum(row.drops.values()) >= MOST * row.rows_in:
            n = sum(row.drops.values())
            warnings.append(LanguageWarning(row.lang, "drops", (
                f"language ID dropped {n / row.rows_in:.0%} of its sentences ({n} of {row.rows_in}: "
                f"{_listed(row.drops)}): is the input in this language and script?")))
    return warnings


def _listed(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def _length_warnings(lengths: dict[str, float]) -> list[LanguageWarning]:
    """Each language's script-scaled median against the median of the other languages' (two or more needed)."""
    if len(lengths) < 2:
        return []
    scaled = {lang: median * density(lang) for lang, median in lengths.items()}
    warnings = []
    for lang, value in scaled.items():
        others = statistics.median(v for other, v in scaled.items() if other != lang)
        ratio = value / others if others else 1.0
        if ratio > LENGTH_RATIO or ratio * LENGTH_RATIO < 1:
            warnings.append(LanguageWarning(lang, "length", f"median sentence {lengths[lang]:.0f} characters "
                                            f"({value:.0f} in English-like characters), {ratio:.2f}x the other "
                                            f"languages' median ({others:.0f}): check its segmentation"))
    return warnings


def median_length(paths: Iterable[Path], limit: int = SAMPLE_ROWS) -> float | None:
    """Median characters per sentence over the first `limit` sentences of some Parquet files with a text column."""
    lengths: list[int] = []
    for path in paths:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=4096, columns=["text"]):
            if len(lengths) >= limit:       # read no more than the sample: shards can hold 100k sentences
                return statistics.median(lengths)
            lengths += [len(t) for t in batch.column(0).to_pylist()[:limit - len(lengths)]]
    return statistics.median(lengths) if lengths else None
