"""Boundary refinement: words the splitter left on the wrong side of a guessed sentence end move back."""

import numpy as np
import pyarrow as pa
import pytest

from pipeline.config import MergeConfig
from pipeline.encoders import get_encoder
from pipeline.mining.adjacent import Adjacency
from pipeline.mining.recut import Piece, adjacent_pairs, cuts, recut_table, refine, rounds
from pipeline.mining.spans import MergeSide, encoded
from pipeline.mining.vectors import Vectors
from pipeline.schemas import PAIRS, with_optional_columns
from pipeline.text.normalize import normalize_text, text_hash

# benchmarks/data/thai_written.jsonl (final-2): two sentences and their English
TH = ["นับเป็นครั้งแรกที่ศาลซึ่งตั้งอยู่ในเมืองสตราสบูร์กแห่งนี้มีคำพิพากษาในคดีที่เกี่ยวข้องกับการเปลี่ยนแปลงสภาพภูมิอากาศ",
      "ในวันเดียวกัน คณะผู้พิพากษาได้ยกคำร้องในคดีที่คล้ายคลึงกันอีกสองคดีด้วยเหตุผลทางกระบวนพิจารณา "
      "โดยคดีหนึ่งยื่นฟ้องโดยเยาวชนชาวโปรตุเกส 6 คน และอีกคดีหนึ่งยื่นฟ้องโดยอดีตนายกเทศมนตรีชาวฝรั่งเศส"]
EN = ["It was the first time that the Strasbourg-based court had ruled on a case concerning climate change.",
      "On the same day, the judges rejected two similar cases on procedural grounds, one brought by six young "
      "Portuguese people and another by a former French mayor."]


def _piece(text: str, row: int) -> Piece:
    return Piece(text.split(" "), [row] * len(text.split(" ")))


def test_a_chain_of_boundaries_is_taken_in_rounds_that_move_no_text_at_both_ends():
    assert rounds([(0, 1), (1, 2), (2, 3), (5, 6)]) == [[(0, 1), (2, 3), (5, 6)], [(1, 2)]]
    assert rounds([]) == []


def test_cuts_move_up_to_the_window_either_way_and_never_at_an_empty_word():
    left, right = _piece("a b c", 0), _piece("d e", 1)
    texts = [(x.text, y.text) for x, y in cuts(left, right, 2)]
    assert texts == [("a", "b c d e"), ("a b", "c d e"), ("a b c d", "e")]   # never empty, never as it was
    moved = cuts(left, right, 1)[1]
    assert moved[0].rows == [0, 0, 0, 1] and moved[0].members == [0, 1] and moved[1].members == [1]
    # "a  b" holds an empty word between its two spaces: no cut leaves a text ending or starting with a space
    assert [(x.text, y.text) for x, y in cuts(_piece("a  b", 0), _piece("c d", 1), 3)] == [("a  b c", "d")]


def _side(lang: str, texts: list[str], nxt: list[int]) -> MergeSide:
    prev = [-1] * len(nxt)
    for i, j in enumerate(nxt):
        if j >= 0:
            prev[j] = i
    return MergeSide(lang, np.arange(100, 100 + len(texts), dtype=np.uint64), texts,
                     Vectors.from_array(np.eye(len(texts), 4, dtype=np.float32)),
                     Adjacency(next=np.array(nxt), prev=np.array(prev)))


def test_only_alignments_that_follow_each_other_on_both_sides_share_a_boundary():
    th = _side("th", list("abcd"), [1, 2, 3, -1])        # one document of four pieces
    en = _side("en", list("wxyz"), [1, -1, 3, -1])       # two documents of two sentences
    spans, other = np.array([[0, -1], [1, 2], [3, -1]]), np.array([[0, -1], [1, -1], [2, 3]])
    # 0-1 follow each other on both sides; 1-2 do on the Thai side only (x ends its document)
    assert adjacent_pairs(spans, other, th, en) == [(0, 1)]


