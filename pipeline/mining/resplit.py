"""A guessed sentence end the splitter missed, placed where the alignment shows it.

Thai writes no full stop, and where crfcut finds no likely end between two sentences ("...จนถึงคริสต์ศตวรรษที่ 15
ชื่อนี้ตั้งขึ้นในปี ค.ศ. 1877...", "...to the 15th century. The name was coined in 1877..."), they stay one piece,
which the merge step pairs with both English sentences: a whole translation, but not the sentence pairs the
rest of the output holds. Where one guessed piece is aligned with k sentences of the other side, the piece is
cut at k - 1 of the places where its grammar allows an end and crfcut finds one at least a little likely
(`possible_ends`), each part at least `MIN_WORDS` words; the cut whose parts have the highest summed cosine with
their sentences, in order, is kept when no part's cosine is more than `resplit_max_loss` below the whole pair's.
A translator's one sentence for two, cut at a clause, leaves parts that fit their sentences worse than the whole
fits both
("นี่เป็นเที่ยวบินที่ 3 ของจรวดรุ่นนี้ ซึ่งเที่ยวบินแรกเมื่อเดือนกรกฎาคม | พ.ศ. 2567 ...": 0.60 and 0.61 against the
whole's 0.74), and stays one pair. The alignment becomes k one-to-one pairs.
"""

from collections import Counter
from itertools import combinations

import numpy as np
import pyarrow as pa

from pipeline.config import MergeConfig
from pipeline.encoders.base import Encoder
from pipeline.mining.margin import margin_near
from pipeline.mining.spans import MergeSide, encoded, row_vectors
from pipeline.schemas import with_values
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.split import guesses_boundaries, possible_ends
from pipeline.text.thai_split import MIN_WORDS

_MAX_ENDS = 24            # a piece with more places to cut is left whole (its cuts grow with the square)
_BLOCK = 256              # alignments whose cuts are embedded at once (at most ~300 texts each)


def splits(text: str, ends: list[tuple[int, int]], k: int) -> list[tuple[str, ...]]:
    """`text` cut into k parts at k - 1 of its possible `ends` ((offset, words before), the text's end last),
    each part at least MIN_WORDS words."""
    inner, whole = ends[:-1], (len(text), ends[-1][1])
    out = []
    for chosen in combinations(inner, k - 1):
        bounds = [(0, 0), *chosen, whole]
        if all(b[1] - a[1] >= MIN_WORDS for a, b in zip(bounds, bounds[1:])):
            out.append(tuple(text[a[0]:b[0]].strip() for a, b in zip(bounds, bounds[1:])))
    return out


def best_cuts(options: list[list[tuple[str, ...]]], mates: list[np.ndarray], encoder: Encoder,
              batch_size: int) -> list[tuple[tuple[str, ...], np.ndarray] | None]:
    """Per alignment, the cut (among its `options`) whose parts have the highest summed cosine with their
    sentences (`mates`: a vector per sentence, in order), and those cosines; None where it has no cut."""
    texts = list(dict.fromkeys(part for option in options for cut in option for part in cut))
    vector = dict(zip(texts, encoded(encoder, texts, batch_size))) if texts else {}
    out = []
    for option, mate in zip(options, mates):
        if not option:
            out.append(None)
            continue
        cosine = np.array([[float(vector[part] @ mate[j]) for j, part in enumerate(cut)] for cut in option])
        best = int(np.argmax(cosine.sum(axis=1)))
        out.append((option[best], cosine[best]))
    return out


