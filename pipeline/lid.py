"""Stage 2, lid: fastText language identification; keeps the rows in the shard's language.

The rule (`language_rule`) is the one every entry point applies: the lid stage, and `bitext mine --lid`.
"""

import logging
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.config import LidConfig
from pipeline.language_id import LanguageIdentifier
from pipeline.schemas import LID, SENTENCES, iter_batches
from pipeline.stats import StageStats
from pipeline.text.scripts import expected_scripts, script_share

log = logging.getLogger(__name__)

# A sentence labelled with the right language but with fewer of its letters in that language's script
# (Russian in Latin transliteration, say) is dropped as lid_wrong_script.
MIN_SCRIPT_SHARE = 0.5
_BATCH_ROWS = 8192


def identify_shard(lang: str, in_path: Path, out_path: Path, cfg: LidConfig) -> StageStats:
    """Label every sentence of a shard into `out_path`; keep those `language_rule` keeps (all, when label-only).

    Streams the shard in batches, so memory does not grow with the shard size. The counts are returned, not
    written: the caller writes them.
    """
    identifier = LanguageIdentifier(cfg.model)
    stats = StageStats("lid", lang, Path(in_path).stem)
    rows_read = 0
    with atomic_path(out_path) as tmp, pq.ParquetWriter(tmp, LID) as writer:
        for table in iter_batches(in_path, SENTENCES, _BATCH_ROWS):
            rows_read += table.num_rows
            writer.write_table(_identify(lang, table, identifier, cfg, stats))
    stats.expect_rows_in(rows_read)
    return stats


def _identify(lang: str, table: pa.Table, identifier: LanguageIdentifier, cfg: LidConfig,
              stats: StageStats) -> pa.Table:
    """The batch labelled (`lid_lang`, `lid_score`), without the rows the rule drops (counted in `stats`)."""
    texts = table.column("text").to_pylist()
    langs, scores, reasons = language_rule(lang, texts, identifier, cfg)
    table = table.append_column("lid_lang", pa.array(langs, pa.string()))
    table = table.append_column("lid_score", pa.array(scores, pa.float32()))
    table = table.filter(pa.array(count_drops(reasons, stats)))
    stats.keep(table.num_rows)
    return table.cast(LID)


def language_rule(lang: str, texts: list[str], identifier: LanguageIdentifier,
                  cfg: LidConfig) -> tuple[list[str], np.ndarray, list[str | None]]:
    """The one language rule, for shards and sentence files alike: each text's label, its probability, and why
    it is not kept as `lang` (None if kept; always None when `cfg.filter` is off, label-only)."""
    langs, scores = identifier.predict(texts)
    reasons = lid_drop_reasons(lang, texts, langs, scores, cfg) if cfg.filter else [None] * len(texts)
    return langs, scores, reasons


def count_drops(reasons: list[str | None], stats: StageStats) -> np.ndarray:
    """Count each dropped row under its reason in `stats`; the mask of rows kept (those without a reason)."""
    for reason, n in Counter(r for r in reasons if r).items():
        stats.drop(reason, n)
    return np.array([r is None for r in reasons], dtype=bool)


def lid_drop_reasons(lang: str, texts: list[str], langs: list[str], scores: np.ndarray,
                     cfg: LidConfig) -> list[str | None]:
    """Why each sentence is not kept as `lang`: wrong language, low probability, wrong script; None if kept."""
    threshold = cfg.threshold_for(lang)
    scripts = expected_scripts(lang) if cfg.script_check else frozenset()
    reasons: list[str | None] = []
    for text, label, score in zip(texts, langs, scores):
        if label != lang:
            reasons.append("lid_wrong_language")
        elif score < threshold:
            reasons.append("lid_low_score")
        elif scripts and script_share(text, scripts) < MIN_SCRIPT_SHARE:
            reasons.append("lid_wrong_script")
        else:
            reasons.append(None)
    return reasons
