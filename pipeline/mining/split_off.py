"""Whether sentences beside a pair were split off its sentence by the translator, by where they stand.

A sentence beside a pair's sentence is part of the same translation (two sentences written for one) only where
it ends like a sentence (not a headline, not a line cut mid-sentence) and nothing on the other side could be its
own translation: beside the pair's other sentence, at the same place, stands nothing, or a sentence another
alignment holds that is further from it than the pair's own.
"""

import numpy as np

from pipeline.mining.continued import SENTENCE_END
from pipeline.mining.spans import MergeSide, row_vectors, rowwise_dot


def were_split_off(spans: np.ndarray, own: np.ndarray, mate: np.ndarray, side: MergeSide, other: MergeSide,
                   held: np.ndarray) -> np.ndarray:
    """Whether every sentence each span adds to its `own` sentence ends like one and faces, beside the `mate`
    on the other side, nothing or a `held` sentence further from it than the mate. Each added sentence is
    checked against the mate's immediate neighbour on its side (the second of two added on one side too),
    and a sentence dropped between two is no neighbour: the adjacency's own reading."""
    ok = np.ones(len(spans), bool)
    own_at = np.argmax(spans == own[:, None], axis=1)
    mate_vectors = row_vectors(other, mate)
    for j in range(spans.shape[1]):
        x = spans[:, j]
        added = np.flatnonzero((x >= 0) & (own_at != j))
        if not len(added):
            continue
        rows = x[added]
        unique, at = np.unique(rows, return_inverse=True)
        ends = np.array([bool(SENTENCE_END.search(side.texts[r])) for r in unique.tolist()], bool)[at.ravel()]
        step = np.where(j < own_at[added], other.adjacency.prev[mate[added]], other.adjacency.next[mate[added]])
        facing = step >= 0
        xv = row_vectors(side, rows)
        closer = np.zeros(len(added), bool)
        closer[facing] = (rowwise_dot(xv[facing], row_vectors(other, step[facing]))
                          >= rowwise_dot(xv[facing], mate_vectors[added[facing]]))
        ok[added] &= ends & ~(facing & (~held[np.maximum(step, 0)] | closer))
    return ok
