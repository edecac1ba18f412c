"""Bitext cleaning over mined pairs: the OpusFilter / bicleaner rules that catch what a margin cannot.

Each rule has a name; a dropped pair is counted under the first rule it fails, so the stage
stats say why the output shrank. Scores are left as they are: the filtered file has the
pairs schema and the same order (best first), only fewer rows.
"""

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.config import PairFilterConfig
from pipeline.schemas import PAIRS, read_table, write_table
from pipeline.stats import StageStats
from pipeline.text.normalize import text_hash

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def _letters(text: str) -> str:
    """Case-folded letters and digits only: what 'identical' compares."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _numbers(text: str) -> Counter:
    return Counter(re.sub(r"\D", "", m) for m in _NUMBER.findall(unicodedata.normalize("NFKC", text)))


def _urls(text: str) -> Counter:
    return Counter(u.rstrip(".,;:!?)").lower() for u in _URL.findall(text))


def pair_rule(src: str, tgt: str, cfg: PairFilterConfig) -> str | None:
    """The first text rule the pair fails, or None; the per-pair rules, in order."""
    if min(len(src), len(tgt)) < cfg.min_chars:
        return "too_short"
    if cfg.max_length_ratio is not None and max(len(src), len(tgt)) > cfg.max_length_ratio * min(len(src), len(tgt)):
        return "length_ratio"
    a, b = _letters(src), _letters(tgt)
    if a == b:
        return "identical"
    if cfg.max_similarity is not None and SequenceMatcher(None, a, b, autojunk=False).ratio() >= cfg.max_similarity:
        return "near_identical"
    if cfg.numbers_match and _numbers(src) != _numbers(tgt):
        return "numbers_differ"
    if cfg.urls_match and _urls(src) != _urls(tgt):
        return "urls_differ"
    return None


def filter_pairs(table: pa.Table, cfg: PairFilterConfig, name: str = "") -> tuple[pa.Table, StageStats]:
    """Kept rows of a pairs table (order kept) and the drops per rule."""
    src, tgt = table.column("src_text").to_pylist(), table.column("tgt_text").to_pylist()
    stats = StageStats("filter", name, rows_in=len(src))
    reasons: list[str | None] = [pair_rule(s, t, cfg) for s, t in zip(src, tgt)]
    if cfg.language_check:
        _check_language(table, reasons, cfg)
    _once_rules(src, tgt, table.column("src_lang").to_pylist(), reasons, cfg)
    for reason, n in Counter(r for r in reasons if r is not None).items():
        stats.drop(reason, n)
    kept = np.flatnonzero(np.array([r is None for r in reasons], dtype=bool))
    stats.rows_out = len(kept)
    return table.take(pa.array(kept, pa.int64())), stats


def _check_language(table: pa.Table, reasons: list[str | None], cfg: PairFilterConfig) -> None:
    """wrong_language: fastText's top language of either side is not the side's language."""
    from pipeline.lid import LanguageIdentifier

    todo = [i for i, r in enumerate(reasons) if r is None]
    if not todo:
        return
    lid = LanguageIdentifier(cfg.lid_model)
    for side in ("src", "tgt"):
        texts = table.column(f"{side}_text").to_pylist()
        expected = table.column(f"{side}_lang").to_pylist()
        found, _ = lid.predict([texts[i] for i in todo])
        for i, lang in zip(todo, found):
            if lang != expected[i] and reasons[i] is None:
                reasons[i] = "wrong_language"


def _once_rules(src: list[str], tgt: list[str], langs: list[str], reasons: list[str | None],
                cfg: PairFilterConfig) -> None:
    """duplicate_pair and too_many_pairs, over the pairs still kept, best first (the table's order)."""
    seen: set[int] = set()
    uses: Counter = Counter()
    for i, (s, t) in enumerate(zip(src, tgt)):
        if reasons[i] is not None:
            continue
        a, b = _letters(s), _letters(t)
        key = text_hash(f"{langs[i]}\t{a}\t{b}")
        if cfg.dedup and key in seen:
            reasons[i] = "duplicate_pair"
            continue
        seen.add(key)
        sides = (("src", a), ("tgt", b))
        if cfg.max_pairs_per_sentence is not None and any(uses[x] >= cfg.max_pairs_per_sentence for x in sides):
            reasons[i] = "too_many_pairs"
            continue
        uses.update(sides)


def filter_file(pairs_path: Path, out: Path, cfg: PairFilterConfig, stats_path: Path | None = None) -> StageStats:
    """Filtered pairs Parquet at `out` (pairs schema) and its stats."""
    filtered, stats = filter_pairs(read_table(pairs_path, PAIRS), cfg, Path(pairs_path).parent.name)
    write_table(filtered, out, PAIRS)
    if stats_path is not None:
        stats.write(stats_path)
    return stats
