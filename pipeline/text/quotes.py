"""Quotation marks across sentences: whether adjacent sentences are one quotation the splitter cut.

A quotation of several sentences is split at its inner sentence ends (`"A. B," she said.` gives `"A.` and
`B," she said.`), as translators who keep the speaker after it split it too. A language that puts the speaker
first keeps it whole (`قال إن «A. B»`), so the English parts are two sentences against one, and the first part
alone often finds no pair: the merge step joins it back (`merge.py`).
"""

# double quotation marks of the languages we split; single ones double as apostrophes
QUOTES = frozenset('"“”„«»「」『』‹›')


def marks(text: str) -> int:
    return sum(ch in QUOTES for ch in text)


def opens(text: str) -> bool:
    """A sentence that opens a quotation and does not close it."""
    text = text.lstrip()
    return text[:1] in QUOTES and marks(text) == 1


def closes(text: str) -> bool:
    """A sentence that closes a quotation opened before it (an odd number of marks, none first)."""
    text = text.lstrip()
    return text[:1] not in QUOTES and marks(text) % 2 == 1


def one_quotation(texts: list[str]) -> bool:
    """Adjacent sentences that are one quotation cut at its inner sentence ends: the first opens it, the last
    closes it, those between hold no quotation mark."""
    return len(texts) > 1 and opens(texts[0]) and closes(texts[-1]) and not any(marks(t) for t in texts[1:-1])
