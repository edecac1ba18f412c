"""Gap alignment: the sentences left between two kept alignments of one document pair, aligned to each other.

The miner keeps a pair only where its two sentences stand out among all of the other side's, and a sentence
a translator wrote as two or three stands out against neither half: its pair is missed. But where two kept
alignments follow each other in one source document and in one target document, the unpaired sentences
between them on each side are most likely each other's translations, in order; document aligners (Vecalign,
bitextor's) align within a known document pair for this reason. Here the kept alignments are the anchors
that say which documents pair up, and where.

A gap lies between two anchors that follow each other on both sides, or before the first or after the
last of a chain of two or more (a document pair two anchors vouch for); it is aligned where it holds 1 to
`gap_max_sentences` unpaired sentences on each side. Its candidates are every run of adjacent sentences of
one side (as many as a merge may join) against one sentence of the other, scored as merges are: the run's
margin, each span with its own neighbourhood. A candidate counts when its margin and its cosine pass the
run's margin rule less `gap_slack` (the anchors vouch for the place); a dynamic programme takes the
monotone set of counting candidates with the highest summed margin above that threshold, and the rest of
the gap stays unpaired.

With each line of an article left out of one side at a chance of 0.15 (`doc_bench.py --omit 0.15`: a gap
then holds sentences with no translation), the precision of newstest zh, ja, de and es stays within 0.003
of what it is without this step.
"""

from collections import Counter
from dataclasses import dataclass

import numpy as np

from pipeline.mining.adjacent import Adjacency
from pipeline.mining.span_scores import Options


@dataclass(frozen=True)
class Gap:
    """The unpaired rows of a gap on each side, in document order, and the anchor beside it (the one before it,
    or after it for the stretch before a chain): its document pair."""

    anchor: int
    src: list[int]
    tgt: list[int]


def places(spans: np.ndarray, adjacency: Adjacency) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document, first position, last position) of each span (rows in document order, padded -1)."""
    first = spans[:, 0]
    last = spans[np.arange(len(spans)), (spans >= 0).sum(axis=1) - 1]
    return adjacency.doc[first], adjacency.position[first], adjacency.position[last]


def gaps(src_spans: np.ndarray, tgt_spans: np.ndarray, src: Adjacency, tgt: Adjacency, held: tuple,
         most: int) -> list[Gap]:
    """The gaps between anchors (alignments as spans of rows) that follow each other in one source and one
    target document, with no anchor of another chain between them on either side, and the stretches before
    and after each chain up to the nearest anchor of another chain; with 1..`most` rows on each side that no
    alignment holds (`held`: a mask per side). A row two stretches reach (after one chain, before the next
    in the same document) is in neither."""
    if src.doc is None or tgt.doc is None or len(src_spans) < 2:
        return []
    (sd, s0, s1), (td, t0, t1) = places(src_spans, src), places(tgt_spans, tgt)
    order = np.lexsort((s0, td, sd))                 # consecutive within each document pair
    a, b = order[:-1], order[1:]
    link = (sd[a] == sd[b]) & (td[a] == td[b]) & (s1[a] < s0[b]) & (t1[a] < t0[b])
    a, b = a[link], b[link]
    chained = np.zeros(len(sd), bool)                # a lone anchor vouches for no document pair: no bound
    chained[a], chained[b] = True, True
    (s_prev, s_next), (t_prev, t_next) = _neighbours(sd, s0, chained), _neighbours(td, t0, chained)
    keep = (s_next[a] == b) & (t_next[a] == b)        # no other pair's chain between them on either side
    a, b = a[keep], b[keep]
    in_a, in_b = np.zeros(len(sd), bool), np.zeros(len(sd), bool)
    in_a[a], in_b[b] = True, True
    head, tail = a[~in_b[a]], b[~in_a[b]]                        # the first and the last anchor of each chain
    anchor = np.r_[a, head, tail]
    src_lo = np.r_[s1[a], _end_of(s_prev[head], s1, -1), s1[tail]]
    src_hi = np.r_[s0[b], s0[head], _end_of(s_next[tail], s0, _END)]
    tgt_lo = np.r_[t1[a], _end_of(t_prev[head], t1, -1), t1[tail]]
    tgt_hi = np.r_[t0[b], t0[head], _end_of(t_next[tail], t0, _END)]
    sides = (_Between(src, ~held[0]), _Between(tgt, ~held[1]))
    src_at, tgt_at = sides[0].bounds(sd[anchor], src_lo, src_hi), sides[1].bounds(td[anchor], tgt_lo, tgt_hi)
    counts = [side.free_between(*at) for side, at in zip(sides, (src_at, tgt_at))]
    ok = np.flatnonzero((counts[0] > 0) & (counts[0] <= most) & (counts[1] > 0) & (counts[1] <= most))
    found = [Gap(int(anchor[i]), sides[0].rows(src_at[0][i], src_at[1][i]), sides[1].rows(tgt_at[0][i], tgt_at[1][i]))
             for i in ok.tolist()]
    return _once(found)


_END = np.iinfo(np.int64).max


def _neighbours(doc: np.ndarray, first: np.ndarray, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each anchor `among` those counted, the counted anchor before and the one after it in its document on
    this side (-1: none)."""
    counted = np.flatnonzero(among)
    order = counted[np.lexsort((first[counted], doc[counted]))]
    same = doc[order[1:]] == doc[order[:-1]]
    prev, nxt = np.full(len(doc), -1), np.full(len(doc), -1)
    nxt[order[:-1][same]] = order[1:][same]
    prev[order[1:][same]] = order[:-1][same]
    return prev, nxt


