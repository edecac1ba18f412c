"""A guessed sentence end the splitter missed, placed where the alignment shows it.

Thai writes no full stop, and where crfcut finds no likely end between two sentences ("...จนถึงคริสต์ศตวรรษที่ 15
ชื่อนี้ตั้งขึ้นในปี ค.ศ. 1877...", "...to the 15th century. The name was coined in 1877..."), they stay one piece,
which the merge step pairs with both English sentences: a whole translation, but not the sentence pairs the
rest of the output holds. Where one guessed piece is aligned with k sentences of the other side, the piece is
cut at k - 1 of the places where its grammar allows an end and crfcut finds one at least a little likely
(`possible_ends`), each part at least `MIN_WORDS` words; a cut is kept when no part's cosine with its sentence,
in order, is more than `resplit_max_loss` below the whole pair's (of those, the highest summed cosine).
A translator's one sentence for two, cut at a clause, leaves parts that fit their sentences worse than the whole
fits both
("นี่เป็นเที่ยวบินที่ 3 ของจรวดรุ่นนี้ ซึ่งเที่ยวบินแรกเมื่อเดือนกรกฎาคม | พ.ศ. 2567 ...": 0.60 and 0.61 against the
whole's 0.74), and stays one pair. The alignment becomes k pairs, a part each.

The splitter may also have cut inside the next sentence where it missed the end before it ("...ทั้ง 30 สถานี
วัดอรุณราชวราราม หรือที่รู้จักกันในชื่อวัดแจ้ง | ตั้งอยู่ริมฝั่งตะวันตก...": the piece holds one sentence and the head of
the next, whose tail is a piece no alignment holds). So a piece no alignment holds beside the cut one may join its
nearest part: the cuts with it compete with the cuts without it, by the same summed cosine (its last part 0.57
without the tail, 0.79 with it, against the whole's 0.70).

And the merge step may have paired a piece that holds several sentences with only some of their translations
("...ยาวประมาณ 40,000 กม. ในปี ค.ศ. 79 ภูเขาไฟวิสุเวียสปะทุ... ศตวรรษที่ 18 การปะทุครั้งใหญ่ที่สุด...", three lines,
against the middle one's two English sentences), where the others stand beside them, held by no alignment (its
window joins at most `max_sentences`). So the sentences just before and after the pair's, where no alignment
holds them, may widen the alignment, where the piece is at least half as close to it as the pair's cosine (a
piece does not hold the translation of a sentence that far from it). The pair's own sentences may be cut for in
consecutive groups too (there, the middle line's two English sentences are one line's translation). A cut is
kept where every part passes the same loss rule, the one covering the most sentences first, then the one with
the most parts, then the highest summed cosine (a part against a sentence the piece does not translate fits it
far worse than the whole pair).
"""

from collections import Counter
from itertools import combinations

import numpy as np
import pyarrow as pa

from pipeline.config import MergeConfig
from pipeline.encoders.base import Encoder
from pipeline.mining.margin import margin_near
from pipeline.mining.spans import MergeSide, encoded, join_texts, row_mask, row_vectors, rowwise_dot, span_vectors
from pipeline.schemas import with_values
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.split import guesses_boundaries, possible_ends
from pipeline.text.thai_split import MIN_WORDS, word_count

_MAX_ENDS = 24            # a piece with more places to cut is left whole (its cuts grow with the square)
_BLOCK = 256              # alignments whose cuts are embedded at once (at most ~300 texts each)
_WIDEN_SHARE = 0.5        # a free sentence widens an alignment from this share of the pair's cosine to the piece


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
              batch_size: int) -> list[tuple[int, np.ndarray] | None]:
    """Per alignment, the number of the cut (among its `options`) whose parts have the highest summed cosine
    with their sentences (`mates`: a vector per sentence, in order), and those cosines; None where it has no
    cut."""
    texts = list(dict.fromkeys(part for option in options for cut in option for part in cut))
    vector = dict(zip(texts, encoded(encoder, texts, batch_size))) if texts else {}
    out = []
    for option, mate in zip(options, mates):
        if not option:
            out.append(None)
            continue
        cosine = np.array([[float(vector[part] @ mate[j]) for j, part in enumerate(cut)] for cut in option])
        best = int(np.argmax(cosine.sum(axis=1)))
        out.append((best, cosine[best]))
    return out


