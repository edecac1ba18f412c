"""Boundary refinement where sentence ends are guessed: words moved across the cut between two adjacent pairs.

Thai writes no full stop, so its splitter guesses where a sentence ends, and a guess a phrase or two off leaves
the end of one sentence at the start of the next piece ("...had ruled on climate change | on the same day. The
judges rejected..."). Both pairs are then partial translations, and no merge mends them: each piece holds some
of the other's sentence. Where two kept alignments follow each other on both sides (the guessed side's texts
are adjacent in one document, and so are the other side's), the cut between the two guessed texts is moved by
up to `recut_words` space-separated phrases either way, to a place the language allows an end (Thai: never
before "ซึ่ง", "which", nor after "ของ", "of"); every cut is embedded, and the one whose two pairs have
the highest summed cosine is kept when it beats the splitter's by `recut_min_gain` and neither pair loses more
than `MAX_LOSS` (a gain bought by emptying one pair is no translation found). A chain of such pairs is taken
in rounds in which no text moves at both ends at once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pyarrow as pa

from pipeline.config import MergeConfig
from pipeline.encoders.base import Encoder
from pipeline.mining.margin import margin_near
from pipeline.mining.spans import MergeSide, encoded, join_texts, span_vectors
from pipeline.schemas import with_values
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.split import end_allowed, guesses_boundaries

MAX_LOSS = 0.05           # cosine one pair of a recut may lose (adding a clause of its own can lower it a little)
_BLOCK = 4096             # boundaries whose cuts are embedded at once


@dataclass
class Piece:
    """One alignment's text on the guessed side: its space-separated words and the sentence row of each."""

    words: list[str]
    rows: list[int]

    @property
    def text(self) -> str:
        """The words as the page had them (a double space is an empty word)."""
        return " ".join(self.words)

    @property
    def members(self) -> list[int]:
        """The rows it holds words of, in document order."""
        return list(dict.fromkeys(self.rows))

    @classmethod
    def of(cls, side: MergeSide, rows: list[int]) -> "Piece":
        """The piece that joins these sentence rows."""
        words, owners = [], []
        for row in rows:
            own = side.texts[row].split(" ")
            words += own
            owners += [row] * len(own)
        return cls(words, owners)


def adjacent_pairs(spans: np.ndarray, other: np.ndarray, side: MergeSide, other_side: MergeSide) -> list[tuple]:
    """(i, j) for alignments i, j whose spans follow each other in a document on both sides (rows padded -1)."""
    starting: dict[int, list[int]] = {}          # a row may open two one-to-one pairs (forward retrieval)
    for j, span in enumerate(spans):
        starting.setdefault(int(span[0]), []).append(j)
    out = []
    for i, (span, mate) in enumerate(zip(spans, other)):
        after, other_after = side.adjacency.next[span[span >= 0][-1]], other_side.adjacency.next[mate[mate >= 0][-1]]
        out += [(i, j) for j in starting.get(int(after), []) if j != i and other[j][0] == other_after]
    return out


def rounds(bounds: list[tuple]) -> list[list[tuple]]:
    """The boundaries in rounds in which each alignment takes part at most once."""
    out, left = [], list(bounds)
    while left:
        used, this, rest = set(), [], []
        for i, j in left:
            if i in used or j in used:
                rest.append((i, j))
            else:
                this.append((i, j))
                used.update((i, j))
        out.append(this)
        left = rest
    return out


def _anywhere(before: str, after: str) -> bool:
    """An end may be at any space (a caller that knows no language)."""
    return True


def cuts(left: Piece, right: Piece, window: int,
         allows: Callable[[str, str], bool] = _anywhere) -> list[tuple[Piece, Piece]]:
    """The two pieces re-cut up to `window` words either side of their boundary, never at an empty word, and
    only where the language `allows` an end between the two words."""
    words, rows, here = left.words + right.words, left.rows + right.rows, len(left.words)
    out = []
    for at in range(max(1, here - window), min(len(words) - 1, here + window) + 1):
        if at != here and words[at - 1] and words[at] and allows(words[at - 1], words[at]):
            out.append((Piece(words[:at], rows[:at]), Piece(words[at:], rows[at:])))
    return out


