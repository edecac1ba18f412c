"""One-off mining of two sentence-per-line files, without shards or a work directory.

Vectors come from an encoder, or precomputed from `.npy` files whose row i is line i of
the text file (any encoder's output, float16 or float32).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.config import LidConfig, MineConfig
from pipeline.embed import embed_texts
from pipeline.encoders.base import Encoder
from pipeline.errors import BitextError
from pipeline.lid import LanguageIdentifier, count_drops, language_rule
from pipeline.mining.pairs import Side, mine_sides, write_mining
from pipeline.mining.vectors import Vectors
from pipeline.paths import input_file
from pipeline.stats import StageStats
from pipeline.text.lines import decode_line
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.streams import STREAM_ERRORS, open_bytes


@dataclass
class MineFilesReport:
    pairs_path: Path
    pairs: int
    mine_cfg: MineConfig
    inputs: list[StageStats] = field(default_factory=list)
    mine: StageStats | None = None


@dataclass(frozen=True)
class SentenceFile:
    texts: list[str]
    lines: np.ndarray      # line number (from 0) of each text in the file
    n_lines: int           # every line, kept or not: row count a precomputed embedding file must have
    stats: StageStats


def read_sentence_file(path: Path, lang: str, lid: LidConfig | None = None) -> SentenceFile:
    """Each line one sentence: normalised; empty, duplicate and undecodable lines counted and skipped.

    With `lid`, the sentences the language rule of the lid stage drops (`lid.language_rule`) are dropped too,
    so `bitext mine --lid` keeps what `bitext run` would. Every line is kept or dropped under one reason.
    """
    path = input_file(path)
    stats = StageStats("read", lang, str(path))
    texts, lines, seen, n_lines = [], [], set(), 0
    for n_lines, line in enumerate(_numbered_lines(path, stats), start=1):
        text = normalize_text(line) if line is not None else None
        if text is None:
            continue
        if not text:
            stats.drop("empty")
        elif (h := text_hash(text)) in seen:
            stats.drop("duplicate")
        else:
            seen.add(h)
            texts.append(text)
            lines.append(n_lines - 1)
    lines = np.asarray(lines, dtype=np.int64)
    if lid is not None and texts:
        keep = _right_language(texts, lang, lid, stats)
        texts, lines = [t for t, k in zip(texts, keep) if k], lines[keep]
    stats.keep(len(texts))
    stats.expect_rows_in(n_lines)
    if not texts:
        raise BitextError(f"{path}: empty input (no sentences left; {dict(stats.drops) or 'file is empty'})")
    return SentenceFile(texts, lines, n_lines, stats)


def _numbered_lines(path: Path, stats: StageStats) -> Iterator[str | None]:
    """Every line of the file in order (plain, gz, xz or zst); None for an undecodable line (counted),
    so numbering holds for precomputed embeddings."""
    try:
        with open_bytes(path) as fh:
            for raw in fh:
                text = decode_line(raw.rstrip(b"\r\n"))
                if text is None:
                    stats.drop("invalid_utf8")
                yield text
    except STREAM_ERRORS as exc:
        raise BitextError(f"{path}: damaged or unreadable ({type(exc).__name__}: {exc})") from None


def _right_language(texts: list[str], lang: str, cfg: LidConfig, stats: StageStats) -> np.ndarray:
    """Mask of the texts the lid stage's rule keeps as `lang`; the others counted under its reasons."""
    _, _, reasons = language_rule(lang, texts, LanguageIdentifier(cfg.model), cfg)
    return count_drops(reasons, stats)


def precomputed_vectors(emb_path: Path, sentences: SentenceFile, text_path: Path) -> Vectors:
    """The rows of a precomputed embedding file for the kept lines; row count checked first."""
    vectors = Vectors.from_files([Path(emb_path)], str(emb_path))
    if len(vectors) != sentences.n_lines:
        raise BitextError(f"{emb_path}: {len(vectors)} vectors but {text_path} has {sentences.n_lines} lines "
                          "(row i must embed line i)")
    return vectors.subset(sentences.lines)


def mine_files(src: tuple[str, Path], tgt: tuple[str, Path], out: Path, encoder: Encoder | None,
               cfg: MineConfig, lid: LidConfig | None = None, batch_size: int = 256,
               candidates_out: Path | None = None, embeddings: tuple[Path, Path] | None = None,
               index_dir: Path | None = None) -> MineFilesReport:
    """Mine `(lang, path)` source and target files into a pairs Parquet at `out`.

    With `embeddings` (source and target `.npy`), those vectors are used and no encoder is needed.
    """
    read = [read_sentence_file(path, lang, lid) for lang, path in (src, tgt)]
    if embeddings is not None:
        vectors = [precomputed_vectors(emb, sf, path) for emb, sf, (_, path) in zip(embeddings, read, (src, tgt))]
    else:
        vectors = [Vectors.from_array(embed_texts(sf.texts, encoder, batch_size, desc=f"embed {lang}"),
                                      f"{lang} embeddings") for (lang, _), sf in zip((src, tgt), read)]
    sides = [Side(lang, np.fromiter((text_hash(t) for t in sf.texts), dtype=np.uint64, count=len(sf.texts)),
                  sf.texts, v) for (lang, _), sf, v in zip((src, tgt), read, vectors)]
    cfg = cfg.settled(encoder.name if encoder is not None else None)
    result = mine_sides(*sides, cfg, index_dir)
    stats = write_mining(result, *sides, cfg, out, candidates_out)
    return MineFilesReport(Path(out), len(result.pairs), cfg, [sf.stats for sf in read], stats)
