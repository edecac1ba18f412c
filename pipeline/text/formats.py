"""The input formats: one row each, naming the file suffixes it claims and the reader that turns a file into
documents. Finding a file's format, listing a directory's crawl files and reading all go through this table,
so a new format is one reader module and one row here.

Readers import their heavy third-party libraries (warcio, resiliparse) inside the functions that use them,
so this table costs nothing to import.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.text.documents import Document
from pipeline.text.jsonl_docs import jsonl_documents
from pipeline.text.lines import Source
from pipeline.text.parquet_docs import parquet_documents
from pipeline.text.plain_docs import text_documents
from pipeline.text.warc import warc_documents


@dataclass(frozen=True)
class InputFormat:
    name: str
    suffixes: tuple[str, ...]                        # lower case, before any compression suffix
    read: Callable[[Source], Iterator[Document]]


FORMATS: dict[str, InputFormat] = {f.name: f for f in [
    InputFormat("text", (".txt",), text_documents),
    InputFormat("jsonl", (".jsonl", ".ndjson", ".json"), jsonl_documents),
    InputFormat("warc", (".warc", ".wet", ".arc"), warc_documents),
    InputFormat("parquet", (".parquet",), parquet_documents),
]}
DEFAULT_FORMAT = "text"                              # a name no row claims is read as plain text
COMPRESSION = (".gz", ".xz", ".zst")                 # set aside before the format suffix is looked up


def claimed_suffixes() -> tuple[str, ...]:
    """Every suffix some row claims, plus the compressions: what a directory's crawl files are named."""
    return tuple(suffix for f in FORMATS.values() for suffix in f.suffixes) + COMPRESSION


def format_of_suffix(suffix: str) -> InputFormat:
    """The row claiming `suffix` (lower case), or plain text."""
    return next((f for f in FORMATS.values() if suffix in f.suffixes), FORMATS[DEFAULT_FORMAT])
