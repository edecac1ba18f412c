"""Sentence ends in scripts written with spaces, by the rules translators and WMT-era corpora follow
(after Koehn and Schroeder's Moses splitter): a sentence ends at . ! ? (or the full-width forms Korean
text borrows, the Arabic question mark ؟, the Urdu full stop ۔) or an ellipsis, after any closing quotes
or brackets, where the next word starts with a capital, a caseless letter or a digit (after any opening
quotes or brackets). In English also before a lower-case word, after a plain word of five letters or more
(lower case or capitalised) that is no abbreviation of the list: text whose lines were joined ("...in the
world. share experiences in governing...", a transcript's lines) has sentences that start in lower case, and
such a word is no abbreviation in practice (`LOWER_CASE_STARTS`).

No state is carried from one sentence to the next, so a quoted passage of several sentences is split
like any other, a closing quote stays with the sentence it closes and an opening one with the sentence
it opens, and an unbalanced straight quote changes nothing after it. A period is not an end after an
abbreviation, nor after an acronym ("U.S."), an initial ("F.") or an ordinal where the language writes
them with a period ("14."), unless a word that begins sentences follows ("Artikel 36. Dieses Wort").
"""

import re

import regex

from pipeline.text.abbreviations import CLOCK_SUFFIXES, ERAS, Abbreviations

_CLOSE = "\"'\\p{Pi}\\p{Pf})\\]}"          # German closes with “ (Pi), French with » (Pf), after a space
_OPEN = "\"'\\p{Pi}\\p{Pf}\\p{Ps}¿¡"
_BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = f"[{_BIDI_MARKS}]"          # direction marks web Arabic puts around words: neither a quote nor a word
STOP_MARKS = ".!?‼⁇⁈⁉…。！？｡؟۔"      # the marks a sentence may end with (in a regex class: none is special there)
# After the stop: a dialogue dash ("- Why?"), a footnote star or a bullet ("*Source:", "• Item") may open the next
_END = regex.compile(
    rf"(?P<end>[{STOP_MARKS}]+)(?P<close>(?:[ \u00a0\u202f]?[»›])?[{_CLOSE}]*{_BIDI}*)"
    rf"\s+(?=(?:[-‐–—]\s|[*•]\s?)?[{_OPEN}]*\s?{_BIDI}*[\p{{Lu}}\p{{Lt}}\p{{Lo}}\p{{N}}])")
# A single period before a lower-case word, with no closing quote (a quotation a sentence embeds: '"...düşürdü." dedi')
_LOWER_END = regex.compile(r"\.\s+(?=\p{Ll})")
# A plain word of five letters or more, in lower case or capitalised, nothing glued before it ("well-known",
# "e.g", "l'art"): where no list names it ("approx.", "Calif."), no abbreviation in practice; shorter ones often are
_PLAIN_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}.'’\-])(?:\p{Lu}\p{Ll}{4,}|\p{Ll}{5,})$")
_LONGEST_WORD = 64         # characters looked back for that word (a longer run of letters is no word)
_STOPS = re.compile(f"[{STOP_MARKS}]+")     # stdlib: finds the few candidates 5x faster than `regex`
_LEADING = regex.compile(rf"^[{_OPEN}]+")
_ORDINAL = regex.compile(r"\d{1,3}|[IVXLCDM]{1,7}")
_INITIAL = regex.compile(r"\p{Lu}")
_NEXT = regex.compile(rf"(?P<open>(?:[-‐–—]\s|[*•]\s?)?[{_OPEN}]*)\s?(?P<word>[\p{{L}}\p{{M}}]*)")
_ELISION = regex.compile(r"^\p{L}{1,5}['’](?=\p{L}{2})")     # "l'", "dell'"; not "geht's"
_ACRONYM = regex.compile(r"\.[\p{Lu}\-]+$")      # U.S, e.V, S.A: a dotted capital inside the word
_DOTTED_DATE = regex.compile(r"(?<![\d.])\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.(?=\s|$)")   # "2019. 10. 3." (ko, hu)
# The rest of a quotation closed by a Korean quotative particle ("…”고 말했다", "…\"라고 당부했다") or a Turkish
# verb of saying ("…” dedi"): no other quotation opens before it closes, and it closes within 300 characters.
_QUOTATIVE = regex.compile(r"[^“”\"「」『』\n]{0,300}[”\"」』]\s?(?:(?:라고|이라고|고|며|면서)(?![가-힣])"
                           r"|(?:dedi|diye|şeklinde|ifadesini|sözlerini)\b)")   # Turkish '“A. B” dedi.'
