"""The file contracts between stages: one declared Arrow schema per boundary, checked on read."""

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.errors import BitextError
from pipeline.paths import input_file

SENTENCES = pa.schema([
    pa.field("sent_id", pa.uint64(), nullable=False),   # hash of the normalised text
    pa.field("text", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),     # input file the sentence came from
    pa.field("doc_id", pa.int64(), nullable=False),      # document index within that file
    pa.field("position", pa.int32(), nullable=False),    # sentence index within the document
    pa.field("doc_meta", pa.string(), nullable=True),    # JSON: the document's URL and other input fields
])

LID = pa.schema(list(SENTENCES) + [
    pa.field("lid_lang", pa.string(), nullable=False),
    pa.field("lid_score", pa.float32(), nullable=False),
])

# Every k-NN candidate of either direction, each (src_id, tgt_id) once, best margin first, whose
# margin is at or above the floor (mine.candidate_floor; by default the margin's neutral point,
# or the threshold where that is lower; every candidate under learned scoring): scores only, no decision.
CANDIDATES = pa.schema([
    pa.field("src_id", pa.uint64(), nullable=False),
    pa.field("tgt_id", pa.uint64(), nullable=False),
    pa.field("score", pa.float32(), nullable=False),     # margin
    pa.field("cosine", pa.float32(), nullable=False),
    pa.field("quality", pa.float32(), nullable=True),    # learned probability of a translation; null: margin run
])

PAIRS = pa.schema([
    pa.field("src_lang", pa.string(), nullable=False),
    pa.field("tgt_lang", pa.string(), nullable=False),
    pa.field("src_id", pa.uint64(), nullable=False),
    pa.field("tgt_id", pa.uint64(), nullable=False),
    pa.field("src_text", pa.string(), nullable=False),
    pa.field("tgt_text", pa.string(), nullable=False),
    pa.field("score", pa.float32(), nullable=False),     # margin
    pa.field("cosine", pa.float32(), nullable=False),
    pa.field("quality", pa.float32(), nullable=True),    # learned probability of a translation; null: margin run
    # A side that joins adjacent sentences (pipeline/mining/merge.py), or whose guessed sentence end was moved
    # (recut.py) or placed (resplit.py): the ids of the sentences it holds words of, in document order; then
    # src_id / tgt_id is the id of its text. Null: the side is the one sentence its id names.
    pa.field("src_members", pa.list_(pa.uint64()), nullable=True),
    pa.field("tgt_members", pa.list_(pa.uint64()), nullable=True),
    # provenance of each side, joined from the sentence shards (null where mined from plain files)
    *[pa.field(f"{side}_{name}", kind, nullable=True) for side in ("src", "tgt") for name, kind in (
        ("source", pa.string()),          # crawl file the sentence came from
        ("doc_id", pa.int64()),           # document index within that file
        ("url", pa.string()),             # the document's URL, where the crawl had one (doc_meta's "url")
        ("lid_score", pa.float32()))],    # language-ID confidence of that side
])

PROVENANCE = tuple(f"{side}_{name}" for side in ("src", "tgt") for name in ("source", "doc_id", "url", "lid_score"))


def with_values(table: pa.Table, columns: dict) -> pa.Table:
    """The table with these columns' values replaced (lists or arrays, one per row), their types kept."""
    for name, values in columns.items():
        at = table.column_names.index(name)
        table = table.set_column(at, table.field(at), pa.array(values, table.field(at).type))
    return table


def read_table(path: Path | str, schema: pa.Schema) -> pa.Table:
    """Read a stage file and check it carries the declared columns with the declared types."""
    path = _existing(path)
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise BitextError(f"{path}: not a readable Parquet file ({exc})") from None
    return _checked(with_optional_columns(table, schema), schema, path)


def read_column(path: Path | str, schema: pa.Schema, column: str) -> pa.ChunkedArray:
    """One column of a stage file whose whole schema is checked (from the footer; no other column is read)."""
    path = _existing(path)
    try:
        parquet = pq.ParquetFile(path)
        _check_schema(parquet, schema, path)
        return parquet.read(columns=[column], use_threads=False).column(column)
    except (pa.ArrowException, OSError) as exc:
        raise BitextError(f"{path}: not a readable Parquet file ({exc})") from None


def _check_schema(parquet: pq.ParquetFile, schema: pa.Schema, path: Path) -> None:
    _checked(with_optional_columns(parquet.schema_arrow.empty_table(), schema), schema, path)


def iter_batches(path: Path | str, schema: pa.Schema, rows: int, columns: list[str] | None = None
                 ) -> Iterator[pa.Table]:
    """A stage file as checked tables of at most `rows` rows (of `columns` only, if given), for stages whose
    memory must not grow with a shard. Decoded on this thread: Arrow's decoding threads each keep memory of
    their own (20 MB more at a 37k-row shard)."""
    path = _existing(path)
    wanted = pa.schema([schema.field(name) for name in columns]) if columns else schema
    try:
        parquet = pq.ParquetFile(path)
        _check_schema(parquet, schema, path)
        present = [name for name in wanted.names if name in parquet.schema_arrow.names]
        for batch in parquet.iter_batches(batch_size=rows, columns=present, use_threads=False):
            yield _checked(with_optional_columns(pa.Table.from_batches([batch]), wanted), wanted, path)
    except (pa.ArrowException, OSError) as exc:
        raise BitextError(f"{path}: not a readable Parquet file ({exc})") from None


def _existing(path: Path | str) -> Path:
    return input_file(path)


def _checked(table: pa.Table, schema: pa.Schema, path: Path) -> pa.Table:
    for field in schema:
        if field.name not in table.column_names:
            raise BitextError(f"{path}: missing column {field.name!r}")
        actual = table.schema.field(field.name).type
        if actual != field.type:
            raise BitextError(f"{path}: column {field.name!r} is {actual}, expected {field.type}")
    return table.select(schema.names).cast(schema)


def write_table(table: pa.Table, path: Path | str, schema: pa.Schema) -> Path:
    """Write a stage file atomically, in exactly the declared schema."""
    path = Path(path)
    with atomic_path(path) as tmp:
        pq.write_table(with_optional_columns(table, schema).select(schema.names).cast(schema), tmp)
    return path


def with_optional_columns(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """The table with the schema's nullable columns it lacks added as nulls (files from before they existed)."""
    for field in schema:
        if field.nullable and field.name not in table.column_names:
            table = table.append_column(field, pa.nulls(table.num_rows, field.type))
    return table
