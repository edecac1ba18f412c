"""Sentence splitting with sentencex (Wikimedia), plus breaks for writing systems it has no rules for.

sentencex already ends sentences at Chinese and Japanese full stops (。！？) and at the Indic danda (। ॥),
so those need nothing more. It leaves Thai and Lao (sentences separated by a space, no full stop),
Khmer (khan ។ and bariyoosan ៕) and Tibetan/Dzongkha (shad །) paragraphs whole; those get a break here.
"""

import re

from sentencex import segment

_EXTRA_BREAKS = {
    "th": re.compile(r"\s+"),
    "lo": re.compile(r"\s+"),
    "km": re.compile(r"(?<=[។៕])\s*"),
    "bo": re.compile(r"(?<=།)\s+"),
    "dz": re.compile(r"(?<=།)\s+"),
}


def split_sentences(lang: str, paragraph: str) -> list[str]:
    """Sentences of one paragraph, stripped, empties removed."""
    sentences = (s.strip() for s in segment(lang, paragraph))
    extra = _EXTRA_BREAKS.get(lang)
    if extra is not None:
        sentences = (part.strip() for s in sentences for part in extra.split(s))
    return [s for s in sentences if s]