def resplit_table(table: pa.Table, src_spans: np.ndarray, tgt_spans: np.ndarray, src: MergeSide, tgt: MergeSide,
                  encoder: Encoder, cfg: MergeConfig, kind: str, batch_size: int = 256) -> tuple[pa.Table, Counter]:
    """The kept alignments (rows of `table`, spans of rows padded -1) with each guessed piece aligned with
    several sentences, or with some beside a free one, cut into a pair per part where its parts fit them; and
    the count of those cut, by shape (`resplit_1_2`: one piece into two pairs), of those that took a piece
    beside them (`resplit_joins`), and of those cut for a free sentence of the other side (`resplit_widened`)."""
    guessed = [guesses_boundaries(side.lang) for side in (src, tgt)]
    if not cfg.resplit or guessed[0] == guessed[1] or not len(table):
        return table, Counter()
    name, other_name = ("src", "tgt") if guessed[0] else ("tgt", "src")
    side, other_side = (src, tgt) if guessed[0] else (tgt, src)
    spans, other = (src_spans, tgt_spans) if guessed[0] else (tgt_spans, src_spans)
    texts = table.column(f"{name}_text").to_pylist()
    whole = table.column("cosine").to_numpy()
    # one piece as the splitter cut it (a recut one moved words across its own ends)
    at = [i for i in np.flatnonzero(spans[:, 1] < 0).tolist() if texts[i] == side.texts[spans[i, 0]]]
    held = row_mask(len(side.texts), spans)
    beside = _widening(np.array(at, np.int64), side, other_side, spans[:, 0], other, whole)
    tried = [(i, units) for i, edges in zip(at, beside)
             for units in _mate_units(tuple(other[i][other[i] >= 0].tolist()), *edges)]
    cut_at = list(dict.fromkeys(i for i, _ in tried))
    ends = {i: possible_ends(side.lang, texts[i]) for i in cut_at}
    free = {i: _beside(side, spans[i, 0], held) for i in cut_at}
    passed: dict[int, list] = {}
    for start in range(0, len(tried), _BLOCK):
        block = tried[start:start + _BLOCK]
        mates = _unit_vectors(other_side, [units for _, units in block], encoder, batch_size)
        options = [_options(side, texts[i], ends[i], len(units), free[i]) for i, units in block]
        cuts = [list(option) for option in options]
        for (i, units), option, cut, best in zip(block, options, cuts, best_cuts(cuts, mates, encoder, batch_size)):
            if best is not None and best[1].min() >= whole[i] - cfg.resplit_max_loss:
                passed.setdefault(i, []).append((cut[best[0]], best[1], option[cut[best[0]]], units))
    parts = _one_taker({i: sorted(found, key=_size, reverse=True) for i, found in passed.items()}, other)
    if not parts:
        return table, Counter()
    shapes = Counter(f"resplit_1_{len(cut)}" for cut, _, _, _ in parts.values())
    shapes["resplit_joins"] = sum(max(joined) >= 0 for _, _, joined, _ in parts.values())
    shapes["resplit_widened"] = sum(sum(map(len, units)) > int((other[i] >= 0).sum())
                                    for i, (_, _, _, units) in parts.items())
    return _with_parts(table, (name, other_name), (side, other_side), spans, parts, kind), +shapes


