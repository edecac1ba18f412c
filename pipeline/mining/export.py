"""Pairs Parquet to the formats MT trainers read: Moses, TSV (Marian), TMX, JSON Lines, Parquet.

Every output is written to a temporary sibling and renamed into place, so an interrupted
export never leaves a file that looks complete. Rows keep the pairs file's order (best first).
"""

import json
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.errors import BitextError
from pipeline.schemas import PAIRS, read_table

FORMATS = ("moses", "tsv", "tmx", "jsonl", "parquet")


def export_pairs(pairs_path: Path, fmt: str, out: Path) -> list[Path]:
    """Write `pairs_path` as `fmt` at `out` (Moses: `out.SRC` and `out.TGT`); returns the files written."""
    if fmt not in FORMATS:
        raise BitextError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    table = read_table(pairs_path, PAIRS)
    langs = _languages(table, pairs_path)
    return _WRITERS[fmt](table, langs, Path(out))


def _languages(table: pa.Table, path: Path) -> tuple[str, str]:
    """The one language pair of the file: exports name sides by language."""
    pairs = set(zip(table.column("src_lang").to_pylist(), table.column("tgt_lang").to_pylist()))
    if len(pairs) > 1:
        raise BitextError(f"{path}: holds several language pairs {sorted(pairs)}; export one pair at a time")
    if not pairs:
        raise BitextError(f"{path}: no pairs to export")
    return pairs.pop()


def _one_line(text: str) -> str:
    """Line-based formats hold one sentence per line: tabs and line breaks become spaces."""
    return " ".join(text.replace("\t", " ").splitlines())


def _write_lines(out: Path, lines) -> Path:
    with atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")
    return out


def _moses(table: pa.Table, langs: tuple[str, str], out: Path) -> list[Path]:
    return [_write_lines(out.with_name(f"{out.name}.{lang}"), map(_one_line, table.column(col).to_pylist()))
            for lang, col in zip(langs, ("src_text", "tgt_text"))]


def _tsv(table: pa.Table, langs: tuple[str, str], out: Path) -> list[Path]:
    rows = zip(table.column("src_text").to_pylist(), table.column("tgt_text").to_pylist())
    return [_write_lines(out, (f"{_one_line(s)}\t{_one_line(t)}" for s, t in rows))]


def _jsonl(table: pa.Table, langs: tuple[str, str], out: Path) -> list[Path]:
    """Hugging Face translation layout: {"translation": {"de": ..., "en": ...}} plus the scores."""
    src, tgt = langs
    rows = zip(*(table.column(c).to_pylist() for c in ("src_text", "tgt_text", "score", "cosine", "quality")))
    return [_write_lines(out, (json.dumps({"translation": {src: s, tgt: t}, "score": sc, "cosine": co,
                                           "quality": q}, ensure_ascii=False)
                               for s, t, sc, co, q in rows))]


def _tmx(table: pa.Table, langs: tuple[str, str], out: Path) -> list[Path]:
    src, tgt = langs
    head = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">',
            f'<header creationtool="bitext" creationtoolversion="1" segtype="sentence" adminlang="en" '
            f'srclang={quoteattr(src)} datatype="plaintext" o-tmf="parquet"/>', "<body>"]
    rows = zip(table.column("src_text").to_pylist(), table.column("tgt_text").to_pylist())
    units = (f'<tu><tuv xml:lang={quoteattr(src)}><seg>{_xml_text(s)}</seg></tuv>'
             f'<tuv xml:lang={quoteattr(tgt)}><seg>{_xml_text(t)}</seg></tuv></tu>' for s, t in rows)
    return [_write_lines(out, [*head, *units, "</body>", "</tmx>"])]


def _xml_text(text: str) -> str:
    """Escaped, with characters XML 1.0 forbids (control characters) removed."""
    return escape("".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20))


def _parquet(table: pa.Table, langs: tuple[str, str], out: Path) -> list[Path]:
    """The pairs columns with plain types and a `translation` struct, as `datasets` expects."""
    src, tgt = langs
    translation = pa.StructArray.from_arrays([table.column("src_text").combine_chunks(),
                                              table.column("tgt_text").combine_chunks()], names=[src, tgt])
    plain = pa.table({"translation": translation, **{name: table.column(name) for name in PAIRS.names}})
    with atomic_path(out) as tmp:
        pq.write_table(plain, tmp)
    return [out]


_WRITERS: dict[str, Callable[[pa.Table, tuple[str, str], Path], list[Path]]] = {
    "moses": _moses, "tsv": _tsv, "tmx": _tmx, "jsonl": _jsonl, "parquet": _parquet}
