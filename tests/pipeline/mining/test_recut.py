"""Boundary refinement: words the splitter left on the wrong side of a guessed sentence end move back."""

import numpy as np
import pyarrow as pa
import pytest

from pipeline.config import MergeConfig, MineConfig
from pipeline.encoders import get_encoder
from pipeline.mining import recut
from pipeline.mining.adjacent import Adjacency
from pipeline.mining.merge import merge_pairs
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
    # a joined span is followed from its last row, on either side
    en = _side("en", list("wxyz"), [1, 2, 3, -1])
    assert adjacent_pairs(np.array([[0, 1], [2, -1]]), np.array([[0, -1], [1, 2]]), th, en) == [(0, 1)]
    assert adjacent_pairs(np.array([[0, 1], [1, -1]]), np.array([[0, -1], [1, -1]]), th, en) == []
    # a row that opens two one-to-one pairs (forward retrieval) has a boundary with each that fits
    assert adjacent_pairs(np.array([[0, -1], [1, -1], [1, -1]]), np.array([[0, -1], [3, -1], [1, -1]]),
                          th, en) == [(0, 2)]


SPELT = ["the court ruled on a case about the climate on the same day",
         "the judges rejected two similar cases on procedural grounds"]
MISCUT = ["the court ruled on a case about the climate",
          "on the same day the judges rejected two similar cases on procedural grounds"]


def _refine(texts: list[str], english: list[str], encoder, bounds=None, min_gain=0.02):
    pieces = {i: _piece(t, i) for i, t in enumerate(texts)}
    others = dict(enumerate(encoded(encoder, english, 8)))
    return refine(pieces, others, bounds or [(i, i + 1) for i in range(len(texts) - 1)], encoder, 4, min_gain, 8)


def test_a_phrase_left_at_the_start_of_the_next_piece_moves_back_by_spelling():
    encoder = get_encoder("hashing")
    out, cosine, changed = _refine(MISCUT, SPELT, encoder)
    assert [out[i].text for i in (0, 1)] == SPELT and changed == {0, 1}
    assert out[0].members == [0, 1] and out[1].members == [1]
    assert [cosine[0], cosine[1]] == pytest.approx([1.0, 1.0], abs=1e-3)   # each piece is now its English
    # pieces already cut where the translation is cut stay as they are
    again, _, unchanged = _refine(SPELT, SPELT, encoder)
    assert [again[i].text for i in (0, 1)] == SPELT and unchanged == set()
    # a gain under `min_gain` moves nothing
    assert _refine(MISCUT, SPELT, encoder, min_gain=2.1)[2] == set()


def test_a_chain_of_pieces_is_recut_in_rounds_without_losing_or_repeating_a_word():
    encoder = get_encoder("hashing")
    english = ["alpha beta gamma delta", "epsilon zeta eta theta", "iota kappa lambda mu", "nu xi omicron pi"]
    miscut = ["alpha beta gamma", "delta epsilon zeta eta theta iota", "kappa lambda mu nu", "xi omicron pi"]
    out, _, changed = _refine(miscut, english, encoder)
    assert [out[i].text for i in range(4)] == english and changed == {0, 1, 2, 3}


def test_a_cut_that_lifts_one_pair_by_taking_what_the_other_needs_is_not_taken(monkeypatch):
    encoder = get_encoder("hashing")
    # both English sentences hold "rebuilt": moving it lifts the first pair by 0.36 and costs the second 0.09
    english = ["harbour rebuilt", "rebuilt after the long war in stone and brick"]
    pieces = ["harbour", english[1]]
    kept, _, none = _refine(pieces, english, encoder)
    assert none == set() and [kept[0].text, kept[1].text] == pieces
    monkeypatch.setattr(recut, "MAX_LOSS", 0.1)
    moved, _, changed = _refine(pieces, english, encoder)
    assert changed == {0, 1} and moved[0].text == "harbour rebuilt"


