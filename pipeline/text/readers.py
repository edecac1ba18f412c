"""Crawl files as documents of paragraphs, streamed; undecodable input counted, not fatal.

Plain text (`.txt`, `.gz`): documents are separated by blank lines, each line a paragraph.
JSON Lines (`.jsonl`, `.jsonl.gz`): one document per line, paragraphs split on newlines.
"""

import glob
import gzip
import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.errors import BitextError
from pipeline.stats import StageStats

log = logging.getLogger(__name__)

_DIR_SUFFIXES = (".txt", ".txt.gz", ".jsonl", ".jsonl.gz", ".gz")
_READ_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error, OSError)


@dataclass(frozen=True)
class Document:
    index: int
    paragraphs: list[str]


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Files, directories (their crawl files, recursively) and globs, each path once, in order."""
    files: list[Path] = []
    for item in inputs:
        if any(ch in item for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(item, recursive=True)) if Path(m).is_file()]
            if not matches:
                raise BitextError(f"{item}: no file matches this pattern")
            files.extend(matches)
        elif Path(item).is_dir():
            found = sorted(p for p in Path(item).rglob("*") if p.is_file()
                           and p.name.endswith(_DIR_SUFFIXES) and not p.name.startswith("."))
            if not found:
                raise BitextError(f"{item}: directory holds no .txt, .gz or .jsonl files")
            files.extend(found)
        elif Path(item).is_file():
            files.append(Path(item))
        else:
            raise BitextError(f"{item}: no such file or directory")
    return list(dict.fromkeys(files))


def is_jsonl(path: Path) -> bool:
    return path.name.endswith((".jsonl", ".jsonl.gz", ".ndjson"))


def _open_bytes(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def iter_lines(path: Path, stats: StageStats) -> Iterator[str]:
    """Decoded lines of a file; undecodable lines and unreadable tails are counted and skipped."""
    try:
        with _open_bytes(path) as fh:
            for raw in fh:
                try:
                    yield raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError:
                    stats.drop("invalid_utf8")
    except _READ_ERRORS as exc:
        log.warning("%s: stopped reading (%s); rows read before it are kept", path, exc)
        stats.drop("unreadable_file")


def read_documents(path: Path, text_field: str, stats: StageStats) -> Iterator[Document]:
    reader = _jsonl_documents if is_jsonl(path) else _text_documents
    return reader(path, text_field, stats)


def _text_documents(path: Path, _text_field: str, stats: StageStats) -> Iterator[Document]:
    paragraphs: list[str] = []
    index = 0
    for line in iter_lines(path, stats):
        if line.strip():
            paragraphs.append(line)
        elif paragraphs:
            yield Document(index, paragraphs)
            paragraphs, index = [], index + 1
    if paragraphs:
        yield Document(index, paragraphs)


def _jsonl_documents(path: Path, text_field: str, stats: StageStats) -> Iterator[Document]:
    for index, line in enumerate(iter_lines(path, stats)):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            stats.drop("invalid_json")
            continue
        text = record.get(text_field) if isinstance(record, dict) else None
        if not isinstance(text, str):
            stats.drop("missing_text_field")
            continue
        yield Document(index, text.split("\n"))
