"""Exact quantiles and medians of values that come in parts, never all in memory at once.

A radix selection: each float64 maps to an unsigned key in the same order, and four passes over
the parts each fix 16 more bits of the wanted ranks' keys from a histogram of the keys that share
the bits fixed so far. Memory is a part and a 65,536-bin histogram per distinct prefix, whatever
the number of parts; the values equal numpy's (`np.quantile`'s linear interpolation, `np.median`)
on all parts concatenated, so a plan of tasks computes the one-process path's statistics exactly.
"""

from collections.abc import Callable, Iterable, Sequence

import numpy as np

Parts = Callable[[], Iterable[np.ndarray]]   # a fresh pass over the parts each call

_SIGN = np.uint64(1 << 63)
_DIGIT = 16
_BINS = 1 << _DIGIT


def quantile(parts: Parts, q: float) -> float | None:
    """`np.quantile(all values, q)` (linear interpolation); None without values."""
    def ranks(n: int) -> list[int]:
        low = int(np.floor((n - 1) * np.float64(q)))
        return [low, min(low + 1, n - 1)]

    n, (a, b) = order_statistics(parts, ranks)
    if n == 0:
        return None
    h = (n - 1) * np.float64(q)
    return _lerp(a, b, h - np.floor(h))


def median(parts: Parts) -> float | None:
    """`np.median(all values)`; None without values."""
    n, (a, b) = order_statistics(parts, lambda n: [(n - 1) // 2, n // 2])
    if n == 0:
        return None
    return a if n % 2 else float((np.float64(a) + np.float64(b)) / 2)


def order_statistics(parts: Parts, ranks: Callable[[int], Sequence[int]]) -> tuple[int, list[float]]:
    """The number of values and the values at `ranks(n)` (0-based, ascending order); [nan, ...] without values."""
    prefix: list[int] | None = None
    remaining: list[int] = []
    n = 0
    for shift in range(64 - _DIGIT, -1, -_DIGIT):
        wanted = {0} if prefix is None else set(prefix)
        hist = {p: np.zeros(_BINS, np.int64) for p in wanted}
        for part in parts():
            keys = _keys(part)
            if prefix is None:
                n += len(keys)
                hist[0] += _digits(keys, shift)
                continue
            high = keys >> np.uint64(shift + _DIGIT)
            for p in wanted:
                hist[p] += _digits(keys[high == np.uint64(p)], shift)
        if prefix is None:
            if n == 0:
                return 0, [float("nan")] * len(ranks(1))
            remaining = list(ranks(n))
            prefix = [0] * len(remaining)
        for i, p in enumerate(prefix):
            below = np.cumsum(hist[p])
            digit = int(np.searchsorted(below, remaining[i], side="right"))
            remaining[i] -= int(below[digit - 1]) if digit else 0
            prefix[i] = (p << _DIGIT) | digit
    return n, [_value(key) for key in prefix]


def _digits(keys: np.ndarray, shift: int) -> np.ndarray:
    return np.bincount(((keys >> np.uint64(shift)) & np.uint64(_BINS - 1)).astype(np.intp), minlength=_BINS)


def _keys(values: np.ndarray) -> np.ndarray:
    """Unsigned keys in the order of the float64 values (negatives flipped, positives above them)."""
    bits = np.ascontiguousarray(values, np.float64).view(np.uint64)
    return np.where((bits & _SIGN) > 0, ~bits, bits | _SIGN)


def _value(key: int) -> float:
    bits = np.uint64(key ^ (1 << 63) if key >> 63 else ~key & ((1 << 64) - 1))
    return float(np.array([bits], np.uint64).view(np.float64)[0])


def _lerp(a: float, b: float, t: float) -> float:
    """numpy's interpolation between neighbouring order statistics (the same rounding as `np.quantile`)."""
    a, b, t = np.float64(a), np.float64(b), np.float64(t)
    diff = b - a
    return float(b - diff * (1 - t) if t >= 0.5 else a + diff * t)
