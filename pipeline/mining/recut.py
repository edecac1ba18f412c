"""Boundary refinement where sentence ends are guessed: words moved across the cut between two adjacent pairs.

Thai writes no full stop, so its splitter guesses where a sentence ends, and a guess a phrase or two off leaves
the end of one sentence at the start of the next piece ("...had ruled on climate change | on the same day. The
judges rejected..."). Both pairs are then partial translations, and no merge mends them: each piece holds some
of the other's sentence. Where two kept alignments follow each other on both sides (the guessed side's texts
are adjacent in one document, and so are the other side's), the cut between the two guessed texts is moved by
up to `recut_words` space-separated phrases either way; every cut is embedded, and the one whose two pairs have
the highest summed cosine is kept when it beats the splitter's by `recut_min_gain`. A chain of such pairs is
taken in rounds in which no text moves at both ends at once.
"""

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pipeline.config import MergeConfig
from pipeline.encoders.base import Encoder
from pipeline.mining.margin import margin, neighbourhood_of
from pipeline.mining.spans import MergeSide, encoded, join_texts, rowwise_dot, span_vectors
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.split import guesses_boundaries


@dataclass
class Piece:
    """One alignment's text on the guessed side, as its space-separated words and the sentence row of each."""

    words: list[str]
    rows: list[int]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def members(self) -> list[int]:
        return list(dict.fromkeys(self.rows))

    @classmethod
    def of(cls, side: MergeSide, rows: list[int]) -> "Piece":
        words, owners = [], []
        for row in rows:
            own = side.texts[row].split(" ")
            words += own
            owners += [row] * len(own)
        return cls(words, owners)


def adjacent_pairs(spans: np.ndarray, other: np.ndarray, side: MergeSide, other_side: MergeSide) -> list[tuple]:
    """(i, j) for alignments i, j whose spans follow each other in a document on both sides (rows padded -1)."""
    first = {int(span[0]): i for i, span in enumerate(spans)}
    out = []
    for i, (span, mate) in enumerate(zip(spans, other)):
        j = first.get(int(side.adjacency.next[span[span >= 0][-1]]))
        if j is not None and j != i and other_side.adjacency.next[mate[mate >= 0][-1]] == other[j][0]:
            out.append((i, j))
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


def cuts(left: Piece, right: Piece, window: int) -> list[tuple[Piece, Piece]]:
    """The two pieces re-cut up to `window` words either side of their boundary, never at an empty word."""
    words, rows, here = left.words + right.words, left.rows + right.rows, len(left.words)
    out = []
    for at in range(max(1, here - window), min(len(words) - 1, here + window) + 1):
        if at != here and words[at - 1] and words[at]:
            out.append((Piece(words[:at], rows[:at]), Piece(words[at:], rows[at:])))
    return out


def refine(pieces: list[Piece], others: np.ndarray, bounds: list[tuple], encoder: Encoder, window: int,
           min_gain: float, batch_size: int) -> tuple[list[Piece], np.ndarray, set[int]]:
    """The pieces re-cut where their two pairs gain, their cosines to `others` (a vector per alignment), and
    which alignments changed."""
    pieces, changed = list(pieces), set()
    cosine = rowwise_dot(encoded(encoder, [p.text for p in pieces], batch_size), others) if pieces else np.zeros(0)
    for this in rounds(bounds):
        options = [cuts(pieces[i], pieces[j], window) for i, j in this]
        texts = list(dict.fromkeys(p.text for option in options for cut in option for p in cut))
        if not texts:
            continue
        vector = dict(zip(texts, encoded(encoder, texts, batch_size)))
        for (i, j), option in zip(this, options):
            best, gain = None, min_gain
            for left, right in option:
                total = vector[left.text] @ others[i] + vector[right.text] @ others[j]
                if total - cosine[i] - cosine[j] >= gain:
                    best, gain = (left, right), total - cosine[i] - cosine[j]
            if best is not None:
                pieces[i], pieces[j] = best
                cosine[i], cosine[j] = vector[best[0].text] @ others[i], vector[best[1].text] @ others[j]
                changed.update((i, j))
    return pieces, cosine, changed


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
    if not bounds:
        return table, 0
    pieces = [Piece.of(side, [r for r in span.tolist() if r >= 0]) for span in spans]
    others = span_vectors(other_side, other, encoder, batch_size)
    pieces, cosine, changed = refine(pieces, others, bounds, encoder, cfg.recut_words, cfg.recut_min_gain,
                                     batch_size)
    for piece in pieces:
        piece.rows = [int(side.ids[r]) for r in piece.rows]      # rows -> sentence ids, for the members column
    return _with_pieces(table, name, pieces, cosine, sorted(changed), kind), len(changed)


def _with_pieces(table: pa.Table, name: str, pieces: list[Piece], cosine: np.ndarray, changed: list[int],
                 kind: str) -> pa.Table:
    """The table with the changed rows' guessed side, members, cosine and margin (the pair's neighbourhood kept)."""
    ids, texts = table.column(f"{name}_id").to_numpy().copy(), table.column(f"{name}_text").to_pylist()
    members = table.column(f"{name}_members").to_pylist()
    score, cos = table.column("score").to_numpy().copy(), table.column("cosine").to_numpy().copy()
    mean = neighbourhood_of(score[changed], cos[changed], kind)
    for i in changed:
        texts[i] = pieces[i].text
        ids[i] = text_hash(normalize_text(texts[i]))
        members[i] = pieces[i].members
    mean_or_one = np.nan_to_num(mean, nan=1.0)
    rescored = margin(cosine[changed], mean_or_one, mean_or_one, kind)
    score[changed] = np.where(np.isfinite(mean) | (kind == "absolute"), rescored, score[changed])
    cos[changed] = cosine[changed]
    for column, values in ((f"{name}_id", ids), (f"{name}_text", texts), (f"{name}_members", members),
                           ("score", score), ("cosine", cos)):
        at = table.column_names.index(column)
        table = table.set_column(at, table.field(at), pa.array(values, table.field(at).type))
    return table
