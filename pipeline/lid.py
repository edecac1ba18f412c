"""Stage 2, lid: fastText language identification; keeps the rows in the shard's language.

The rule (`language_rule`) is the one every entry point applies: the lid stage, and `bitext mine --lid`.
Where the sentences' documents are known (the lid stage), a document that is confidently in the language
vouches for its unsure lines: a headline or a short line that fastText gives a low probability, or gives
to another language while still finding the document's language plausible, is kept (counted as
`lid_kept_by_document`); a line that is clearly another language is still dropped.
"""

import logging
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.config import LidConfig
from pipeline.language_id import LanguageIdentifier, believable, variety_of
from pipeline.schemas import LID, SENTENCES, iter_batches
from pipeline.stats import StageStats
from pipeline.text.scripts import expected_scripts, script_share

log = logging.getLogger(__name__)

# A sentence labelled with the right language but with fewer of its letters in that language's script
# (Russian in Latin transliteration, say) is dropped as lid_wrong_script.
MIN_SCRIPT_SHARE = 0.5
_BATCH_ROWS = 8192
KEPT_BY_DOCUMENT = "lid_kept_by_document"   # a reason that keeps: the row stays, counted as altered
_RESCUABLE = ("lid_low_score", "lid_wrong_language")


def identify_shard(lang: str, in_path: Path, out_path: Path, cfg: LidConfig) -> StageStats:
    """Label every sentence of a shard into `out_path`; keep those `language_rule` keeps (all, when label-only).

    Streams the shard in batches; the rows of a document that runs on past a batch wait for the next one, so
    each document is judged whole. Memory is bounded by the largest document, not the batch: a plain-text
    input without blank lines is one document, held whole (at most `max_rows_per_shard` rows). The counts
    are returned, not written: the caller writes them.
    """
    identifier = LanguageIdentifier(cfg.model)
    stats = StageStats("lid", lang, Path(in_path).stem)
    rows_read = 0
    pending = None
    with atomic_path(out_path) as tmp, pq.ParquetWriter(tmp, LID) as writer:
        for table in iter_batches(in_path, SENTENCES, _BATCH_ROWS):
            rows_read += table.num_rows
            whole, pending = _last_document_apart(table if pending is None else pa.concat_tables([pending, table]))
            if whole.num_rows:
                writer.write_table(_identify(lang, whole, identifier, cfg, stats))
        if pending is not None and pending.num_rows:
            writer.write_table(_identify(lang, pending, identifier, cfg, stats))
    stats.expect_rows_in(rows_read)
    return stats