def refine(pieces: dict[int, Piece], others: dict[int, np.ndarray], bounds: list[tuple], encoder: Encoder,
           window: int, min_gain: float, batch_size: int,
           allows: Callable[[str, str], bool] = _anywhere) -> tuple[dict[int, Piece], dict[int, float], set[int]]:
    """The pieces (by alignment) re-cut where their two pairs gain, their cosines to `others` (the other side's
    vector of each alignment), and which alignments changed."""
    pieces, changed = dict(pieces), set()
    at = sorted(pieces)
    vectors = encoded(encoder, [pieces[i].text for i in at], batch_size) if at else np.zeros((0, 1))
    cosine = {i: float(v @ others[i]) for i, v in zip(at, vectors)}
    for this in rounds(bounds):
        for start in range(0, len(this), _BLOCK):
            block = this[start:start + _BLOCK]
            options = [cuts(pieces[i], pieces[j], window, allows) for i, j in block]
            texts = list(dict.fromkeys(p.text for option in options for cut in option for p in cut))
            vector = dict(zip(texts, encoded(encoder, texts, batch_size))) if texts else {}
            for (i, j), option in zip(block, options):
                best = _best(option, vector, others[i], others[j], cosine[i], cosine[j], min_gain)
                if best is not None:
                    (pieces[i], cosine[i]), (pieces[j], cosine[j]) = best
                    changed.update((i, j))
    return pieces, cosine, changed


def _best(option: list[tuple[Piece, Piece]], vector: dict, mate_i: np.ndarray, mate_j: np.ndarray, was_i: float,
          was_j: float, min_gain: float) -> tuple | None:
    """((left, its cosine), (right, its cosine)) of the cut that gains most, or None where none gains enough."""
    best, gain = None, min_gain
    for left, right in option:
        now_i, now_j = float(vector[left.text] @ mate_i), float(vector[right.text] @ mate_j)
        if now_i + now_j - was_i - was_j >= gain and min(now_i - was_i, now_j - was_j) >= -MAX_LOSS:
            best, gain = ((left, now_i), (right, now_j)), now_i + now_j - was_i - was_j
    return best


def recut_table(table: pa.Table, src_spans: np.ndarray, tgt_spans: np.ndarray, src: MergeSide, tgt: MergeSide,
                encoder: Encoder, cfg: MergeConfig, kind: str, batch_size: int = 256) -> tuple[pa.Table, int]:
    """The kept alignments (rows of `table`, spans of rows padded -1) with the guessed side re-cut, where one
    side's ends are guessed and joins with a space; and how many alignments changed."""
    guessed = [guesses_boundaries(side.lang) and join_texts(side.lang, ["a", "b"]) == "a b" for side in (src, tgt)]
    if cfg.recut_words == 0 or guessed[0] == guessed[1] or not len(table):
        return table, 0
    name = "src" if guessed[0] else "tgt"
    side, other_side = (src, tgt) if guessed[0] else (tgt, src)
    spans, other = (src_spans, tgt_spans) if guessed[0] else (tgt_spans, src_spans)
    bounds = adjacent_pairs(spans, other, side, other_side)
    at = sorted({i for bound in bounds for i in bound})        # only alignments at a boundary are embedded
    if not at:
        return table, 0
    pieces = {i: Piece.of(side, [r for r in spans[i].tolist() if r >= 0]) for i in at}
    others = dict(zip(at, span_vectors(other_side, other[at], encoder, batch_size)))
    pieces, cosine, changed = refine(pieces, others, bounds, encoder, cfg.recut_words, cfg.recut_min_gain,
                                     batch_size, partial(end_allowed, side.lang))
    if not changed:
        return table, 0
    return _with_pieces(table, name, side, {i: pieces[i] for i in changed}, cosine, kind), len(changed)


def _with_pieces(table: pa.Table, name: str, side: MergeSide, pieces: dict[int, Piece], cosine: dict[int, float],
                 kind: str) -> pa.Table:
    """The table with the recut rows' guessed side, members, cosine and margin (the pair's neighbourhood kept;
    `quality` stays the pair's)."""
    ids, texts = table.column(f"{name}_id").to_numpy().copy(), table.column(f"{name}_text").to_pylist()
    members = table.column(f"{name}_members").to_pylist()
    score, cos = table.column("score").to_numpy().copy(), table.column("cosine").to_numpy().copy()
    changed = sorted(pieces)
    for i in changed:
        texts[i], rows = pieces[i].text, pieces[i].members
        if len(rows) == 1 and side.texts[rows[0]] == texts[i]:      # one whole sentence: its own id names it
            ids[i], members[i] = side.ids[rows[0]], None
        else:
            ids[i], members[i] = text_hash(normalize_text(texts[i])), [int(side.ids[r]) for r in rows]
    new = np.array([cosine[i] for i in changed], np.float64)
    rescored = margin_near(score[changed], cos[changed], new, kind)
    score[changed] = np.where(np.isfinite(rescored), rescored, score[changed])
    cos[changed] = new
    return with_values(table, {f"{name}_id": ids, f"{name}_text": texts, f"{name}_members": members,
                               "score": score, "cosine": cos})
