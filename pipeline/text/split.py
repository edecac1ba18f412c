"""Sentence splitting with sentencex (Wikimedia): rules for ~250 languages with fallbacks."""

from sentencex import segment


def split_sentences(lang: str, paragraph: str) -> list[str]:
    """Sentences of one paragraph, stripped, empties removed."""
    return [s.strip() for s in segment(lang, paragraph) if s.strip()]