def _widening(at: np.ndarray, side: MergeSide, other_side: MergeSide, pieces: np.ndarray, other: np.ndarray,
              whole: np.ndarray) -> list[tuple[int, int]]:
    """Per alignment (rows `at`), the sentences just before and after its own on the other side (-1: none) that
    may widen it: held by no alignment, and at least `_WIDEN_SHARE` of the pair's cosine from the piece (stored
    vectors), as a piece holding a sentence's translation among others is; the rest are not worth cutting the
    piece for."""
    if not len(at):
        return []
    held, rows = row_mask(len(other_side.texts), other), other[at]
    last = rows[np.arange(len(at)), (rows >= 0).sum(axis=1) - 1]
    edges = np.stack([other_side.adjacency.prev[rows[:, 0]], other_side.adjacency.next[last]], axis=1)
    free = (edges >= 0) & ~held[np.maximum(edges, 0)]
    for k in range(2):
        near = np.flatnonzero(free[:, k])
        if len(near):
            fit = rowwise_dot(row_vectors(side, pieces[at[near]]), row_vectors(other_side, edges[near, k]))
            free[near, k] = fit >= _WIDEN_SHARE * whole[at[near]]
    return [tuple(r) for r in np.where(free, edges, -1).tolist()]


def _mate_units(own: tuple[int, ...], before: int, after: int) -> list[tuple[tuple[int, ...], ...]]:
    """What a piece aligned with the sentences `own` may be cut for, a part per unit: them in consecutive groups
    (a sentence the translator wrote as two is one unit), at least two; and those widened by the free sentence
    `before` them, `after` them (-1: none), or both."""
    groupings = [tuple(own[a:b] for a, b in zip((0, *cut), (*cut, len(own))))
                 for n in range(len(own)) for cut in combinations(range(1, len(own)), n)]
    out = [g for g in groupings if len(g) > 1]
    for head, tail in sorted({(before, -1), (-1, after), (before, after)} - {(-1, -1)}):
        edges = ([(head,)] if head >= 0 else [], [(tail,)] if tail >= 0 else [])
        out += [(*edges[0], *g, *edges[1]) for g in groupings]
    return out


def _unit_vectors(side: MergeSide, entries: list[tuple[tuple[int, ...], ...]], encoder: Encoder,
                  batch_size: int) -> list[np.ndarray]:
    """A vector per unit of each entry: a sentence's stored one, the encoder's for several joined (each unit
    once)."""
    units = list(dict.fromkeys(unit for entry in entries for unit in entry))
    if not units:
        return [np.zeros((0, side.vectors.dim), np.float32) for _ in entries]
    spans = np.full((len(units), max(2, *map(len, units))), -1, np.int64)
    for k, unit in enumerate(units):
        spans[k, :len(unit)] = unit
    vectors = dict(zip(units, span_vectors(side, spans, encoder, batch_size)))
    return [np.array([vectors[unit] for unit in entry], np.float32).reshape(len(entry), -1) for entry in entries]


def _size(found: tuple) -> tuple[int, int, float]:
    """How a passing cut ranks (its parts' cosines, its units): more sentences first, then more parts, then the
    higher summed cosine."""
    cosine, units = found[1], found[3]
    return sum(map(len, units)), len(units), float(cosine.sum())


def _beside(side: MergeSide, row: int, held: np.ndarray) -> tuple[int, int]:
    """The pieces just before and after `row` in its document that no alignment holds (-1: none)."""
    return tuple(int(r) if r >= 0 and not held[r] else -1 for r in (side.adjacency.prev[row], side.adjacency.next[row]))


def _options(side: MergeSide, text: str, ends: list[tuple[int, int]], k: int,
             beside: tuple[int, int]) -> dict[tuple[str, ...], tuple[int, int]]:
    """The ways to cut a piece (its possible `ends`) into k parts, alone or with the free piece before it joined
    to its first part or the one after it to its last: each cut -> (row joined before, row joined after; -1:
    none). None where the piece has too few places to cut, or too many."""
    if not k <= len(ends) <= _MAX_ENDS + 1:
        return {}
    before, after = beside
    out = {}
    for joined in [(-1, -1)] + [(before, -1)] * (before >= 0) + [(-1, after)] * (after >= 0):
        head, tail = (side.texts[r] if r >= 0 else "" for r in joined)
        text_with = join_texts(side.lang, [t for t in (head, text, tail) if t])
        shift = (len(head) + 1 if head else 0, word_count(head))
        inner = [(offset + shift[0], words + shift[1]) for offset, words in ends[:-1]]
        total = shift[1] + ends[-1][1] + word_count(tail)
        out.update(dict.fromkeys(splits(text_with, [*inner, (len(text_with), total)], k), joined))
    return out