def resplit_table(table: pa.Table, src_spans: np.ndarray, tgt_spans: np.ndarray, src: MergeSide, tgt: MergeSide,
                  encoder: Encoder, cfg: MergeConfig, kind: str, batch_size: int = 256) -> tuple[pa.Table, Counter]:
    """The kept alignments (rows of `table`, spans of rows padded -1) with each guessed piece aligned with
    several sentences cut into one-to-one pairs where its parts fit them; and the count of those cut, by shape
    (`resplit_1_2`: one piece into two pairs)."""
    guessed = [guesses_boundaries(side.lang) for side in (src, tgt)]
    if not cfg.resplit or guessed[0] == guessed[1] or not len(table):
        return table, Counter()
    name, other_name = ("src", "tgt") if guessed[0] else ("tgt", "src")
    side, other_side = (src, tgt) if guessed[0] else (tgt, src)
    spans, other = (src_spans, tgt_spans) if guessed[0] else (tgt_spans, src_spans)
    texts = table.column(f"{name}_text").to_pylist()
    whole = table.column("cosine").to_numpy()
    # one piece as the splitter cut it (a recut one moved words across its own ends) against several sentences
    at = [i for i in np.flatnonzero((spans[:, 1] < 0) & (other[:, 1] >= 0)).tolist()
          if texts[i] == side.texts[spans[i, 0]]]
    parts = {}
    for start in range(0, len(at), _BLOCK):
        block = at[start:start + _BLOCK]
        mates = [row_vectors(other_side, other[i][other[i] >= 0]) for i in block]
        options = [_options(side.lang, texts[i], len(mate)) for i, mate in zip(block, mates)]
        for i, best in zip(block, best_cuts(options, mates, encoder, batch_size)):
            if best is not None and best[1].min() >= whole[i] - cfg.resplit_max_loss:
                parts[i] = best
    if not parts:
        return table, Counter()
    shapes = Counter(f"resplit_1_{len(cut)}" for cut, _ in parts.values())
    return _with_parts(table, (name, other_name), (side, other_side), (spans, other), parts, kind), shapes


def _options(lang: str, text: str, k: int) -> list[tuple[str, ...]]:
    """The ways to cut a piece into k parts; none where it has too few places to cut, or too many."""
    ends = possible_ends(lang, text)
    return splits(text, ends, k) if k <= len(ends) <= _MAX_ENDS + 1 else []


def _with_parts(table: pa.Table, names: tuple[str, str], sides: tuple[MergeSide, MergeSide],
                spans: tuple[np.ndarray, np.ndarray], parts: dict, kind: str) -> pa.Table:
    """Each cut alignment as its one-to-one pairs, in place: a part keeps its sentence as member and is named
    by its text (as a recut piece is), the other side's sentence is itself; the margin is the part's cosine
    in the pair's neighbourhood, `quality` and provenance stay the pair's, the other side's lid score (where
    the table has one) is its sentence's own."""
    (name, other_name), (side, other_side), (own, other) = names, sides, spans
    order = [i for i in range(len(table)) for _ in range(len(parts[i][0]) if i in parts else 1)]
    out = table.take(order)
    lid = f"{other_name}_lid_score"
    columns = {c: out.column(c).to_pylist() for c in (f"{name}_id", f"{name}_text", f"{name}_members",
                                                      f"{other_name}_id", f"{other_name}_text",
                                                      f"{other_name}_members", lid) if c in out.column_names}
    rows, cosine = [], out.column("cosine").to_numpy().copy()
    cut_at = sorted(parts)
    for i, row in zip(cut_at, np.searchsorted(order, cut_at).tolist()):      # each cut alignment's first row
        cut, part_cosine = parts[i]
        mates = other[i][other[i] >= 0].tolist()
        for j, (text, mate) in enumerate(zip(cut, mates)):
            _set_pair(columns, row + j, (name, text, int(side.ids[own[i, 0]])), (other_name, mate, other_side))
        cosine[row:row + len(cut)] = part_cosine
        rows += range(row, row + len(cut))
    score = out.column("score").to_numpy().copy()
    rescored = margin_near(score[rows], out.column("cosine").to_numpy()[rows], cosine[rows], kind)
    score[rows] = np.where(np.isfinite(rescored), rescored, score[rows])
    return with_values(out, {**columns, "score": score, "cosine": cosine})


def _set_pair(columns: dict, row: int, part: tuple[str, str, int], mate: tuple[str, int, MergeSide]) -> None:
    """One part's row: the part named by its text with its sentence as member, the other side's sentence as
    itself, with its own lid score where the side has them."""
    (name, text, sentence), (other_name, at, other_side) = part, mate
    columns[f"{name}_id"][row], columns[f"{name}_text"][row] = text_hash(normalize_text(text)), text
    columns[f"{name}_members"][row] = [sentence]
    columns[f"{other_name}_id"][row] = int(other_side.ids[at])
    columns[f"{other_name}_text"][row], columns[f"{other_name}_members"][row] = other_side.texts[at], None
    if other_side.lid_scores is not None and f"{other_name}_lid_score" in columns:
        columns[f"{other_name}_lid_score"][row] = float(other_side.lid_scores[at])
