"""A split-off join widened a sentence at a time where the one sentence's clauses vouch for each.

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
that vouches for it and the grown join's margin is at most `clause_slack` below the join's, the join takes it;
then the next, up to `clause_max_sentences` on a side. Not where either side's sentence ends are guessed
(Thai: resplit's work).
"""

import numpy as np

from pipeline.config import MergeConfig
from pipeline.encoders.base import Encoder
from pipeline.mining.clauses import clause_cuts, said_of
from pipeline.mining.margin import margin_near
from pipeline.mining.span_scores import Options
from pipeline.mining.spans import MergeSide, row_mask, row_vectors, rowwise_dot, span_vectors
from pipeline.mining.split_off import split_off
from pipeline.text.split import guesses_boundaries


def widened(chosen: Options, score: np.ndarray, cosine: np.ndarray, src: MergeSide, tgt: MergeSide,
            encoder: Encoder, kind: str, cfg: MergeConfig, batch_size: int) -> tuple[Options, np.ndarray,
                                                                                  np.ndarray, int]:
    """The alignments with each join of one sentence against several grown by the sentences its clauses vouch
    for (see the module docstring), their margins and cosines, and how many grew."""
    if not cfg.clause_checks or guesses_boundaries(src.lang) or guesses_boundaries(tgt.lang):
        return chosen, score, cosine, 0
    grew = np.zeros(len(chosen.pair), bool)
    for _ in range(cfg.clause_max_sentences - 2):
        tries = _tries(chosen, src, tgt, cfg.clause_max_sentences)
        if not tries:
            break
        chosen, score, cosine, at = _grown(chosen, score, cosine, tries, src, tgt, encoder, kind, cfg, batch_size)
        if not len(at):
            break
        grew[at] = True
    return chosen, score, cosine, int(grew.sum())


def _tries(chosen: Options, src: MergeSide, tgt: MergeSide, most: int) -> list[tuple[int, int, int, bool]]:
    """(alignment, side 0 or 1 that grows, the row beside it, whether that row follows) for each alignment of
    one sentence against 2..`most`-1 adjacent ones whose neighbour there no alignment holds and was split off
    (`split_off.py`: it ends like a sentence and faces nothing that could be its own translation)."""
    out = []
    sizes = chosen.sizes
    held = row_mask(len(src.ids), chosen.src.ravel()), row_mask(len(tgt.ids), chosen.tgt.ravel())
    for k, (spans, side, other, ones) in enumerate(((chosen.src, src, tgt, chosen.tgt),
                                                    (chosen.tgt, tgt, src, chosen.src))):
        at = np.flatnonzero((sizes[1 - k] == 1) & (sizes[k] >= 2) & (sizes[k] < most))
        first, last = spans[at, 0], spans[at, sizes[k][at] - 1]
        for own, step, follows in ((last, side.adjacency.next, True), (first, side.adjacency.prev, False)):
            beside = step[own]
            free = np.flatnonzero(beside >= 0)
            free = free[~held[k][beside[free]]]
            if not len(free):
                continue
            pair = np.stack([own[free], beside[free]][::1 if follows else -1], axis=1)
            ok = split_off(pair, own[free], ones[at[free], 0], side, other, held[1 - k])
            out += [(int(at[f]), k, int(beside[f]), follows) for f in free[ok].tolist()]
    return out


def _grown(chosen: Options, score: np.ndarray, cosine: np.ndarray, tries: list, src: MergeSide, tgt: MergeSide,
           encoder: Encoder, kind: str, cfg: MergeConfig, batch_size: int) -> tuple:
    """One round: each alignment grown by its best vouched-for try (a row taken once); and which grew."""
    at, sides = np.array([t[0] for t in tries]), np.array([t[1] for t in tries])
    added, follows = np.array([t[2] for t in tries]), np.array([t[3] for t in tries], int)
    width = max(chosen.src.shape[1], int(max(chosen.sizes[0].max(), chosen.sizes[1].max())) + 1)
    spans = [_padded(chosen.src, width), _padded(chosen.tgt, width)]
    held, beside, one = _vectors(spans, at, sides, added, src, tgt, encoder, batch_size)
    last = follows.astype(bool)[:, None]                            # the added sentence comes last
    mates = np.stack([np.where(last, held, beside), np.where(last, beside, held)], axis=1)
    one_rows = np.where(sides == 0, spans[1][at, 0], spans[0][at, 0])
    cuts = [clause_cuts((tgt if k == 0 else src).texts[r]) for k, r in zip(sides.tolist(), one_rows.tolist())]
    vouched = said_of(one, cuts, mates, follows, encoder, batch_size) > 0
    grown_spans = [_with(spans[k][i], row, bool(f)) for i, k, row, f in zip(at, sides, added, follows)]
    joined = _joined_vectors(grown_spans, sides, src, tgt, encoder, batch_size)
    was, now = rowwise_dot(one, held), rowwise_dot(one, joined)
    rescored = margin_near(score[at], cosine[at], now, kind)
    fits = np.where(np.isfinite(rescored), rescored >= score[at] - cfg.clause_slack, now >= was)
    taken, rows_taken = {}, set()
    for n in sorted(np.flatnonzero(vouched & fits).tolist(), key=lambda n: -now[n]):
        if at[n] not in taken and (sides[n], added[n]) not in rows_taken:
            taken[int(at[n])] = n
            rows_taken.add((sides[n], added[n]))
    score, cosine = score.copy(), cosine.copy()
    for i, n in taken.items():
        spans[sides[n]][i] = grown_spans[n]
        score[i] = rescored[n] if np.isfinite(rescored[n]) else score[i]
        cosine[i] = now[n]
    return Options(chosen.pair, *spans), score, cosine, np.array(sorted(taken), np.int64)


def _vectors(spans: list[np.ndarray], at: np.ndarray, sides: np.ndarray, added: np.ndarray, src: MergeSide,
             tgt: MergeSide, encoder: Encoder, batch_size: int) -> tuple:
    """Per try: the held sentences as one text, the added sentence, and the one sentence (vectors)."""
    dim = src.vectors.dim
    held, beside, one = (np.empty((len(at), dim), np.float32) for _ in range(3))
    for k, side, other in ((0, src, tgt), (1, tgt, src)):
        n = np.flatnonzero(sides == k)
        if len(n):
            held[n] = span_vectors(side, spans[k][at[n]], encoder, batch_size)
            beside[n] = row_vectors(side, added[n])
            one[n] = row_vectors(other, spans[1 - k][at[n], 0])
    return held, beside, one


def _joined_vectors(grown: list[np.ndarray], sides: np.ndarray, src: MergeSide, tgt: MergeSide, encoder: Encoder,
                    batch_size: int) -> np.ndarray:
    """Per try, its grown side as one text (vectors)."""
    out = np.empty((len(grown), src.vectors.dim), np.float32)
    for k, side in ((0, src), (1, tgt)):
        n = np.flatnonzero(sides == k)
        if len(n):
            out[n] = span_vectors(side, np.stack([grown[i] for i in n]), encoder, batch_size)
    return out


def _padded(spans: np.ndarray, width: int) -> np.ndarray:
    """The spans with -1 columns up to `width` (a copy)."""
    return np.pad(spans, ((0, 0), (0, width - spans.shape[1])), constant_values=-1)


def _with(span: np.ndarray, row: int, follows: bool) -> np.ndarray:
    """The span with `row` after its last sentence or before its first, padded as it was."""
    rows = span[span >= 0].tolist()
    rows = rows + [row] if follows else [row] + rows
    return np.array(rows + [-1] * (len(span) - len(rows)), span.dtype)