def test_a_thai_phrase_on_the_wrong_side_of_a_guessed_end_moves_back_with_the_default_encoder(muse):
    """crfcut put "on the same day" (ในวันเดียวกัน) at the end of the sentence before it."""
    first, rest = TH[1].split(" ", 1)
    out, _, changed = _refine([f"{TH[0]} {first}", rest], EN, muse)
    assert [out[0].text, out[1].text] == TH and changed == {0, 1}
    kept, _, none = _refine(TH, EN, muse)
    assert [kept[0].text, kept[1].text] == TH and none == set()


def _table(src_texts: list[str], tgt_texts: list[str], src_lang: str = "th", tgt_lang: str = "en") -> pa.Table:
    n = len(src_texts)
    return with_optional_columns(pa.table({
        "src_lang": [src_lang] * n, "tgt_lang": [tgt_lang] * n, "src_id": np.arange(100, 100 + n, dtype=np.uint64),
        "tgt_id": np.arange(200, 200 + n, dtype=np.uint64), "src_text": src_texts, "tgt_text": tgt_texts,
        "score": np.full(n, 1.5, np.float32), "cosine": np.full(n, 0.6, np.float32),
        "quality": pa.nulls(n, pa.float32())}), PAIRS).select(PAIRS.names).cast(PAIRS)


def _sides(encoder, guessed: str = "th"):
    th = _side(guessed, MISCUT, [1, -1])
    en = _side("en", SPELT, [1, -1])
    return th, MergeSide("en", en.ids, SPELT, Vectors.from_array(encoded(encoder, SPELT, 8)), en.adjacency)


SPANS = np.array([[0, -1], [1, -1]])


def test_the_table_gets_the_recut_text_its_id_members_and_a_margin_from_the_pairs_neighbourhood():
    encoder = get_encoder("hashing")
    th, en = _sides(encoder)
    table, changed = recut_table(_table(MISCUT, SPELT), SPANS, SPANS, th, en, encoder, MergeConfig(), "ratio")
    rows = table.to_pylist()
    assert changed == 2 and [r["src_text"] for r in rows] == SPELT
    assert rows[0]["src_id"] == text_hash(normalize_text(SPELT[0])) and rows[0]["src_members"] == [100, 101]
    assert rows[1]["src_members"] == [101] and rows[1]["tgt_members"] is None
    assert [r["tgt_text"] for r in rows] == SPELT and [r["tgt_id"] for r in rows] == [200, 201]
    # the pair's neighbourhood (0.6 / 1.5 = 0.4) kept: the margin is the new cosine over it, or less it
    assert rows[0]["score"] == pytest.approx(rows[0]["cosine"] / 0.4, rel=1e-5)
    distance = recut_table(_table(MISCUT, SPELT), SPANS, SPANS, th, en, encoder, MergeConfig(), "distance")[0]
    assert distance.column("score")[0].as_py() == pytest.approx(distance.column("cosine")[0].as_py() - (0.6 - 1.5))
    absolute = recut_table(_table(MISCUT, SPELT), SPANS, SPANS, th, en, encoder, MergeConfig(), "absolute")[0]
    assert absolute.column("score").to_pylist() == absolute.column("cosine").to_pylist()
    off = MergeConfig(recut_words=0)
    assert recut_table(_table(MISCUT, SPELT), SPANS, SPANS, th, en, encoder, off, "ratio")[1] == 0
    for german, other in ((_side("de", MISCUT, [1, -1]), en), (th, _side("th", SPELT, [1, -1]))):
        # punctuation's ends are never recut, nor two sides whose ends are both guessed
        assert recut_table(_table(MISCUT, SPELT), SPANS, SPANS, german, other, encoder, MergeConfig(), "ratio")[1] == 0


def test_the_guessed_side_is_recut_as_the_target_too():
    encoder = get_encoder("hashing")
    th, en = _sides(encoder)
    table, changed = recut_table(_table(SPELT, MISCUT, "en", "th"), SPANS, SPANS, en, th, encoder, MergeConfig(),
                                 "ratio")
    rows = table.to_pylist()
    assert changed == 2 and [r["tgt_text"] for r in rows] == SPELT and [r["src_text"] for r in rows] == SPELT
    assert rows[0]["tgt_members"] == [100, 101] and rows[0]["src_members"] is None


