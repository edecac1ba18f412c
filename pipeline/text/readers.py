"""Crawl files as streamed documents of paragraphs, whatever their format.

Plain text (`.txt`, any compression): documents are separated by blank lines, each line a paragraph.
JSON Lines (`.jsonl`, `.ndjson`): one document per line, its text in a configurable field, paragraphs split
on newlines; the other fields are kept as the document's metadata. WARC/WET and Parquet: see their modules.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.stats import StageStats
from pipeline.text.lines import ReadOptions, Source, iter_lines, source_lines  # noqa: F401  (iter_lines: used by other stages)
from pipeline.text.sources import expand_inputs, input_format  # noqa: F401


@dataclass(frozen=True)
class Document:
    index: int
    paragraphs: list[str]
    meta: str | None = None      # JSON object: URL, record fields; provenance kept with every sentence


def read_documents(path: Path, stats: StageStats, options: ReadOptions | None = None) -> Iterator[Document]:
    from pipeline.text.parquet_docs import parquet_documents
    from pipeline.text.warc import warc_documents

    readers = {"text": _text_documents, "jsonl": _jsonl_documents, "warc": warc_documents,
               "parquet": parquet_documents}
    return readers[input_format(Path(path))](Source(Path(path), stats, options or ReadOptions()))


def meta_json(fields: dict) -> str | None:
    return json.dumps(fields, ensure_ascii=False, default=str, sort_keys=True) if fields else None


def _text_documents(src: Source) -> Iterator[Document]:
    paragraphs: list[str] = []
    index = 0
    for line in source_lines(src):
        if line.strip():
            paragraphs.append(line)
        elif paragraphs:
            yield Document(index, paragraphs)
            paragraphs, index = [], index + 1
    if paragraphs:
        yield Document(index, paragraphs)


def _jsonl_documents(src: Source) -> Iterator[Document]:
    field = src.options.text_field
    for index, line in enumerate(source_lines(src, keep_cut=False)):   # a cut line cannot parse
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            src.fault("invalid_json", f"record {index + 1} is not valid JSON ({exc.msg})")
            continue
        text = record.get(field) if isinstance(record, dict) else None
        if not isinstance(text, str):
            src.fault("missing_text_field", f"record {index + 1} has no string field {field!r}")
            continue
        yield Document(index, text.split("\n"), meta_json({k: v for k, v in record.items() if k != field}))