# An Arabic quotation its speaker introduces ("وقال الوزير إن «A. B»", "قائلا: «A. B»"): the opening before, with
# no other guillemet between, and the closing after.
_QUOTE_INTRODUCED = regex.compile(r"(?:\bإن|\bأن|:)\s*«[^«»\n]{0,300}$")
_QUOTE_CLOSES = regex.compile(r"[^«»\n]{0,300}»")
_ZONE_OR_DAY = regex.compile(r"[A-Z]{2,5}\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_YEAR_BEFORE = regex.compile(r"\d\s?$")     # an era follows its year ("753 a.C."), or comes before it ("A.D. 79")
_NUMBER = regex.compile(r"(?:\p{Lu}{0,3}\p{Sc}\s?)?\d")     # "300", and an amount: "$56", "US$56", "€ 20", "A$3.5"


def split_by_rules(text: str, abbrevs: Abbreviations) -> list[str]:
    """Sentences of one paragraph (stripped, in order); linear in its length."""
    out, start = [], 0
    for stop in _STOPS.finditer(text):
        m = _END.match(text, stop.start())
        if m is not None and _ends(text, m, abbrevs):
            out.append(text[start:m.start("close") + len(m["close"])].strip())
            start = m.end()
        elif (m is None and abbrevs.lower_case_starts and (lower := _LOWER_END.match(text, stop.start()))
              and _ends_before_lower(text, lower, abbrevs)):
            out.append(text[start:lower.start() + 1].strip())
            start = lower.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _ends(text: str, m: regex.Match, abbrevs: Abbreviations) -> bool:
    """Whether this . ! ? ends a sentence: always for ! ? and a period after closing quotes; an ellipsis
    unless a number follows ("for... 1.6 million"); a period unless an abbreviation, acronym, ordinal or
    initial comes before it (after the last three, and after an abbreviation that also ends sentences
    ("usw."), a word that begins sentences still means an end)."""
    if abbrevs.embeds_quotations and _embedded_quotation(text, m):
        return False
    if m["end"] != "." or m["close"].rstrip(_BIDI_MARKS):
        dots = "." in m["end"] or "…" in m["end"]
        return not (dots and text[m.end():m.end() + 1].isdigit())
    word = _LEADING.sub("", text[text.rfind(" ", 0, m.start()) + 1:m.start()])
    if not word:
        return True
    if _closes_list(text, m.start(), abbrevs.closes_list):
        return _capital_follows(text, m.end())
    if word.isdigit() and _in_dotted_date(text, m.start()):
        return False
    if _INITIAL.fullmatch(word) or (abbrevs.ordinals and _ORDINAL.fullmatch(word)):
        return _starts_sentence(text, m.end(), abbrevs)
    forms = {word, word.lower()}      # "Dhr." opening a sentence; not "mar." as "Mar."
    elided = _ELISION.sub("", word)      # "l'art. 18", "dell'art.", "l'arch."
    elided_forms = {elided, elided.lower()} - forms
    if forms & abbrevs.always:
        return bool(forms & abbrevs.terminal) and _starts_sentence(text, m.end(), abbrevs)
    if forms & CLOCK_SUFFIXES:
        return not _ZONE_OR_DAY.match(text, m.end())
    if forms & ERAS and _YEAR_BEFORE.search(text, 0, m.start() - len(word)):
        return not text[m.end():m.end() + 1].isdigit()
    if elided_forms & abbrevs.always:    # also a word after its article ("œuvres d'art. La"): as "usw."
        return _starts_sentence(text, m.end(), abbrevs)
    if _ACRONYM.search(word):
        return _starts_sentence(text, m.end(), abbrevs)
    forms |= elided_forms
    return not (forms & abbrevs.before_number and _NUMBER.match(text, m.end()))


def _ends_before_lower(text: str, m: regex.Match, abbrevs: Abbreviations) -> bool:
    """Whether a period before a lower-case word ends a sentence: after a plain word of five letters or more
    that is no abbreviation the language's list knows, outside a quotation its sentence embeds."""
    word = _PLAIN_WORD.search(text, max(0, m.start() - _LONGEST_WORD), m.start())   # not from 0: linear
    if word is None or (abbrevs.embeds_quotations and _embedded_quotation(text, m)):
        return False
    known = (abbrevs.always, abbrevs.before_number, CLOCK_SUFFIXES, ERAS)     # `terminal` is within the first two
    return not (any(word[0] in words for words in known) or _closes_list(text, m.start(), abbrevs.closes_list))


def _embedded_quotation(text: str, m: regex.Match) -> bool:
    """Whether this stop is inside a quotation that is part of the sentence saying it: closed by a Korean
    quotative particle or a Turkish "dedi", or opened after an Arabic "said that" or colon and closed after."""
    if _QUOTATIVE.match(text, m.end()):
        return True
    before = text[max(0, m.start() - 320):m.start()]
    return bool(_QUOTE_CLOSES.match(text, m.end())) and bool(_QUOTE_INTRODUCED.search(before))


def _in_dotted_date(text: str, at: int) -> bool:
    """Whether the period at `at` is inside a date written year, month, day with periods."""
    return any(d.start() <= at < d.end() for d in _DOTTED_DATE.finditer(text, max(0, at - 16), at + 12))


def _closes_list(text: str, at: int, closers: tuple[str, ...]) -> bool:
    """Whether the word before the period at `at` closes a list ("etc", "и т. д"), as a word of its own."""
    return any(text.endswith(c, 0, at) and not text[at - len(c) - 1:at - len(c)].isalnum() for c in closers)


def _capital_follows(text: str, at: int) -> bool:
    """Whether a capitalised word, or an opening quote or dash, follows the period that ends at `at`."""
    following = _NEXT.match(text, at)
    return bool(following["open"]) or following["word"][:1].isupper()


def _starts_sentence(text: str, at: int, abbrevs: Abbreviations) -> bool:
    """After an initial, ordinal, acronym or "usw.": a quote or dash opening, or a word that begins sentences
    (not an initial itself: "J. A. Costa")."""
    following = _NEXT.match(text, at)
    if following["open"]:
        return True
    word = following["word"]
    return word in abbrevs.starters and not (len(word) == 1 and text[following.end():following.end() + 1] == ".")