def _end_of(neighbour: np.ndarray, position: np.ndarray, none: int) -> np.ndarray:
    """The position of each neighbouring anchor (`none` where there is none): where a stretch stops."""
    return np.where(neighbour >= 0, position[np.maximum(neighbour, 0)], none)


def _once(found: list[Gap]) -> list[Gap]:
    """The gaps without the rows two of them reach, and without the gaps that leaves empty on a side."""
    seen = [Counter(r for gap in found for r in getattr(gap, side)) for side in ("src", "tgt")]
    if all(max(c.values(), default=0) <= 1 for c in seen):
        return found
    out = []
    for gap in found:
        rows = [[r for r in getattr(gap, side) if count[r] == 1] for side, count in zip(("src", "tgt"), seen)]
        if all(rows):
            out.append(Gap(gap.anchor, *rows))
    return out


class _Between:
    """One side's rows sorted by (document, position), to find the free rows strictly between two positions."""

    def __init__(self, adjacency: Adjacency, free: np.ndarray):
        self.width = int(adjacency.position.max()) + 2 if len(adjacency.position) else 2
        keys = adjacency.doc * self.width + adjacency.position
        self.order = np.argsort(keys, kind="stable")
        self.keys, self.free = keys[self.order], free[self.order]
        self.free_before = np.r_[0, np.cumsum(self.free)]

    def bounds(self, doc: np.ndarray, after: np.ndarray, before: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the rows strictly between positions `after` and `before` of `doc` start and stop in the order."""
        after, before = (np.clip(x, -1, self.width - 1) for x in (after, before))
        return (np.searchsorted(self.keys, doc * self.width + after, "right"),
                np.searchsorted(self.keys, doc * self.width + before, "left"))

    def free_between(self, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
        return self.free_before[np.maximum(stop, start)] - self.free_before[start]

    def rows(self, start: int, stop: int) -> list[int]:
        return self.order[start:stop][self.free[start:stop]].tolist()


def runs(rows: list[int], adjacency: Adjacency, width: int) -> list[tuple[int, int]]:
    """(start, length) of every run of 1..`width` of the rows that are adjacent in their document."""
    out = []
    for i in range(len(rows)):
        size = 1
        out.append((i, 1))
        while size < width and i + size < len(rows) and adjacency.next[rows[i + size - 1]] == rows[i + size]:
            size += 1
            out.append((i, size))
    return out


def candidates(gap_list: list[Gap], src: Adjacency, tgt: Adjacency, widths: tuple[int, int],
               columns: int) -> tuple[Options, np.ndarray]:
    """Every gap's candidates (a run of one side against one sentence of the other) as options whose pair is
    the gap's anchor, and the gap each belongs to."""
    src_spans, tgt_spans, anchor, owner = [], [], [], []
    for g, gap in enumerate(gap_list):
        src_runs, tgt_runs = runs(gap.src, src, widths[0]), runs(gap.tgt, tgt, widths[1])
        for i, a in src_runs:
            for j, b in tgt_runs:
                if a == 1 or b == 1:
                    src_spans.append(_padded(gap.src[i:i + a], columns))
                    tgt_spans.append(_padded(gap.tgt[j:j + b], columns))
                    anchor.append(gap.anchor)
                    owner.append(g)
    if not owner:
        empty = np.zeros((0, columns), np.int64)
        return Options(np.zeros(0, np.int64), empty, empty), np.zeros(0, np.int64)
    return (Options(np.asarray(anchor, np.int64), np.asarray(src_spans, np.int64), np.asarray(tgt_spans, np.int64)),
            np.asarray(owner, np.int64))


def _padded(rows: list[int], columns: int) -> list[int]:
    return rows + [-1] * (columns - len(rows))


def best_path(n_src: int, n_tgt: int, beads: list[tuple[int, int, int, int, float]]) -> list[int]:
    """Which beads (src start, src length, tgt start, tgt length, gain >= 0) form the monotone path through an
    n_src x n_tgt gap with the highest summed gain; a sentence on no bead is skipped at no cost."""
    starting: dict[tuple[int, int], list[int]] = {}
    for k, (i, _, j, _, _) in enumerate(beads):
        starting.setdefault((i, j), []).append(k)
    best = np.zeros((n_src + 1, n_tgt + 1))
    step: dict[tuple[int, int], int] = {}          # the bead taken at (i, j); absent: a sentence skipped
    for i in range(n_src, -1, -1):
        for j in range(n_tgt, -1, -1):
            skip = max(best[i + 1, j] if i < n_src else 0.0, best[i, j + 1] if j < n_tgt else 0.0)
            best[i, j] = skip
            for k in starting.get((i, j), []):
                _, a, _, b, gain = beads[k]
                if gain + best[i + a, j + b] > best[i, j]:
                    best[i, j], step[(i, j)] = gain + best[i + a, j + b], k
    path, i, j = [], 0, 0
    while i < n_src or j < n_tgt:
        k = step.get((i, j))
        if k is not None:
            path.append(k)
            i, j = i + beads[k][1], j + beads[k][3]
        elif i < n_src and best[i + 1, j] == best[i, j]:
            i += 1
        else:
            j += 1
    return path


def chosen_beads(options: Options, owner: np.ndarray, gap_list: list[Gap], score: np.ndarray, cosine: np.ndarray,
                 threshold: float, floor: float) -> np.ndarray:
    """Positions of the options each gap's best path takes, among those whose margin and cosine pass."""
    passes = np.flatnonzero((score >= threshold) & (cosine >= floor))
    by_gap: dict[int, list[int]] = {}
    for k in passes.tolist():
        by_gap.setdefault(int(owner[k]), []).append(k)
    out = []
    for g, ks in by_gap.items():
        gap = gap_list[g]
        beads = [_bead(gap, options.src[k], options.tgt[k], float(score[k]) - threshold) for k in ks]
        out += [ks[b] for b in best_path(len(gap.src), len(gap.tgt), beads)]
    return np.asarray(sorted(out), np.int64)


def _bead(gap: Gap, src_span: np.ndarray, tgt_span: np.ndarray, gain: float) -> tuple[int, int, int, int, float]:
    s, t = src_span[src_span >= 0].tolist(), tgt_span[tgt_span >= 0].tolist()
    return gap.src.index(s[0]), len(s), gap.tgt.index(t[0]), len(t), gain
