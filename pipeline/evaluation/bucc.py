"""BUCC-style mining tasks from line-aligned parallel data, and F1 at every threshold.

A task keeps a share of the translation pairs, leaves some sentences on each side without
their translation, and adds distractor sentences to the target side, so that a miner has
to find the hidden gold pairs among sentences that have none.
"""

import re
from dataclasses import dataclass

import numpy as np

_NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class BuccTask:
    name: str
    src: list[str]
    tgt: list[str]
    gold: frozenset[tuple[int, int]]    # (row in src, row in tgt)


def _key(text: str) -> str:
    """Case- and punctuation-blind form, so a distractor cannot be a disguised copy of a translation."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def build_task(name: str, src_lines: list[str], tgt_lines: list[str], distractors: list[str],
               keep: float = 0.6, n_distractors: int = 4000, seed: int = 0) -> BuccTask:
    """Keep `keep` of the pairs; split the rest into source-only and target-only sentences.

    Distractors equal (ignoring case and punctuation) to any target line of this data are
    left out, since mining them would be right, not wrong.
    """
    if len(src_lines) != len(tgt_lines):
        raise ValueError(f"{name}: {len(src_lines)} source lines but {len(tgt_lines)} target lines")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(src_lines))
    n_keep = round(keep * len(order))
    kept, rest = order[:n_keep], order[n_keep:]
    src_only, tgt_only = rest[: len(rest) // 2], rest[len(rest) // 2:]

    taken = {_key(t) for t in tgt_lines}
    pool = [d for d in dict.fromkeys(distractors) if _key(d) not in taken]
    extra = [pool[i] for i in rng.permutation(len(pool))[:n_distractors]]

    src = [src_lines[i] for i in np.concatenate([kept, src_only])]
    tgt_rows = [tgt_lines[i] for i in np.concatenate([kept, tgt_only])] + extra
    # Shuffle the target side so gold pairs are not recognisable by position.
    perm = rng.permutation(len(tgt_rows))
    tgt = [tgt_rows[i] for i in perm]
    where = np.empty(len(perm), dtype=np.int64)
    where[perm] = np.arange(len(perm))
    gold = frozenset((i, int(where[i])) for i in range(len(kept)))
    return BuccTask(name, src, tgt, gold)


@dataclass(frozen=True)
class Curve:
    """Precision, recall and F1 of the top-n pairs for every n (pairs sorted by score, best first)."""

    thresholds: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray

    def at(self, threshold: float) -> tuple[float, float, float]:
        """(precision, recall, F1) when keeping pairs with score >= threshold."""
        n = int(np.searchsorted(-self.thresholds, -threshold, side="right"))
        if n == 0:
            return 0.0, 0.0, 0.0
        return float(self.precision[n - 1]), float(self.recall[n - 1]), float(self.f1[n - 1])

    def best(self) -> tuple[float, float]:
        """(best F1, the threshold that gives it)."""
        i = int(np.argmax(self.f1))
        return float(self.f1[i]), float(self.thresholds[i])


def curve(src: np.ndarray, tgt: np.ndarray, scores: np.ndarray, gold: frozenset[tuple[int, int]]) -> Curve:
    order = np.argsort(-scores, kind="stable")
    hits = np.fromiter(((int(src[i]), int(tgt[i])) in gold for i in order), dtype=bool, count=len(order))
    correct = np.cumsum(hits)
    n = np.arange(1, len(order) + 1)
    precision = correct / n
    recall = correct / max(len(gold), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(correct > 0, 2 * precision * recall / (precision + recall), 0.0)
    return Curve(scores[order], precision, recall, f1)
