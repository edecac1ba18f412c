"""Monolingual noise rules for sentences: each rule has a name, and a dropped sentence is counted under it.

Rules run cheapest first and the first that fires names the drop. Ratios are over the characters that
are not spaces, so they mean the same for short and long sentences.
"""

import regex

from pipeline.config import ShardConfig
from pipeline.text.scripts import UNSPACED, expected_scripts

_URL_OR_EMAIL = regex.compile(r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", regex.IGNORECASE)
_LETTER = regex.compile(r"[\p{L}\p{M}]")
_DIGIT_PUNCT = regex.compile(r"[\p{N}\p{P}]")
_SYMBOL = regex.compile(r"[\p{S}\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]")
_SPACE = regex.compile(r"\s")


class SentenceFilter:
    """The noise rules of one language, configured by its ShardConfig thresholds."""

    def __init__(self, lang: str, cfg: ShardConfig):
        self.cfg = cfg
        self.count_words = not (expected_scripts(lang) & UNSPACED)
        run = cfg.max_char_run    # digits excluded: 1000000 is a number, not noise
        self._repeat = regex.compile(rf"([^\s\p{{N}}])\1{{{run},}}") if run else None

    def problem(self, text: str) -> str | None:
        """The name of the first rule `text` breaks, or None for a clean sentence."""
        cfg = self.cfg
        if len(text) < cfg.min_chars:
            return "too_short"
        if len(text) > cfg.max_chars:
            return "too_long"
        if not _LETTER.search(_URL_OR_EMAIL.sub("", text)):
            return "url_or_email_only" if _URL_OR_EMAIL.search(text) else "no_letters"
        if self.count_words:
            words = len(text.split())
            if words < cfg.min_words:
                return "too_few_words"
            if words > cfg.max_words:
                return "too_many_words"
        if self._repeat is not None and self._repeat.search(text):
            return "repeated_chars"
        chars = len(text) - len(_SPACE.findall(text))
        if len(_SYMBOL.findall(text)) > cfg.max_symbol_ratio * chars:
            return "mostly_symbols"
        if len(_DIGIT_PUNCT.findall(text)) > cfg.max_digit_punct_ratio * chars:
            return "digits_punctuation"
        if len(_LETTER.findall(text)) < cfg.min_alpha_ratio * chars:
            return "low_alpha"
        return None
