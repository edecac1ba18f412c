"""What every input format yields: documents of paragraphs, with their provenance as JSON.

Its own module so that the reader of each format and the table of formats both depend on it, and
on nothing of each other.
"""

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    index: int
    paragraphs: list[str]
    meta: str | None = None      # JSON object: URL, record fields; provenance kept with every sentence


def meta_json(fields: dict) -> str | None:
    """Record fields as one sorted JSON object (None when there are none), so equal provenance is equal text."""
    return json.dumps(fields, ensure_ascii=False, default=str, sort_keys=True) if fields else None
