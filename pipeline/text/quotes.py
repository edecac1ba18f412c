"""Quotation marks across sentences: whether adjacent sentences are one quotation the splitter cut.

A quotation of several sentences is split at its inner sentence ends (`"A. B," she said.` gives `"A.` and
`B," she said.`), as translators who keep the speaker after it split it too. A language that keeps it in
the sentence that says it (`قال إن «A. B»`) has one sentence against two, and the first English part alone
often finds no pair: the merge step joins it back (`merge.py`).
"""

import re
from collections.abc import Iterator

OPENERS = frozenset("„«「『‹")           # open wherever they stand
CLOSERS = frozenset("”»」』›")
STRAIGHT = frozenset('"＂')               # read by what precedes them
_BEFORE_OPENING = frozenset("([{:：—–-/")
_MARKS = OPENERS | CLOSERS | STRAIGHT | {"“"}
_INNER_END = re.compile(r"[.!?。！？؟](?=\s*\w)")       # a sentence end with more of the quotation after it


def _opening(text: str, i: int, stack: list[str]) -> bool | None:
    """Whether the mark at `i` opens a quotation, closes one, or is no quotation mark (None): single marks
    double as apostrophes and are left out; “ opens, except after „ (German closes with it); a straight mark
    after a digit is an inch (5'11", a 12" pizza), after a space or the start it opens, else it closes."""
    ch = text[i]
    if ch in OPENERS or ch in CLOSERS:
        return ch in OPENERS
    if ch == "“":
        return not (stack and stack[-1] == "„")
    if ch in STRAIGHT:
        before = text[i - 1] if i else " "
        return None if before.isdigit() else before.isspace() or before in _BEFORE_OPENING or before in OPENERS
    return None


def _marks(text: str, stack: list[str]) -> Iterator[tuple[int, bool, bool]]:
    """`text`'s quotation marks read onto `stack` (the quotations open before it), as (position, opens, closes
    one that is open)."""
    for i, ch in enumerate(text):
        opening = _opening(text, i, stack) if ch in _MARKS else None
        if opening is None:
            continue
        if opening:
            stack.append(ch)
        elif stack:
            stack.pop()
            yield i, False, True
            continue
        yield i, opening, False


def _walk(text: str, stack: list[str]) -> tuple[int, int, int]:
    """Reads `text`'s marks onto `stack`: (marks, least depth reached, closing marks with nothing open)."""
    marks, least, unopened = 0, len(stack), 0
    for _, opening, matched in _marks(text, stack):
        marks += 1
        if matched:
            least = min(least, len(stack))
        elif not opening:
            unopened += 1
    return marks, least, unopened


def opens(text: str) -> bool:
    """A sentence that opens a quotation it does not close (the first part of a cut one)."""
    stack: list[str] = []
    _, _, unopened = _walk(text, stack)
    return bool(stack) and not unopened


def holds_quotation(text: str) -> bool:
    """A sentence that holds a whole quotation of two sentences or more (the side that did not cut it): a
    quotation of one sentence is no cut quotation's translation (a translator who closed it early)."""
    stack: list[str] = []
    start = 0
    for i, opening, matched in _marks(text, stack):
        if opening and len(stack) == 1:
            start = i + 1
        elif matched and not stack and _INNER_END.search(text, start, i):
            return True
    return False


def one_quotation(texts: list[str]) -> bool:
    """Adjacent sentences that are one quotation cut at its inner sentence ends: the first opens it, those
    between keep it open, the last closes it and leaves nothing open."""
    if len(texts) < 2 or not opens(texts[0]):
        return False
    stack: list[str] = []
    _walk(texts[0], stack)
    level = len(stack)
    for text in texts[1:-1]:
        _, least, unopened = _walk(text, stack)
        if least < level or unopened:
            return False
    _, least, unopened = _walk(texts[-1], stack)
    return least < level and not stack and not unopened
