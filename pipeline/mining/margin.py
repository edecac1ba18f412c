"""Margin scoring (Artetxe & Schwenk 2019): cosine relative to each side's neighbourhood.

For a candidate (x, y) with cosine c, let m_x be the mean cosine of x to its k nearest
targets and m_y the mean cosine of y to its k nearest sources. Then
    ratio    = c / ((m_x + m_y) / 2)
    distance = c - (m_x + m_y) / 2
    absolute = c
Ratio above 1 means the pair is closer than either side is to its neighbourhood on average.
"""

import numpy as np

MARGINS = ("ratio", "distance", "absolute")


def margin(cosine: np.ndarray, src_mean: np.ndarray, tgt_mean: np.ndarray, kind: str = "ratio") -> np.ndarray:
    """Margin score of candidates given their cosine and both sides' neighbourhood means."""
    avg = (src_mean + tgt_mean) / 2
    if kind == "ratio":
        return cosine / avg
    if kind == "distance":
        return cosine - avg
    if kind == "absolute":
        return np.asarray(cosine, dtype=np.float32).copy()
    raise ValueError(f"unknown margin {kind!r}; choose from {', '.join(MARGINS)}")