def _last_document_apart(table: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The rows before the table's last document, and that document's rows (it may go on in the next batch)."""
    source, doc = table.column("source"), table.column("doc_id")
    other = pc.or_(pc.not_equal(source, source[-1]), pc.not_equal(doc, doc[-1]))
    before = pc.indices_nonzero(other)
    cut = before[-1].as_py() + 1 if len(before) else 0
    return table.slice(0, cut), table.slice(cut)


def _identify(lang: str, table: pa.Table, identifier: LanguageIdentifier, cfg: LidConfig,
              stats: StageStats) -> pa.Table:
    """The batch labelled (`lid_lang`, `lid_score`), without the rows the rule drops (counted in `stats`)."""
    texts = table.column("text").to_pylist()
    docs = list(zip(table.column("source").to_pylist(), table.column("doc_id").to_pylist()))
    langs, scores, reasons = language_rule(lang, texts, identifier, cfg, docs)
    table = table.append_column("lid_lang", pa.array(langs, pa.string()))
    table = table.append_column("lid_score", pa.array(scores, pa.float32()))
    table = table.filter(pa.array(count_drops(reasons, stats)))
    stats.keep(table.num_rows)
    return table.cast(LID)


def language_rule(lang: str, texts: list[str], identifier: LanguageIdentifier, cfg: LidConfig,
                  docs: Sequence[Hashable] | None = None) -> tuple[list[str], np.ndarray, list[str | None]]:
    """The one language rule, for shards and sentence files alike: each text's label, its probability, and why
    it is not kept as `lang` (None if kept; always None when `cfg.filter` is off, label-only). With `docs`
    (each text's document), a confident document keeps its unsure lines (reason KEPT_BY_DOCUMENT)."""
    langs, scores = language_scores(lang, texts, identifier, cfg)
    reasons = lid_drop_reasons(lang, texts, langs, scores, cfg, docs) if cfg.filter else [None] * len(texts)
    return langs, scores, reasons


def language_scores(lang: str, texts: list[str], identifier: LanguageIdentifier,
                    cfg: LidConfig) -> tuple[list[str], np.ndarray]:
    """Each text's top label and its probability; where the label is `lang` but under the threshold and the
    text is written in `lang`'s scripts alone, the probability among the labels that script allows. lid.176
    spreads a short line's mass over languages of other scripts ("ขอบคุณ", thank you: Thai 0.38); a line all
    in Thai or Hangul is Thai or Korean. A line that mixes in another script keeps its raw probability, and so
    does one the script rules its own label out for (Han alone labelled Japanese: `believable`)."""
    langs, scores = identifier.predict(texts)
    threshold, scripts = cfg.threshold_for(lang), expected_scripts(lang)
    unsure = [i for i, (label, score) in enumerate(zip(langs, scores)) if label == lang and score < threshold
              and scripts and script_share(texts[i], scripts) == 1.0 and believable(lang, texts[i])]
    if unsure:
        own = np.minimum(identifier.probability([texts[i] for i in unsure], lang), 1.0)
        scores[unsure] = np.maximum(scores[unsure], own)
    return langs, scores


def count_drops(reasons: list[str | None], stats: StageStats) -> np.ndarray:
    """Count each dropped row under its reason in `stats` (rows a document kept as altered); the mask of rows
    kept."""
    for reason, n in Counter(r for r in reasons if r).items():
        if reason == KEPT_BY_DOCUMENT:
            stats.altered[reason] += n
        else:
            stats.drop(reason, n)
    return np.array([r is None or r == KEPT_BY_DOCUMENT for r in reasons], dtype=bool)


def lid_drop_reasons(lang: str, texts: list[str], langs: list[str], scores: np.ndarray, cfg: LidConfig,
                     docs: Sequence[Hashable] | None = None) -> list[str | None]:
    """Why each sentence is not kept as `lang`: wrong language, low probability, wrong script; None if kept.

    With `docs`, an unsure sentence (low probability, or another language's) of a confident document
    (`confident_documents`) is KEPT_BY_DOCUMENT where the model gives the document's language at least
    `cfg.document_min_score` and its script is right: short lines and headlines are ambiguous, a line
    clearly in another language is not."""
    threshold = cfg.threshold_for(lang)
    scripts = expected_scripts(lang) if cfg.script_check else frozenset()
    reasons = [_reason(lang, text, label, score, threshold, scripts)
               for text, label, score in zip(texts, langs, scores)]
    if docs is None or cfg.document_share is None:
        return reasons
    return _vouched_for(lang, texts, langs, reasons, docs, cfg, scripts)


def _reason(lang: str, text: str, label: str, score: float, threshold: float, scripts: frozenset[str]) -> str | None:
    if not variety_of(label, lang) and believable(label, text):
        return "lid_wrong_language"
    if label != lang or score < threshold:        # a label the script rules out: unsure, not wrong
        return "lid_low_score"
    if scripts and script_share(text, scripts) < MIN_SCRIPT_SHARE:
        return "lid_wrong_script"
    return None


def _vouched_for(lang: str, texts: list[str], langs: list[str], reasons: list[str | None],
                 docs: Sequence[Hashable], cfg: LidConfig, scripts: frozenset[str]) -> list[str | None]:
    """The reasons with each unsure line of a confident document that its language still finds plausible
    (and whose script is right) turned into KEPT_BY_DOCUMENT."""
    confident = confident_documents(texts, reasons, docs, cfg.document_share, cfg.document_max_sentences)
    unsure = {i for i, (reason, doc) in enumerate(zip(reasons, docs)) if reason in _RESCUABLE and doc in confident
              and not (scripts and script_share(texts[i], scripts) < MIN_SCRIPT_SHARE)}
    others = sorted(i for i in unsure if langs[i] != lang and believable(langs[i], texts[i]))
    own = dict(zip(others, LanguageIdentifier(cfg.model).probability([texts[i] for i in others], lang)))
    return [KEPT_BY_DOCUMENT if i in unsure and own.get(i, 1.0) >= cfg.document_min_score else reason
            for i, reason in enumerate(reasons)]


def confident_documents(texts: list[str], reasons: list[str | None], docs: Sequence[Hashable],
                        share: float, max_sentences: int) -> set[Hashable]:
    """Documents of at most `max_sentences` whose sentences kept on their own hold at least `share` of the
    document's characters."""
    kept: Counter = Counter()
    total: Counter = Counter()
    for text, reason, doc in zip(texts, reasons, docs):
        total[doc] += len(text)
        if reason is None:
            kept[doc] += len(text)
    sentences = Counter(docs)
    return {doc for doc, n in total.items() if n and kept[doc] >= share * n and sentences[doc] <= max_sentences}
