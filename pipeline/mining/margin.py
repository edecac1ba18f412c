"""Margin scoring (Artetxe & Schwenk 2019): cosine relative to each side's neighbourhood.

For a candidate (x, y) with cosine c, let m_x be the mean cosine of x to its k nearest
targets and m_y the mean cosine of y to its k nearest sources. Then
    ratio    = c / ((m_x + m_y) / 2)
    distance = c - (m_x + m_y) / 2
    absolute = c
Ratio above 1 means the pair is closer than either side is to its neighbourhood on average.

`MARGINS` is the one list of margins: config validation and CLI choices are read from it.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Margin:
    score: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (cosine, mean neighbourhood cosine) -> margin
    neutral: float   # margin of a pair exactly as close as its neighbourhoods: the default candidate floor
    help: str        # one line, for the CLI and config docs


def _ratio(cosine: np.ndarray, avg: np.ndarray) -> np.ndarray:
    return cosine / avg


def _distance(cosine: np.ndarray, avg: np.ndarray) -> np.ndarray:
    return cosine - avg


def _absolute(cosine: np.ndarray, avg: np.ndarray) -> np.ndarray:
    return np.asarray(cosine, dtype=np.float32).copy()


MARGINS: dict[str, Margin] = {
    "ratio": Margin(_ratio, 1.0, "cosine / mean cosine of both neighbourhoods (LASER's default)"),
    "distance": Margin(_distance, 0.0, "cosine - mean cosine of both neighbourhoods"),
    "absolute": Margin(_absolute, -1.0, "the cosine alone, neighbourhoods ignored"),
}


def neighbourhood_of(score: np.ndarray, cosine: np.ndarray, kind: str = "ratio") -> np.ndarray:
    """The mean neighbourhood cosine a margin `score` of `cosine` was computed with; NaN where the score does
    not tell (a ratio of zero or less, the absolute margin)."""
    score, cosine = np.asarray(score, dtype=np.float64), np.asarray(cosine, dtype=np.float64)
    if kind == "ratio":
        return np.divide(cosine, score, out=np.full_like(cosine, np.nan), where=score > 0)
    if kind == "distance":
        return cosine - score
    return np.full_like(cosine, np.nan)


def margin_near(score: np.ndarray, cosine: np.ndarray, new_cosine: np.ndarray, kind: str = "ratio") -> np.ndarray:
    """The margin `new_cosine` gets in the neighbourhood where `cosine` got the margin `score`: for a text that
    stands in for the pair's own (the sentence a fragment belongs to, a moved cut), whose own neighbourhood,
    searched for a different text, would not compare. NaN where the score does not tell the neighbourhood."""
    if kind == "absolute":
        return np.asarray(new_cosine, dtype=np.float64).copy()
    mean = neighbourhood_of(score, cosine, kind)
    return margin(np.asarray(new_cosine, dtype=np.float64), mean, mean, kind)


def margin(cosine: np.ndarray, src_mean: np.ndarray, tgt_mean: np.ndarray, kind: str = "ratio") -> np.ndarray:
    """Margin score of candidates given their cosine and both sides' neighbourhood means."""
    if kind not in MARGINS:
        raise ValueError(f"unknown margin {kind!r}; choose from {', '.join(MARGINS)}")
    return MARGINS[kind].score(cosine, (src_mean + tgt_mean) / 2)
