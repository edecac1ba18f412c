"""Thai sentences with PyThaiNLP's CRF sentence segmenter (crfcut), which weighs the words around each
space: Thai writes no full stop and puts spaces between phrases as well as between sentences.

The model ships inside the pythainlp wheel, so it works offline; it loads on first use.
"""

from functools import cache


@cache
def _crfcut():
    from pythainlp.tokenize import crfcut  # heavy (the CRF model): only when Thai is split
    return crfcut.segment


def split_thai(text: str) -> list[str]:
    """Sentences of one Thai paragraph (stripped, in order)."""
    return [s for s in (part.strip() for part in _crfcut()(text)) if s]
