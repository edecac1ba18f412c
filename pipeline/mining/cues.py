"""Surface cues that translations share: numbers, URLs, end punctuation.

One definition each, read by the learned scorer's features and by the pair filters alike, so
the two never disagree on whether a pair's numbers match.
"""

import re
import unicodedata
from collections import Counter

# a digit group with its thousands / decimal separators: "1,000", "1.000", "1 000" all read 1000
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_QUESTION, _EXCLAIM = set("?？؟;"), set("!！")
_CLOSERS = set("\"'»”’)」』")


def numbers(text: str) -> tuple[str, ...]:
    """The numbers of a text as digit strings, separators dropped, in sorted order.

    NFKC first, so full-width digits and separators read as ASCII ones. Separators differ
    between languages (250.000 / 250,000), so they are not compared, only the digits.
    """
    return tuple(sorted(re.sub(r"\D", "", m) for m in _NUMBER.findall(unicodedata.normalize("NFKC", text))))


def urls(text: str) -> Counter:
    """The URLs of a text, lower-cased, without the punctuation a sentence puts after them."""
    return Counter(u.rstrip(".,;:!?)").lower() for u in _URL.findall(text))


def end_punct(text: str) -> int:
    """0 statement, 1 question, 2 exclamation: what the last mark (before closing quotes) says."""
    text = text.rstrip()
    while len(text) > 1 and text[-1] in _CLOSERS:
        text = text[:-1].rstrip()
    if not text:
        return 0
    return 1 if text[-1] in _QUESTION else 2 if text[-1] in _EXCLAIM else 0
