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
# Scripts whose sentences follow each other with no space ("是。不是。"); Thai, Lao, Khmer, Burmese and Tibetan
# text, unspaced within a phrase, puts a space between sentences.
UNSPACED_SENTENCES = {"Jpan", "Hans", "Hant", "Hani"}


def _script_class(codes: set[str] | frozenset[str]) -> str:
    names = sorted({name for code in codes for name in _COMBINED.get(code, (code,))})
    return "".join(rf"\p{{Script={name}}}" for name in names)


# A unit of text: one character of a script written without spaces, or a word of other letters (and their marks).
_UNSPACED_CLASS = _script_class(UNSPACED)
_UNITS = regex.compile(rf"[{_UNSPACED_CLASS}]|[^\P{{L}}{_UNSPACED_CLASS}](?:[^\P{{L}}{_UNSPACED_CLASS}]|\p{{M}})*")


@lru_cache(maxsize=512)
def expected_scripts(lang: str) -> frozenset[str]:
    """ISO 15924 codes a language is written in (`ru` -> Cyrl); empty when CLDR does not know."""
    try:
        script = langcodes.Language.get(lang).maximize().script
    except (ValueError, LookupError):
        return frozenset()
    return frozenset({script, *_ALSO_WRITTEN_IN.get(lang, ())}) if script else frozenset()


# Characters of English a character of the script stands for, from newstest medians (a Chinese line has 38
# characters where its English has 140; Japanese 55 against 121); 1 for scripts not listed.
_DENSITY = {"Hans": 3.5, "Hant": 3.5, "Hani": 3.5, "Jpan": 2.2, "Kore": 2.0}


@lru_cache(maxsize=512)
def density(lang: str) -> float:
    """How many characters of English one character of the language's script stands for: lengths in
    characters compare across languages only after scaling by it."""
    return max((_DENSITY.get(script, 1.0) for script in expected_scripts(lang)), default=1.0)


@lru_cache(maxsize=512)
def _in_scripts(scripts: frozenset[str]) -> regex.Pattern:
    return regex.compile(f"[{_script_class(scripts)}]")


def script_share(text: str, scripts: frozenset[str]) -> float:
    """Share of the text's words (characters, in scripts written without spaces) that are in one of `scripts`.

    Counting words, not letters, keeps a Latin name in a Chinese sentence (我叫Jack。) from outweighing
    the Chinese, while Russian transliterated into Latin (privet kak dela) still has no Cyrillic at all.
    """
    if "Latn" in scripts and text.isascii():
        return 1.0
    units = _UNITS.findall(text)
    if not units:
        return 1.0
    in_scripts = _in_scripts(scripts)
    return sum(1 for unit in units if in_scripts.match(unit)) / len(units)
