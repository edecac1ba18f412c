"""One-off mining of two sentence-per-line files, without shards or a work directory."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.config import LidConfig, MineConfig
from pipeline.embed import embed_texts
from pipeline.encoders.base import Encoder
from pipeline.errors import BitextError
from pipeline.lid import LanguageIdentifier
from pipeline.mining.pairs import Side, candidates_table, mine_sides, mine_stats, pairs_table
from pipeline.schemas import CANDIDATES, PAIRS, write_table
from pipeline.stats import StageStats
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.readers import iter_lines

log = logging.getLogger(__name__)


@dataclass
class MineFilesReport:
    pairs_path: Path
    pairs: int
    mine_cfg: MineConfig
    inputs: list[StageStats] = field(default_factory=list)
    mine: StageStats | None = None


def read_sentence_file(path: Path, lang: str, lid: LidConfig | None = None) -> tuple[list[str], StageStats]:
    """Each line one sentence: normalised; empty, duplicate and undecodable lines counted and skipped."""
    path = Path(path)
    if not path.is_file():
        raise BitextError(f"{path}: no such file")
    stats = StageStats("read", lang, str(path))
    texts, seen = [], set()
    for line in iter_lines(path, stats):
        text = normalize_text(line)
        if not text:
            stats.drop("empty")
        elif (h := text_hash(text)) in seen:
            stats.drop("duplicate")
        else:
            seen.add(h)
            texts.append(text)
    if lid is not None and texts:
        texts = _keep_language(texts, lang, lid, stats)
    stats.rows_out = len(texts)
    stats.rows_in = stats.rows_out + sum(stats.drops.values())
    if not texts:
        raise BitextError(f"{path}: empty input (no sentences left; {dict(stats.drops) or 'file is empty'})")
    return texts, stats


def _keep_language(texts: list[str], lang: str, cfg: LidConfig, stats: StageStats) -> list[str]:
    langs, scores = LanguageIdentifier(cfg.model).predict(texts)
    kept = []
    for text, got, score in zip(texts, langs, scores):
        if got != lang:
            stats.drop("lid_wrong_language")
        elif score < cfg.threshold:
            stats.drop("lid_low_score")
        else:
            kept.append(text)
    return kept


def embed_side(lang: str, texts: list[str], encoder: Encoder, batch_size: int) -> Side:
    ids = np.fromiter((text_hash(t) for t in texts), dtype=np.uint64, count=len(texts))
    return Side(lang, ids, texts, embed_texts(texts, encoder, batch_size, desc=f"embed {lang}"))


def mine_files(src: tuple[str, Path], tgt: tuple[str, Path], out: Path, encoder: Encoder,
               cfg: MineConfig, lid: LidConfig | None = None, batch_size: int = 256,
               candidates_out: Path | None = None) -> MineFilesReport:
    """Mine `(lang, path)` source and target files into a pairs Parquet at `out`."""
    read = [read_sentence_file(path, lang, lid) for lang, path in (src, tgt)]
    sides = [embed_side(lang, texts, encoder, batch_size) for (lang, _), (texts, _) in zip((src, tgt), read)]
    cfg = cfg.with_defaults_of(encoder.name)
    result = mine_sides(*sides, cfg)
    if candidates_out is not None:
        write_table(candidates_table(result, *sides), candidates_out, CANDIDATES)
    write_table(pairs_table(result.pairs, *sides, result.quality), out, PAIRS)
    return MineFilesReport(Path(out), len(result.pairs), cfg, [s for _, s in read],
                           mine_stats(result, *sides, cfg))
