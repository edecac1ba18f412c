"""Writing systems: the script a language is written in, and how much of a text is in it.

Expected scripts come from CLDR likely-subtags (langcodes); character scripts from Unicode properties
(the `regex` module), so no hand-made code-point tables.
"""

from functools import lru_cache

import langcodes
import regex

# Languages commonly written in more than one script; CLDR names only the most likely one.
_ALSO_WRITTEN_IN = {"sr": {"Latn"}, "bs": {"Cyrl"}, "uz": {"Cyrl"}, "az": {"Cyrl"}, "kk": {"Latn"},
                    "ku": {"Arab"}, "pa": {"Arab"}, "sd": {"Deva"}, "mn": {"Mong"}, "ha": {"Arab"},
                    "ms": {"Arab"}, "tk": {"Cyrl"}, "ky": {"Latn"}, "tt": {"Latn"}, "ug": {"Cyrl"}}
# ISO 15924 codes that stand for several Unicode scripts.
_COMBINED = {"Jpan": ("Han", "Hiragana", "Katakana"), "Kore": ("Hangul", "Han"), "Hans": ("Han",),
             "Hant": ("Han",), "Hanb": ("Han", "Bopomofo")}
# Scripts written without spaces between words: word counts mean nothing there.
UNSPACED = {"Jpan", "Hans", "Hant", "Hani", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"}
_NOT_LETTER = regex.compile(r"\P{L}+")


@lru_cache(maxsize=512)
def expected_scripts(lang: str) -> frozenset[str]:
    """ISO 15924 codes a language is written in (`ru` -> Cyrl); empty when CLDR does not know."""
    try:
        script = langcodes.Language.get(lang).maximize().script
    except (ValueError, LookupError):
        return frozenset()
    return frozenset({script, *_ALSO_WRITTEN_IN.get(lang, ())}) if script else frozenset()


@lru_cache(maxsize=512)
def _not_script_letters(scripts: frozenset[str]) -> regex.Pattern:
    names = sorted({name for code in scripts for name in _COMBINED.get(code, (code,))})
    return regex.compile("[^" + "".join(rf"\p{{Script={name}}}" for name in names) + "]+")


def script_share(text: str, scripts: frozenset[str]) -> float:
    """Share of the text's letters written in one of `scripts` (1.0 for a text without letters)."""
    if "Latn" in scripts and text.isascii():
        return 1.0
    letters = len(_NOT_LETTER.sub("", text))
    if not letters:
        return 1.0
    in_script = _not_script_letters(scripts).sub("", text)
    return len(_NOT_LETTER.sub("", in_script)) / letters
