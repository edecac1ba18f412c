"""One normal form for text, so equal sentences hash equal."""

import re
import unicodedata

import xxhash

_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Unicode NFC and single spaces: what a crawl's many spellings of one line share."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_hash(text: str) -> int:
    """Stable 64-bit id of a normalised text (sentence ids, duplicate detection)."""
    return xxhash.xxh3_64_intdigest(text.encode("utf-8"))
