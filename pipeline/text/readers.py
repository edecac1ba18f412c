"""Crawl files as streamed documents of paragraphs, whatever their format (see `formats.FORMATS`).

`expand_inputs` and `iter_lines` are re-exported: other stages name them from here.
"""

from collections.abc import Iterator
from pathlib import Path

from pipeline.stats import StageStats
from pipeline.text.documents import Document
from pipeline.text.formats import FORMATS
from pipeline.text.lines import ReadOptions, Source, iter_lines
from pipeline.text.sources import expand_inputs, input_format

__all__ = ["Document", "ReadOptions", "expand_inputs", "input_format", "iter_lines", "read_documents"]


def read_documents(path: Path, stats: StageStats, options: ReadOptions | None = None) -> Iterator[Document]:
    """The documents of one file, read by its format's reader; damaged input counted in `stats`."""
    path = Path(path)
    return FORMATS[input_format(path)].read(Source(path, stats, options or ReadOptions()))
