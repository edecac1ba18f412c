"""Plain text inputs (any compression): documents separated by blank lines, each line a paragraph."""

from collections.abc import Iterator

from pipeline.text.documents import Document
from pipeline.text.lines import Source, source_lines


def text_documents(src: Source) -> Iterator[Document]:
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