def test_a_joined_side_recut_back_to_one_whole_sentence_is_that_sentence():
    encoder = get_encoder("hashing")
    th = _side("th", ["the court ruled", "on a case about the climate", "on the same day the judges rejected "
                      "two similar cases on procedural grounds"], [1, 2, -1])
    english = ["the court ruled on a case about the climate on the same day", SPELT[1]]
    en = _side("en", english, [1, -1])
    en = MergeSide("en", en.ids, english, Vectors.from_array(encoded(encoder, english, 8)), en.adjacency)
    texts = [th.joined([0, 1]), th.texts[2]]
    table, _ = recut_table(_table(texts, english), np.array([[0, 1], [2, -1]]), SPANS, th, en, encoder,
                           MergeConfig(), "ratio")
    rows = table.to_pylist()
    assert [r["src_text"] for r in rows] == english
    assert rows[0]["src_members"] == [100, 101, 102]
    # the second side is now the end of its own sentence only: a piece of it, not it, so it keeps its member
    assert rows[1]["src_members"] == [102] and rows[1]["src_id"] == text_hash(normalize_text(SPELT[1]))


def test_the_merge_step_recuts_its_pairs_and_counts_them():
    encoder = get_encoder("hashing")
    th, en = _sides(encoder)
    th = MergeSide("th", th.ids, th.texts, Vectors.from_array(encoded(encoder, MISCUT, 8)), th.adjacency)
    en = MergeSide("en", np.array([200, 201], np.uint64), en.texts, en.vectors, en.adjacency)
    mine = MineConfig(k=1, scoring="margin", threshold=1.0, min_cosine=0.0)
    cfg = MergeConfig(guessed_penalty=1.0)    # spelling alone joins both pieces for one English: price joins out
    table, stats = merge_pairs(_table(MISCUT, SPELT), th, en, encoder, mine, cfg)
    assert [r["src_text"] for r in table.to_pylist()] == SPELT and stats.altered == {"recut": 2}
    assert stats.rows_out == 2
    off = cfg.model_copy(update={"recut_words": 0})
    as_cut, unchanged = merge_pairs(_table(MISCUT, SPELT), th, en, encoder, mine, off)
    assert "recut" not in unchanged.altered and as_cut.column("src_text").to_pylist() == MISCUT


def test_a_cut_is_never_moved_to_where_the_language_allows_no_end():
    encoder = get_encoder("hashing")
    # the other side "spells" a cut before "ซึ่ง" ("which"), which Thai grammar rules out, so no cut moves
    thai = ["ผู้เล่น ยิงออกข้างเสา", "เมสซี ซึ่งได้รับเลือก ได้ชูถ้วยรางวัล"]
    spelt = ["ผู้เล่น ยิงออกข้างเสา เมสซี", "ซึ่งได้รับเลือก ได้ชูถ้วยรางวัล"]
    th, en = _side("th", thai, [1, -1]), _side("en", spelt, [1, -1])
    en = MergeSide("en", en.ids, spelt, Vectors.from_array(encoded(encoder, spelt, 8)), en.adjacency)
    table, changed = recut_table(_table(thai, spelt), SPANS, SPANS, th, en, encoder, MergeConfig(), "ratio")
    assert changed == 0 and table.column("src_text").to_pylist() == thai
    # where grammar allows the end the other side spells, the cut moves there
    allowed = ["ผู้เล่น", "ยิงออกข้างเสา เมสซี ซึ่งได้รับเลือก ได้ชูถ้วยรางวัล"]
    en = MergeSide("en", en.ids, allowed, Vectors.from_array(encoded(encoder, allowed, 8)), en.adjacency)
    table, changed = recut_table(_table(thai, allowed), SPANS, SPANS, th, en, encoder, MergeConfig(), "ratio")
    assert changed == 2 and table.column("src_text").to_pylist() == allowed
