"""Parquet inputs: one document per row, its text in a configurable column, the other columns kept as metadata.

Read a record batch at a time, so memory is bounded by the file's row-group size, not the file's size.
"""

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.text.documents import Document, meta_json
from pipeline.text.lines import Source

_BATCH_ROWS = 1024


def parquet_documents(src: Source) -> Iterator[Document]:
    column = src.options.text_field
    index = 0
    try:
        parquet = pq.ParquetFile(src.path)
        if column not in parquet.schema_arrow.names:
            src.fault("missing_text_field", f"no column {column!r}; file skipped", whole_file=True)
            return
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
            texts = batch.column(column).to_pylist()
            others = batch.drop_columns([column]).to_pylist() if batch.num_columns > 1 else [{}] * len(texts)
            for text, fields in zip(texts, others):
                if isinstance(text, str):
                    yield Document(index, _bounded(text, src, index).split("\n"), meta_json(fields))
                else:
                    src.fault("missing_text_field", f"row {index} has no text in column {column!r}")
                index += 1
    except (pa.ArrowException, OSError) as exc:
        src.fault("unreadable_file", f"not a readable Parquet file ({exc}); rows before it are kept",
                  whole_file=True)


def _bounded(text: str, src: Source, index: int) -> str:
    """The document cut at `max_line_bytes`, like a WARC record, so one huge cell is never split and filtered whole."""
    limit = src.options.max_line_bytes
    if len(text) <= limit // 4 or len(raw := text.encode("utf-8")) <= limit:
        return text
    src.fault("line_truncated", f"row {index} is longer than {limit} bytes; kept its start")
    return raw[:limit].decode("utf-8", errors="ignore")
