"""Monolingual noise rules for sentences: each rule has a name, and a dropped sentence is counted under it.

Rules run cheapest first and the first that fires names the drop. Ratios are over the characters that
are not spaces, so they mean the same for short and long sentences; a letter of a dense script (Chinese,
Japanese, Korean) counts as the characters of English it stands for, in lengths and in ratios alike.
"""

import re

import regex

from pipeline.config import ShardConfig
from pipeline.text.scripts import UNSPACED, density, expected_scripts

_URL_OR_EMAIL = regex.compile(r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", regex.IGNORECASE)
_LETTER = regex.compile(r"[\p{L}\p{M}]")
# Counting by deleting the other characters: several times faster than findall on the `regex` module.
_NOT_LETTER = regex.compile(r"[^\p{L}\p{M}]+")
_NOT_DIGIT_PUNCT = regex.compile(r"[^\p{N}\p{P}]+")
# A number counts as three characters at most: "2,777,931 votes" is one figure of a sentence, not a third of
# it; a line of many figures ("Tel. 030/1234567, Fax 030/7654321") is still mostly figures.
_LONG_NUMBER = regex.compile(r"\p{N}+(?:[.,/:'’]\p{N}+)*")
_NOT_SYMBOL = regex.compile(r"[^\p{S}\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]+")
_ASCII_NOT_LETTER = bytes(c for c in range(256) if c >= 128 or not chr(c).isalpha())


def count_letters(text: str) -> int:
    """Letters and their combining marks; ASCII text (most English) by bytes.translate, ten times faster."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_NOT_LETTER))
    return len(_NOT_LETTER.sub("", text))


class SentenceFilter:
    """The noise rules of one language, with its ShardConfig thresholds; texts come normalised (single spaces)."""

    def __init__(self, lang: str, cfg: ShardConfig):
        self.cfg = cfg
        self.count_words = not (expected_scripts(lang) & UNSPACED)
        # "谢谢。" says what "Thank you." says: lengths and shares are of content, in characters of English.
        self._density = density(lang)
        self._min_chars = cfg.min_chars / self._density
        run = cfg.max_char_run
        # Digit runs aside: 1000000 is a number, not noise. Stdlib re: faster than `regex` here.
        self._repeat = re.compile(rf"([^\s\d])\1{{{run},}}") if run else None
        # Letters above this share leave too little room for either symbols or digits and punctuation.
        self._surely_clean = max(1.0 - min(cfg.max_symbol_ratio, cfg.max_digit_punct_ratio), cfg.min_alpha_ratio)

    def problem(self, text: str) -> str | None:
        """The name of the first rule `text` breaks, or None for a clean sentence."""
        cfg = self.cfg
        if len(text) < self._min_chars:
            return "too_short"
        if len(text) > cfg.max_chars:
            return "too_long"
        if ("://" in text or "www." in text or "@" in text) and not _LETTER.search(_URL_OR_EMAIL.sub("", text)):
            return "url_or_email_only"
        if self.count_words:
            words = text.count(" ") + 1
            if words < cfg.min_words:
                return "too_few_words"
            if words > cfg.max_words:
                return "too_many_words"
        letters = count_letters(text)
        if not letters:
            return "no_letters"
        chars = len(text) - text.count(" ") + (self._density - 1) * letters
        letters *= self._density
        if self._repeat is not None and self._repeat.search(text):
            return "repeated_chars"
        if letters >= self._surely_clean * chars:
            return None
        if len(_NOT_SYMBOL.sub("", text)) > cfg.max_symbol_ratio * chars:
            return "mostly_symbols"
        capped = _LONG_NUMBER.sub(lambda m: m.group(0)[:3], text)
        if len(_NOT_DIGIT_PUNCT.sub("", capped)) > cfg.max_digit_punct_ratio * (chars - len(text) + len(capped)):
            return "digits_punctuation"
        if letters < cfg.min_alpha_ratio * chars:
            return "low_alpha"
        return None