def _one_taker(passed: dict[int, list], other: np.ndarray) -> dict:
    """Per alignment, its best passing cut (`passed`: its cuts, best first) that takes no free piece and no free
    sentence a cut of an alignment earlier in the table took."""
    taken: set[int] = set()
    other_taken: set[int] = set()
    out = {}
    for i in sorted(passed):
        for found in passed[i]:
            joined = {r for r in found[2] if r >= 0}
            widened = {r for unit in found[3] for r in unit} - set(other[i].tolist())
            if not joined & taken and not widened & other_taken:
                out[i] = found
                taken |= joined
                other_taken |= widened
                break
    return out


def _with_parts(table: pa.Table, names: tuple[str, str], sides: tuple[MergeSide, MergeSide],
                own: np.ndarray, parts: dict, kind: str) -> pa.Table:
    """Each cut alignment as its pairs, a part each, in place: a part keeps its sentence (and a free piece it
    took) as members and is named by its text (as a recut piece is), the other side's sentences are as a merge
    has them (one: itself); the margin is the part's cosine in the pair's neighbourhood, `quality` and
    provenance stay the pair's, the other side's lid score (where the table has one) is its sentence's own
    (several: their lowest)."""
    (name, other_name), (side, other_side) = names, sides
    order = [i for i in range(len(table)) for _ in range(len(parts[i][0]) if i in parts else 1)]
    out = table.take(order)
    lid = f"{other_name}_lid_score"
    columns = {c: out.column(c).to_pylist() for c in (f"{name}_id", f"{name}_text", f"{name}_members",
                                                      f"{other_name}_id", f"{other_name}_text",
                                                      f"{other_name}_members", lid) if c in out.column_names}
    rows, cosine = [], out.column("cosine").to_numpy().copy()
    cut_at = sorted(parts)
    for i, row in zip(cut_at, np.searchsorted(order, cut_at).tolist()):      # each cut alignment's first row
        cut, part_cosine, (before, after), units = parts[i]
        for j, (text, mate) in enumerate(zip(cut, units)):
            members = [before] * (j == 0 and before >= 0) + [own[i, 0]] + [after] * (j == len(cut) - 1 and after >= 0)
            _set_pair(columns, row + j, (name, text, side.ids[members].tolist()), (other_name, mate, other_side))
        cosine[row:row + len(cut)] = part_cosine
        rows += range(row, row + len(cut))
    score = out.column("score").to_numpy().copy()
    rescored = margin_near(score[rows], out.column("cosine").to_numpy()[rows], cosine[rows], kind)
    score[rows] = np.where(np.isfinite(rescored), rescored, score[rows])
    return with_values(out, {**columns, "score": score, "cosine": cosine})


def _set_pair(columns: dict, row: int, part: tuple[str, str, list[int]],
              mate: tuple[str, tuple[int, ...], MergeSide]) -> None:
    """One part's row: the part named by its text with its members (its sentence, and a free piece it took); the
    other side's sentence as itself, with its own lid score where the side has them, or its sentences joined
    as a merge has them (their lowest lid score)."""
    (name, text, members), (other_name, unit, other_side) = part, mate
    columns[f"{name}_id"][row], columns[f"{name}_text"][row] = text_hash(normalize_text(text)), text
    columns[f"{name}_members"][row] = members
    named = other_side.named(list(unit))
    columns[f"{other_name}_id"][row], columns[f"{other_name}_text"][row], columns[f"{other_name}_members"][row] = named
    if other_side.lid_scores is not None and f"{other_name}_lid_score" in columns:
        columns[f"{other_name}_lid_score"][row] = float(min(other_side.lid_scores[r] for r in unit))
