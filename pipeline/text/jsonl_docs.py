"""JSON Lines inputs: one document per line, its text in a configurable field, paragraphs split on newlines.

The other fields are kept as the document's metadata.
"""

import json
from collections.abc import Iterator

from pipeline.text.documents import Document, meta_json
from pipeline.text.lines import Source, source_lines


def jsonl_documents(src: Source) -> Iterator[Document]:
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