def test_a_phrase_left_at_the_start_of_the_next_piece_moves_back_by_spelling():
    encoder = get_encoder("hashing")
    english = ["the court ruled on a case about the climate on the same day",
               "the judges rejected two similar cases on procedural grounds"]
    pieces = [_piece("the court ruled on a case about the climate", 0),
              _piece("on the same day the judges rejected two similar cases on procedural grounds", 1)]
    out, cosine, changed = refine(pieces, encoded(encoder, english, 8), [(0, 1)], encoder, 4, 0.02, 8)
    assert [p.text for p in out] == english and changed == {0, 1}
    assert out[0].members == [0, 1] and out[1].members == [1]
    assert cosine.tolist() == pytest.approx([1.0, 1.0], abs=1e-3)      # each piece is now its English, spelt alike
    # pieces already cut where the translation is cut stay as they are
    again, _, unchanged = refine(out, encoded(encoder, english, 8), [(0, 1)], encoder, 4, 0.02, 8)
    assert [p.text for p in again] == english and unchanged == set()


def test_a_thai_phrase_on_the_wrong_side_of_a_guessed_end_moves_back_with_the_default_encoder(muse):
    """crfcut put "on the same day" (ในวันเดียวกัน) at the end of the sentence before it."""
    first, rest = TH[1].split(" ", 1)
    pieces = [_piece(f"{TH[0]} {first}", 0), _piece(rest, 1)]
    out, _, changed = refine(pieces, encoded(muse, EN, 8), [(0, 1)], muse, 4, 0.02, 8)
    assert [p.text for p in out] == TH and changed == {0, 1}
    kept, _, none = refine([_piece(t, i) for i, t in enumerate(TH)], encoded(muse, EN, 8), [(0, 1)], muse, 4, 0.02, 8)
    assert [p.text for p in kept] == TH and none == set()


def _table(src_texts: list[str], tgt_texts: list[str]) -> pa.Table:
    n = len(src_texts)
    return with_optional_columns(pa.table({
        "src_lang": ["th"] * n, "tgt_lang": ["en"] * n, "src_id": np.arange(100, 100 + n, dtype=np.uint64),
        "tgt_id": np.arange(200, 200 + n, dtype=np.uint64), "src_text": src_texts, "tgt_text": tgt_texts,
        "score": np.full(n, 1.5, np.float32), "cosine": np.full(n, 0.6, np.float32),
        "quality": pa.nulls(n, pa.float32())}), PAIRS).select(PAIRS.names).cast(PAIRS)


def test_the_table_gets_the_recut_text_its_id_members_and_a_margin_from_the_pairs_neighbourhood():
    encoder = get_encoder("hashing")
    english = ["the court ruled on a case about the climate on the same day",
               "the judges rejected two similar cases on procedural grounds"]
    thai = ["the court ruled on a case about the climate", "on the same day the judges rejected two similar cases "
            "on procedural grounds"]
    th, en = _side("th", thai, [1, -1]), _side("en", english, [1, -1])
    en = MergeSide("en", en.ids, english, Vectors.from_array(encoded(encoder, english, 8)), en.adjacency)
    spans = np.array([[0, -1], [1, -1]])
    table, changed = recut_table(_table(thai, english), spans, spans, th, en, encoder, MergeConfig(), "ratio")
    rows = table.to_pylist()
    assert changed == 2 and [r["src_text"] for r in rows] == english
    assert rows[0]["src_id"] == text_hash(normalize_text(english[0])) and rows[0]["src_members"] == [100, 101]
    assert rows[1]["src_members"] == [101] and rows[1]["tgt_members"] is None
    # the pair's neighbourhood (0.6 / 1.5 = 0.4) kept: the margin is the new cosine over it
    assert rows[0]["score"] == pytest.approx(rows[0]["cosine"] / 0.4, rel=1e-5)
    assert recut_table(_table(thai, english), spans, spans, th, en, encoder, MergeConfig(recut_words=0),
                       "ratio")[1] == 0
    german = _side("de", thai, [1, -1])          # a language whose ends are punctuation: never recut
    assert recut_table(_table(thai, english), spans, spans, german, en, encoder, MergeConfig(), "ratio")[1] == 0
