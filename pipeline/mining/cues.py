"""Surface cues that translations share: numbers, URLs, end punctuation.

One definition each, read by the learned scorer's features and by the pair filters alike, so
the two never disagree on whether a pair's numbers match.
"""

import re
from collections import Counter

from pipeline.mining.numbers import mentions, numbers_agree

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_QUESTION, _EXCLAIM = set("?？؟;"), set("!！")
_CLOSERS = set("\"'»”’)」』")


def same_numbers(a: str, b: str, lang_a: str | None = None, lang_b: str | None = None) -> bool | None:
    """Whether two texts state the same numbers, however each spells them (pipeline/mining/numbers.py);
    None when neither states one in digits. A text's language, where known, picks its number words."""
    digits_a, digits_b = mentions(a, lang_a, words=False), mentions(b, lang_b, words=False)
    if not any(m.firm for m in digits_a + digits_b):
        return None
    return numbers_agree(digits_a, digits_b) or numbers_agree(mentions(a, lang_a), mentions(b, lang_b))


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
