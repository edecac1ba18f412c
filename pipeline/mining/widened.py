"""An alignment of one sentence against several, widened a sentence at a time where its clauses vouch for each.

A translator who writes three or more sentences for one cuts it at clauses too ("其中伊拉克、伊朗、土耳其、
巴西都是合法的比特币市场，阿富汗…有一定程度的限制，更多的拉美国家对比特币还没有发声。" against "Among them,
Iraq, Iran, Turkey and Brazil are all legitimate Bitcoin markets. Afghanistan, ... have some restrictions on
the trading and use of Bitcoin. Most Latin American countries have not made any comments about Bitcoin.").
The merge keeps the one sentence against two of them: muse scores the three no higher (0.637 against 0.640),
and clause checks (`clauses.py`) judge only joins that add one sentence to a pair. So where a kept alignment
holds one sentence against two or more adjacent ones and the sentence beside those (same document) is held by
no alignment and was split off (`split_off.py`: it ends like a sentence, and nothing beside the one sentence
may be its own translation), the clause check is asked again with the held sentences as one text and the
beside one as the added sentence: cut at its clause marks, the one sentence's head fits the held text and its
tail the added one (or the other way round, for a sentence before them) better than the whole fits it. Where
that vouches for it and the grown alignment's margin is at most `clause_slack` below the margin it had before
any widening (its cosine no lower where the margin does not tell), it takes it; then the next, up to
`clause_max_sentences` on a side (only the alignments that grew are tried again: the others' tries are as
they were). Not where either side's sentence ends are guessed (Thai: resplit's work), nor without split-off
joins or clause checks.
"""

import numpy as np

from pipeline.config import MergeConfig
from pipeline.encoders.base import Encoder
from pipeline.mining.clauses import clause_cuts, said_of
from pipeline.mining.margin import margin_near
from pipeline.mining.span_scores import Options
from pipeline.mining.spans import MergeSide, row_mask, rowwise_dot, span_vectors
from pipeline.mining.split_off import were_split_off
from pipeline.text.split import guesses_boundaries

_BLOCK = 256              # tries whose texts are embedded at once


def widened(chosen: Options, score: np.ndarray, cosine: np.ndarray, src: MergeSide, tgt: MergeSide,
            encoder: Encoder, kind: str, cfg: MergeConfig, batch_size: int) -> tuple[Options, np.ndarray,
                                                                                  np.ndarray, int]:
    """The alignments with each one of one sentence against several grown by the sentences its clauses vouch
    for (see the module docstring), their margins and cosines, and how many grew."""
    if (not cfg.clause_checks or not cfg.split_off_joins or guesses_boundaries(src.lang)
            or guesses_boundaries(tgt.lang)):
        return chosen, score, cosine, 0
    floor = score - cfg.clause_slack           # the lowest margin an alignment may widen to, over all its rounds
    grew, trying = np.zeros(len(chosen.pair), bool), np.ones(len(chosen.pair), bool)
    for _ in range(cfg.clause_max_sentences - 2):
        tries = _tries(chosen, src, tgt, cfg.clause_max_sentences, trying)
        taken = _taken(chosen, score, cosine, floor, tries, src, tgt, encoder, kind, batch_size)
        if not taken:
            break
        chosen, score, cosine = _applied(chosen, score, cosine, taken)
        grew[list(taken)] = True
        trying = row_mask(len(chosen.pair), np.array(list(taken)))
    return chosen, score, cosine, int(grew.sum())


def _tries(chosen: Options, src: MergeSide, tgt: MergeSide, most: int, trying: np.ndarray) -> list[tuple]:
    """(alignment, side 0 or 1 that grows, the row beside it, whether that row follows) for each alignment
    (of those `trying`) of one sentence against 2..`most`-1 adjacent ones whose neighbour there no alignment
    holds and was split off (`split_off.py`: it ends like a sentence and faces nothing that could be its own
    translation)."""
    out = []
    sizes = chosen.sizes
    held = row_mask(len(src.ids), chosen.src.ravel()), row_mask(len(tgt.ids), chosen.tgt.ravel())
    for k, (spans, side, other, ones) in enumerate(((chosen.src, src, tgt, chosen.tgt),
                                                    (chosen.tgt, tgt, src, chosen.src))):
        at = np.flatnonzero(trying & (sizes[1 - k] == 1) & (sizes[k] >= 2) & (sizes[k] < most))
        first, last = spans[at, 0], spans[at, sizes[k][at] - 1]
        for own, step, follows in ((last, side.adjacency.next, True), (first, side.adjacency.prev, False)):
            beside = step[own]
            free = np.flatnonzero(beside >= 0)
            free = free[~held[k][beside[free]]]
            for block in range(0, len(free), _BLOCK):         # vectors are gathered a block at a time
                part = free[block:block + _BLOCK]
                pair = np.stack([own[part], beside[part]][::1 if follows else -1], axis=1)
                ok = were_split_off(pair, own[part], ones[at[part], 0], side, other, held[1 - k])
                out += [(int(at[f]), k, int(beside[f]), follows) for f in part[ok].tolist()]
    return out


