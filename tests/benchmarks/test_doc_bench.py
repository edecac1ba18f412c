"""The document benchmark's judge: partial pairs that tile a gold line, and a line pair the file repeats."""

import sys
from pathlib import Path

import pyarrow as pa
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import doc_bench as db  # noqa: E402

# gold line 0: two sentences on one side, three on the other; line 1: one each
SRC = ["Eins ist hier. Zwei ist da.", "Drei kommt."]
TGT = ["One is here. It is. Two is there.", "Three comes."]


def _judge(pairs: list[tuple[str, str]], gold: set[int] = frozenset({0, 1})) -> tuple[list, int]:
    locs = (db.Locator(SRC), db.Locator(TGT))
    table = pa.table({"src_text": [s for s, _ in pairs], "tgt_text": [t for _, t in pairs]})
    judged, _, _, n_tiled = db.judge_file(table, locs, set(gold), {})
    return [kind for kind, _, _ in judged], n_tiled


def test_pieces_that_cover_a_line_in_order_are_counted_as_a_tiling():
    kinds, n_tiled = _judge([("Eins ist hier.", "One is here. It is."), ("Zwei ist da.", "Two is there."),
                             ("Drei kommt.", "Three comes.")])
    assert kinds == ["partial", "partial", "exact"] and n_tiled == 2


@pytest.mark.parametrize("pairs", [
    [("Eins ist hier.", "One is here. It is.")],                                      # one piece: no cover
    [("Eins ist hier.", "Two is there."), ("Zwei ist da.", "One is here. It is.")],    # crossed
    [("Eins ist hier.", "One is here."), ("Zwei ist da.", "Two is there.")],           # "It is." left out
    [("Eins ist hier. Zwei ist da.", "One is here."), ("Zwei ist da.", "It is. Two is there.")],   # overlap
])
def test_pieces_that_leave_out_cross_or_overlap_are_no_tiling(pairs):
    kinds, n_tiled = _judge(pairs)
    assert set(kinds) == {"partial"} and n_tiled == 0


def test_a_line_pair_the_file_repeats_counts_once_and_still_judges_pairs_across_it():
    src, tgt = ["A a.", "B b.", "A a.", "C c."], ["X x.", "Y y.", "X x.", "Z z."]
    assert db._once_each({0, 1, 2, 3}, src, tgt) == {0, 1, 3}
    assert db._once_each({1, 2, 3}, src, tgt) == {1, 2, 3}       # the first in gold is the one kept
    locs = (db.Locator(src), db.Locator(tgt))
    assert db.judge("A a. C c.", "X x. Z z.", locs, {0, 1, 2, 3}, {})[0] == "merged"
