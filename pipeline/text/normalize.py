"""One normal form for text, so equal sentences hash equal."""

import unicodedata

import xxhash


def normalize_text(text: str) -> str:
    """Unicode NFC and single spaces: what a crawl's many spellings of one line share."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_hash(text: str) -> int:
    """Stable 64-bit id of a normalised text (sentence ids, duplicate detection)."""
    return xxhash.xxh3_64_intdigest(text.encode("utf-8"))
