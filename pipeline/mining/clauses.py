"""A split-off join its one sentence vouches for: cut at a clause, its two parts fit the two sentences.

A translator who writes two sentences for one mostly cuts at a clause ("中国民主促进会第十二次全国代表大会在京开幕，
汪洋代表中共中央致贺词。" against "The 12th National Congress ... opened in Beijing. On behalf of the CPC Central
Committee, Wang Yang delivered a congratulatory message."). muse often scores the joined translation no higher
than its first half (0.632 both), so the split-off join loses to the partial pair. Cut at that comma, though,
the head fits the first sentence and the tail the second (0.705 and 0.502), where a sentence that is no part of
the translation fits no clause better than the whole. A join is vouched for where, at the cut whose parts have
the highest summed cosine with the two sentences (in order), neither part falls below `_SHARE` of the pair's
cosine and the part for the added sentence is `_GAIN` closer to it than the whole sentence is. On the newstest
document benchmark (six languages, seed 0, seed 1, `--omit 0.15`; `benchmarks/split_off_clauses.py`) no join
worse than its pair was vouched for, of 239.

The other way, a join whose added sentence is further from its part than from the whole sentence is
contradicted: no clause holds it, so the sentence beside the pair is no half of its translation (with
`--omit 0.15`, the neighbour of a line left without its translation, which muse lifts the joined text for:
"长期以来，中国共产党同...保持着经常性联系。" joined 0.716 against the pair's 0.686, its part -0.065). There, 169 of
those 239 joins were contradicted, and no whole one the step kept.
"""

import numpy as np
import regex

from pipeline.encoders.base import Encoder
from pipeline.mining.resplit import best_cuts
from pipeline.mining.span_scores import Options
from pipeline.mining.spans import MergeSide, row_vectors, rowwise_dot

# After a clause mark: a full-width comma, semicolon, colon or enumeration comma, the Arabic comma and semicolon,
# or an ASCII one followed by a space (not "1,000", "10:30")
_CLAUSE_END = regex.compile(r"(?<=[，；：、،؛]|[,;:](?=\s))")
_WORD = regex.compile(r"\w")
_MAX_CUTS = 12            # a sentence cut more often is left as it is (a list, not a translator's clauses)
_SHARE = 0.75             # each part's cosine with its sentence, at least this share of the pair's
_GAIN = 0.05              # the added sentence's cosine with its part, over its cosine with the whole sentence
_BLOCK = 256              # joins whose cuts are embedded at once


def clause_cuts(text: str) -> list[tuple[str, str]]:
    """`text` cut in two at each clause mark: (head, tail), each holding a word."""
    at = [m.start() for m in _CLAUSE_END.finditer(text)
          if _WORD.search(text, 0, m.start()) and _WORD.search(text, m.start())]
    if len(at) > _MAX_CUTS:
        return []
    return [(text[:i].strip(), text[i:].strip()) for i in at]


def verdicts(options: Options, candidates: np.ndarray, src: MergeSide, tgt: MergeSide, src_rows: np.ndarray,
             tgt_rows: np.ndarray, encoder: Encoder, batch_size: int) -> np.ndarray:
    """Per option, what the pair's one sentence says of a join adding one sentence to the other (`candidates`):
    1 it vouches for it, -1 it contradicts it, 0 nothing (no clause mark, or neither)."""
    out = np.zeros(len(options.pair), np.int8)
    n_src, n_tgt = options.sizes
    for grown, spans, rows, side, one_rows, one_side in ((n_tgt == 2, options.tgt, tgt_rows, tgt, src_rows, src),
                                                         (n_src == 2, options.src, src_rows, src, tgt_rows, tgt)):
        every = np.flatnonzero(candidates & grown & (options.added == 1))
        for start in range(0, len(every), _BLOCK):
            at = every[start:start + _BLOCK]
            out[at] = _verdicts(options, at, spans, rows, side, one_rows, one_side, encoder, batch_size)
    return out


def _verdicts(options: Options, at: np.ndarray, spans: np.ndarray, rows: np.ndarray, side: MergeSide,
             one_rows: np.ndarray, one_side: MergeSide, encoder: Encoder, batch_size: int) -> np.ndarray:
    """`verdicts` of the joins `at`, which grow on `side` (`spans`; the pairs' own sentences there: `rows`)."""
    one, pair_rows = one_rows[options.pair[at]], spans[at, :2]
    added_at = (pair_rows[:, 0] == rows[options.pair[at]]).astype(int)     # 1: the added sentence follows the own
    mates = np.stack([row_vectors(side, pair_rows[:, 0]), row_vectors(side, pair_rows[:, 1])], axis=1)
    cuts = [clause_cuts(one_side.texts[r]) for r in one.tolist()]
    return said_of(row_vectors(one_side, one), cuts, mates, added_at, encoder, batch_size)


def said_of(one: np.ndarray, cuts: list[list[tuple[str, str]]], mates: np.ndarray, added_at: np.ndarray,
            encoder: Encoder, batch_size: int) -> np.ndarray:
    """What one sentence (its vector per join: `one`; its `cuts`) says of each join of two texts (`mates`: their
    two vectors in document order, the added one at `added_at`): 1 vouched for, -1 contradicted, 0 nothing."""
    rows_at = np.arange(len(one))
    share = _SHARE * rowwise_dot(one, mates[rows_at, 1 - added_at])
    whole_added = rowwise_dot(one, mates[rows_at, added_at])
    out = np.zeros(len(one), np.int8)
    for i, best in enumerate(best_cuts(cuts, list(mates), encoder, batch_size)):
        if best is not None:
            parts, gain = best[1], best[1][added_at[i]] - whole_added[i]
            out[i] = 1 if parts.min() >= share[i] and gain >= _GAIN else -1 if gain < 0 else 0
    return out