def _taken(chosen: Options, score: np.ndarray, cosine: np.ndarray, floor: np.ndarray, tries: list,
           src: MergeSide, tgt: MergeSide, encoder: Encoder, kind: str, batch_size: int) -> dict[int, tuple]:
    """One round: per alignment, its best try that is vouched for and fits (a row taken once): alignment ->
    (side, its grown rows, margin, cosine)."""
    sides = (src, tgt)
    cuts = [clause_cuts(sides[1 - k].texts[_rows(chosen, 1 - k, i)[0]]) for i, k, _, _ in tries]
    tries = [t for t, c in zip(tries, cuts) if c]      # no clause mark: the one sentence says nothing
    cuts = [c for c in cuts if c]
    good = []
    for block in range(0, len(tries), _BLOCK):
        good += _judged(chosen, score, cosine, floor, tries[block:block + _BLOCK], cuts[block:block + _BLOCK],
                        sides, encoder, kind, batch_size)
    taken, rows_taken = {}, set()
    for i, k, rows, margin, now in sorted(good, key=lambda g: -g[4]):     # the best fit first
        added = next(r for r in rows if r not in _rows(chosen, k, i))
        if i not in taken and (k, added) not in rows_taken:
            taken[i] = (k, rows, margin, now)
            rows_taken.add((k, added))
    return taken


def _judged(chosen: Options, score: np.ndarray, cosine: np.ndarray, floor: np.ndarray, tries: list, cuts: list,
            sides: tuple[MergeSide, MergeSide], encoder: Encoder, kind: str, batch_size: int) -> list[tuple]:
    """(alignment, side, grown rows, margin, cosine) of each of a block of tries that is vouched for and fits."""
    at = np.array([t[0] for t in tries], np.int64)
    follows = np.array([t[3] for t in tries], np.int64)
    grown = [_rows(chosen, k, i) + [row] if f else [row] + _rows(chosen, k, i) for i, k, row, f in tries]
    held = _texts_vectors(sides, [(k, _rows(chosen, k, i)) for i, k, _, _ in tries], encoder, batch_size)
    beside = _texts_vectors(sides, [(k, [row]) for _, k, row, _ in tries], encoder, batch_size)
    one = _texts_vectors(sides, [(1 - k, _rows(chosen, 1 - k, i)) for i, k, _, _ in tries], encoder, batch_size)
    last = follows.astype(bool)[:, None]                            # the added sentence comes last
    mates = np.stack([np.where(last, held, beside), np.where(last, beside, held)], axis=1)
    vouched = np.flatnonzero(said_of(one, cuts, mates, follows, encoder, batch_size) > 0)
    if not len(vouched):
        return []
    joined = _texts_vectors(sides, [(tries[n][1], grown[n]) for n in vouched.tolist()], encoder, batch_size)
    now, was, i = rowwise_dot(one[vouched], joined), rowwise_dot(one[vouched], held[vouched]), at[vouched]
    margin = margin_near(score[i], cosine[i], now, kind)
    fits = np.where(np.isfinite(margin), margin >= floor[i], now >= was)
    margin = np.where(np.isfinite(margin), margin, score[i])
    return [(int(i[j]), tries[n][1], grown[n], float(margin[j]), float(now[j]))
            for j, n in enumerate(vouched.tolist()) if fits[j]]


def _rows(chosen: Options, k: int, i: int) -> list[int]:
    """Alignment i's rows on side k, in document order."""
    span = (chosen.src, chosen.tgt)[k][i]
    return span[span >= 0].tolist()


def _texts_vectors(sides: tuple[MergeSide, MergeSide], spans: list[tuple[int, list[int]]], encoder: Encoder,
                   batch_size: int) -> np.ndarray:
    """A vector per (side, rows): the stored one for a sentence, the encoder's for several joined."""
    out = np.empty((len(spans), sides[0].vectors.dim), np.float32)
    width = max([2, *(len(rows) for _, rows in spans)])        # span_vectors reads a second column
    for k in (0, 1):
        n = [j for j, (side, _) in enumerate(spans) if side == k]
        if n:
            padded = np.array([spans[j][1] + [-1] * (width - len(spans[j][1])) for j in n], np.int64)
            out[n] = span_vectors(sides[k], padded, encoder, batch_size)
    return out


def _applied(chosen: Options, score: np.ndarray, cosine: np.ndarray, taken: dict[int, tuple]) -> tuple:
    """The alignments with the taken growths: spans padded as wide as the widest, margins, cosines."""
    width = max(chosen.src.shape[1], *(len(rows) for _, rows, _, _ in taken.values()))
    spans = [np.pad(s, ((0, 0), (0, width - s.shape[1])), constant_values=-1) for s in (chosen.src, chosen.tgt)]
    score, cosine = score.copy(), cosine.copy()
    for i, (k, rows, margin, now) in taken.items():
        spans[k][i] = rows + [-1] * (width - len(rows))
        score[i], cosine[i] = margin, now
    return Options(chosen.pair, *spans), score, cosine
