"""Sentence splitting, per language, the way translators segment: one splitter per writing system.

- Languages we have abbreviations for (Moses' lists for 24 European languages, ours for Polish, Turkish
  and the others in `abbreviations`), Korean and the Arabic script (ar, fa, ur): `rule_split`, which splits
  quoted passages, keeps quotes with their sentence, never ends a sentence before a lower-case word, and
  knows ordinals ("14. minucie").
- Chinese and Japanese: `cjk_split` (。！？ and the quotes after them).
- Thai: PyThaiNLP's CRF segmenter (`thai_split`); it writes no full stop.
- Every other language: sentencex (Wikimedia; abbreviations for ~300 languages; it already ends sentences
  at the Indic danda and the Burmese section mark), plus a break after the Khmer khan and bariyoosan and
  the Tibetan shad, which it leaves whole.

See benchmarks/split_compare.py for the candidates side by side.
"""

import re
from collections.abc import Callable
from functools import cache

from sentencex import segment

from pipeline.text.abbreviations import abbreviations, has_list
from pipeline.text.cjk_split import split_cjk
from pipeline.text.rule_split import split_by_rules
from pipeline.text.thai_split import end_allowed as thai_end_allowed
from pipeline.text.thai_split import possible_ends as thai_possible_ends
from pipeline.text.thai_split import split_thai

_CJK = frozenset({"zh", "ja", "yue", "wuu", "lzh"})
# Korean, and the Arabic script (with its question mark ؟ and the Urdu full stop ۔): their translators split
# quoted passages as English ones do, which sentencex does not.
_RULES_WITHOUT_ABBREVIATIONS = frozenset({"ko", "ar", "fa", "ur"})
# Abbreviations the rules would cut after: a one-letter Arabic-script word ("د." doctor, "أ." professor; Arabic writes
# no one-letter words apart), but not the era letters after a year, which end sentences ("عام 1950 م.", "عام 300
# ق.م." BC; an Arabic sentence often opens with "و", and). A vowel mark is part of its word: "مترًا." (metres),
# "أيضًا." (also) end with an alef after the tanween, no one-letter word.
_ABBREVIATION_END = {
    **dict.fromkeys(("ar", "fa", "ur"),
                    re.compile(r"(?<![\w\u0640\u064b-\u065f\u0670])(?:(?<!\d\s)(?<!\d\sق\.)(?<!\dق\.)[\u0645\u0647]|[\u0620-\u063f\u0641-\u0644\u0646\u0648-\u064a])\u0640?\.[\u200e\u200f\u061c]*$")),
}
_EXTRA_BREAKS = {
    "km": re.compile(r"(?<=[។៕])\s*"),
    "bo": re.compile(r"(?<=།)\s+"),
    "dz": re.compile(r"(?<=།)\s+"),
}


@cache
def splitter_name(lang: str) -> str:
    """Which splitter a language gets (README, benchmarks)."""
    if lang == "th":
        return "pythainlp"
    if lang in _CJK:
        return "cjk"
    if has_list(lang) or lang in _RULES_WITHOUT_ABBREVIATIONS:
        return "rules"
    return "sentencex"


def guesses_boundaries(lang: str) -> bool:
    """Whether this language's sentence ends are a model's guesses, not its punctuation (Thai writes no full stop)."""
    return splitter_name(lang) == "pythainlp"


def possible_ends(lang: str, sentence: str) -> list[tuple[int, int]]:
    """(character offset, words before it) of each place in one of the splitter's sentences where the language
    allows a sentence end, the sentence's own end last; none where ends are punctuation, which the splitter
    does not miss."""
    return thai_possible_ends(sentence) if guesses_boundaries(lang) else []


def end_allowed(lang: str, before: str, after: str) -> bool:
    """Whether the language allows a sentence end at the space between two phrases; where ends are
    punctuation, anywhere (the splitter placed them)."""
    return thai_end_allowed(before, after) if guesses_boundaries(lang) else True


def split_sentences(lang: str, paragraph: str) -> list[str]:
    """Sentences of one paragraph, stripped, empties removed."""
    sentences = _SPLITTERS[splitter_name(lang)](lang, paragraph)
    abbreviation = _ABBREVIATION_END.get(lang)
    return sentences if abbreviation is None else _join_after(paragraph, sentences, abbreviation)


def _join_after(paragraph: str, sentences: list[str], abbreviation: re.Pattern) -> list[str]:
    """Sentences joined after an abbreviation, with the paragraph's own text between them ("ق.م." stays so)."""
    texts: list[str] = []
    starts: list[int] = []          # where each kept sentence starts in the paragraph; -1: not found verbatim
    pos = 0
    for sentence in sentences:
        start = paragraph.find(sentence, pos)
        pos = start + len(sentence) if start >= 0 else pos
        if texts and abbreviation.search(texts[-1]):
            joined = start >= 0 and starts[-1] >= 0
            texts[-1] = paragraph[starts[-1]:pos] if joined else texts[-1] + " " + sentence
        else:
            texts.append(sentence)
            starts.append(start)
    return texts


def _sentencex(lang: str, paragraph: str) -> list[str]:
    sentences = (s.strip() for s in segment(lang, paragraph))
    extra = _EXTRA_BREAKS.get(lang)
    if extra is not None:
        sentences = (part.strip() for s in sentences for part in extra.split(s))
    return [s for s in sentences if s]


_SPLITTERS: dict[str, Callable[[str, str], list[str]]] = {
    "pythainlp": lambda lang, text: split_thai(text),
    "cjk": lambda lang, text: split_cjk(text, lang),
    "rules": lambda lang, text: split_by_rules(text, abbreviations(lang)),
    "sentencex": _sentencex,
}
