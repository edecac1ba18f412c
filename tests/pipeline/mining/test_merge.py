"""Split-robust mining: translator splits become merged pairs; whole one-to-one pairs stay as mined."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from pipeline.config import MergeConfig, MineConfig, load_config
from pipeline.embed import embed_texts, save_embeddings
from pipeline.encoders import get_encoder
from pipeline.errors import BitextError
from pipeline.mining.adjacent import Adjacency
from pipeline.mining.merge import (
    Options,
    _gates,
    _guessed_only,
    _penalties,
    _scores_near,
    _split_off_of,
    _width,
    adjusted,
    choose,
    embedded,
    gap_alignments,
    guessed_orphan_joins,
    load_merge_side,
    merge_file,
    merged_table,
    options_of,
    quotation_joins,
    regrown,
    split_off_joins,
)
from pipeline.mining.pairs import load_side, mine_language_pair
from pipeline.mining.spans import MergeSide, join_texts
from pipeline.mining.vectors import Vectors
from pipeline.plan import Plan, mine_all
from pipeline.schemas import LID, PAIRS, read_table, write_table
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.work import run_in_process

from ...conftest import REPO, SAMPLE

NEWSTEST = next((p / "shared" / "data" / "newstest" for p in REPO.parents
                 if (p / "shared" / "data" / "newstest").is_dir()), None)


def test_adjacency_links_consecutive_positions_of_one_document_only():
    source = np.array([0, 0, 0, 0, 1, 0, 0])
    doc_id = np.array([0, 0, 0, 1, 0, 0, 1])
    position = np.array([0, 1, 3, 4, 0, 2, 5])     # row 5 (position 2) sits between rows 1 and 2
    adj = Adjacency.of(source, doc_id, position)
    assert adj.next.tolist() == [1, 5, -1, 6, -1, 2, -1]
    assert adj.prev.tolist() == [-1, 0, 5, -1, -1, 1, 3]


def test_merge_options_are_runs_of_adjacent_sentences_holding_the_pair():
    adj = Adjacency(next=np.array([1, 2, 3, -1]), prev=np.array([-1, 0, 1, 2]))   # one document of four
    lone = Adjacency(next=np.array([-1]), prev=np.array([-1]))
    two = options_of(np.array([0]), np.array([2]), lone, adj)
    assert [tuple(t) for t in two.tgt] == [(2, -1), (1, 2), (2, 3)] and two.added.tolist() == [0, 1, 1]
    three = options_of(np.array([0]), np.array([2]), lone, adj, width=3)
    assert [tuple(t[t >= 0]) for t in three.tgt] == [(2,), (1, 2), (2, 3), (0, 1, 2), (1, 2, 3)]
    assert three.added.tolist() == [0, 1, 1, 2, 2] and (three.src[:, 0] == 0).all()


def test_merge_options_reach_further_on_a_side_of_guessed_sentence_ends():
    adj = Adjacency(next=np.array([1, 2, 3, 4, -1]), prev=np.array([-1, 0, 1, 2, 3]))   # one document of five
    lone = Adjacency(next=np.array([-1]), prev=np.array([-1]))
    wide = options_of(np.array([0]), np.array([2]), lone, adj, width=3, tgt_width=5)
    assert wide.src.shape[1] == wide.tgt.shape[1] == 5 and (wide.src[:, 1:] == -1).all()
    assert (0, 1, 2, 3, 4) in {tuple(t[t >= 0]) for t in wide.tgt}
    assert max(wide.added.tolist()) == 4
    assert _width("th", MergeConfig()) == 5 and _width("de", MergeConfig()) == 3
    assert _width("th", MergeConfig(guessed_max_sentences=2)) == 3      # never below max_sentences


def test_joined_texts_keep_a_space_only_where_the_script_has_spaces():
    assert join_texts("de", ["Ja.", "Nein.", "Doch."]) == "Ja. Nein. Doch."
    assert join_texts("ja", ["はい。", "いいえ。"]) == "はい。いいえ。"
    assert join_texts("zh", ["是。", "不是。"]) == "是。不是。"
    assert join_texts("th", ["ฝนตกหนัก", "ถนนปิด"]) == "ฝนตกหนัก ถนนปิด"      # a Thai sentence ends at a space


def _options(*alignments):
    """Options from (pair, src rows, tgt rows) with rows as tuples of one or two."""
    def span(rows):
        return [rows[0], rows[1] if len(rows) > 1 else -1]
    return Options(np.array([a[0] for a in alignments]), np.array([span(a[1]) for a in alignments]),
                   np.array([span(a[2]) for a in alignments]))


def test_a_merge_absorbs_a_neighbour_only_when_it_beats_the_neighbours_own_pair():
    # pair 0 = (s0, t0), pair 1 = (s1, t1); pair 0 may grow to (s0, t0 t1)
    options = _options((0, (0,), (0,)), (1, (1,), (1,)), (0, (0,), (0, 1)))
    assert choose(options, np.array([1.2, 1.5, 1.4]), 2, 2).tolist() == [0, 1]   # t1's pair is better
    assert choose(options, np.array([1.2, 1.3, 1.4]), 2, 2).tolist() == [2]      # the merge wins, pair 1 goes


def test_joining_sentences_the_splitter_guessed_apart_costs_no_penalty():
    # Thai writes no full stop, so its splitter's cuts are guesses: a Thai piece joined back to its other half
    # needs no margin over the piece's pair; two English sentences joined still do
    options = _options((0, (0,), (0,)), (0, (0, 1), (0,)), (0, (0,), (0, 1)))
    cfg = MergeConfig()
    assert _penalties(options, "th", "en", cfg).tolist() == [0.0, 0.0, cfg.penalty]
    assert _penalties(options, "de", "en", cfg).tolist() == [0.0, cfg.penalty, cfg.penalty]
    # such a join is embedded whatever the estimate says, and keeps the pair's neighbourhood: its margin is the
    # pair's scaled by the cosine it gains
    assert _gates(options, "th", "en", cfg)[1:].tolist() == [cfg.guessed_min_estimated_gain, cfg.min_estimated_gain]
    near = _guessed_only(options, "th", "en")
    scores = _scores_near(options, np.array([1.6, 1.5, 1.7]), np.array([0.8, 0.84, 0.9]), np.array([1.6]),
                          np.array([0.8]), near, "ratio")
    assert scores.tolist() == pytest.approx([1.6, 0.84 / (0.8 / 1.6), 1.7])
    distance = _scores_near(options, np.array([0.3, 0.2, 0.4]), np.array([0.8, 0.84, 0.9]), np.array([0.3]),
                            np.array([0.8]), near, "distance")
    assert distance.tolist() == pytest.approx([0.3, 0.84 - (0.8 - 0.3), 0.4])
    # a pair whose ratio does not tell its neighbourhood keeps the join's own score
    assert _scores_near(options, np.array([-0.1, 1.5, 1.7]), np.array([0.8, 0.84, 0.9]), np.array([-0.1]),
                        np.array([0.8]), near, "ratio")[1] == 1.5


def _doc(lang: str, texts: list[str]) -> MergeSide:
    n = len(texts)
    adj = Adjacency(next=np.array([*range(1, n), -1]), prev=np.array([-1, *range(n - 1)]))
    return MergeSide(lang, np.arange(n, dtype=np.uint64), texts, Vectors.from_array(np.eye(n, 4, dtype=np.float32)),
                     adj)


def _joins(options, src, tgt, src_rows, tgt_rows, n_pairs=None):
    mask = quotation_joins(options, src, tgt, np.array(src_rows), np.array(tgt_rows),
                           len(src_rows) if n_pairs is None else n_pairs)
    return {(tuple(s[s >= 0]), tuple(t[t >= 0])) for s, t, q in zip(options.src, options.tgt, mask) if q}


def test_a_quotation_join_adds_only_the_unpaired_parts_of_the_pairs_own_quotation():
    en = _doc("en", ["The minister spoke.", '"The season was a success.', 'No one fell ill," he said.', "Next year."])
    ar = _doc("ar", ["تحدث الوزير.", "قال إن «الموسم كان ناجحا. لم يمرض أحد».", "العام المقبل."])
    options = options_of(np.array([1]), np.array([2]), ar.adjacency, en.adjacency, width=3)
    assert _joins(options, ar, en, [1], [2]) == {((1,), (1, 2))}
    # the English first part holds a pair of its own (both sides cut the quotation): no such join
    held = options_of(np.array([1, 0]), np.array([2, 1]), ar.adjacency, en.adjacency)
    assert _joins(held, ar, en, [1, 0], [2, 1]) == set()
    # ...but a k-NN candidate the miner rejected (found pairs come after the mined ones) holds nothing
    assert ((1,), (1, 2)) in _joins(held, ar, en, [1, 0], [2, 1], n_pairs=1)
    # the other side must hold the quotation whole: reported speech without marks gets no slack
    plain = _doc("ar", ["تحدث الوزير.", "قال إن الموسم كان ناجحا ولم يمرض أحد.", "العام المقبل."])
    assert _joins(options, plain, en, [1], [2]) == set()


def test_a_quotation_join_grows_on_the_source_side_too():
    de = _doc("de", ["Der Minister sprach.", "„Die Saison war ein Erfolg.", "Niemand wurde krank“, sagte er."])
    ko = _doc("ko", ["장관이 말했다.", "그는 “시즌은 성공적이었다. 아무도 아프지 않았다”고 말했다."])
    options = options_of(np.array([2]), np.array([1]), de.adjacency, ko.adjacency)
    assert _joins(options, de, ko, [2], [1]) == {((1, 2), (1,))}


def test_a_quotation_join_is_embedded_whatever_the_estimate_and_may_score_a_little_below_its_pair():
    options = _options((0, (0,), (1,)), (0, (0,), (0, 1)), (0, (0,), (1, 2)))
    quoted, cfg = np.array([False, True, False]), MergeConfig()
    gain = np.array([np.nan, -0.3, -0.3])
    assert embedded(options, gain, quoted, "ar", "en", cfg).tolist() == [True, True, False]
    # the quotation join 0.19 below the pair wins; a plain merge 0.09 below, or a quotation join 0.21 below, does not
    none = np.zeros(3, bool)
    ranked = adjusted(options, np.array([1.91, 1.72, 1.82]), quoted, none, none, "ar", "en", cfg)
    assert ranked.tolist() == pytest.approx([1.91, 1.92, 1.77])
    assert choose(options.take(np.array([0, 1])), ranked[:2], 1, 3).tolist() == [1]
    lower = adjusted(options, np.array([1.91, 1.70, 1.82]), quoted, none, none, "ar", "en", cfg)
    assert choose(options.take(np.array([0, 1])), lower[:2], 1, 3).tolist() == [0]


def _side(lang: str, texts: list[str], vectors: list[list[float]]) -> MergeSide:
    n = len(texts)
    adj = Adjacency(next=np.array([*range(1, n), -1]), prev=np.array([-1, *range(n - 1)]))
    return MergeSide(lang, np.arange(n, dtype=np.uint64), texts, Vectors.from_array(np.array(vectors, np.float32)),
                     adj)


_IT = ["Ferrer ha vinto.", "Ferrer ha 21 anni ed è 18ª.", "Finora non era mai andata oltre i quarti.", "Parigi"]
_EN = ["Ferrer won.", "Ferrer, 21 and 18th, had never gone past the quarter-finals.", "Paris is next."]


def _split_offs(it: MergeSide, en: MergeSide, src_rows: list[int], tgt_rows: list[int]) -> set:
    options = options_of(np.array(src_rows), np.array(tgt_rows), it.adjacency, en.adjacency)
    mask = split_off_joins(options, it, en, np.array(src_rows), np.array(tgt_rows), len(src_rows))
    return {(tuple(s[s >= 0]), tuple(t[t >= 0])) for s, t, q in zip(options.src, options.tgt, mask) if q}


def test_a_sentence_a_translator_split_off_joins_its_pair():
    # "Finora..." is held by no pair, ends like a sentence, and faces "Paris is next.", which a pair holds and
    # which is further from it than the pair's English
    it = _side("it", _IT, [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0.6, 0.8, 0], [0, 0, 0, 1]])
    en = _side("en", _EN, [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]])
    assert _split_offs(it, en, [0, 1, 3], [0, 1, 2]) == {((1, 2), (1,))}
    # the sentence it faces is unpaired: it may be that sentence's translation (a missed pair, not a split)
    assert _split_offs(it, en, [0, 1], [0, 1]) == set()
    # the sentence it faces is closer to it than the pair's English
    closer = _side("en", _EN, [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
    assert ((1, 2), (1,)) not in _split_offs(it, closer, [0, 1, 3], [0, 1, 2])
    # a headline (no final stop) is no sentence split off: "Parigi", unpaired, facing nothing beside the pair
    # of "Finora..." and "Paris is next."
    assert _split_offs(it, en, [0, 1, 2], [0, 1, 2]) == set()
    titled = _side("it", _IT[:3] + ["Parigi."], [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0.6, 0.8, 0], [0, 0, 0, 1]])
    assert _split_offs(titled, en, [0, 1, 2], [0, 1, 2]) == {((2, 3), (2,))}
    # nothing faces it at the end of the document: the join stands
    short = _side("en", _EN[:2], [[1, 0, 0, 0], [0, 1, 0, 0]])
    assert _split_offs(it, short, [0, 1], [0, 1]) == {((1, 2), (1,))}


def test_split_off_joins_are_off_with_their_switch_and_never_a_quotation_join():
    it = _side("it", _IT, [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0.6, 0.8, 0], [0, 0, 0, 1]])
    en = _side("en", _EN, [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]])
    rows = np.array([0, 1, 3]), np.array([0, 1, 2])
    options = options_of(*rows, it.adjacency, en.adjacency)
    quoted = np.zeros(len(options.pair), bool)
    on = _split_off_of(options, it, en, *rows, 3, quoted, MergeConfig())
    assert on.sum() == 1
    assert not _split_off_of(options, it, en, *rows, 3, quoted, MergeConfig(split_off_joins=False)).any()
    assert not _split_off_of(options, it, en, *rows, 3, on, MergeConfig()).any()
    # a k-NN candidate the miner rejected (after the mined pairs) does not grow so: "Finora..." faces nothing
    short = _side("en", _EN[:2], [[1, 0, 0, 0], [0, 1, 0, 0]])
    two = options_of(np.array([0, 1]), np.array([0, 1]), it.adjacency, short.adjacency)
    assert split_off_joins(two, it, short, np.array([0, 1]), np.array([0, 1]), 2)[two.pair == 1].any()
    assert not split_off_joins(two, it, short, np.array([0, 1]), np.array([0, 1]), 1)[two.pair == 1].any()


def test_a_split_off_join_pays_no_penalty_and_keeps_the_pairs_neighbourhood():
    options = _options((0, (1,), (1,)), (0, (1, 2), (1,)))
    split_off, none = np.array([False, True]), np.zeros(2, bool)
    score = _scores_near(options, np.array([1.56, 1.48]), np.array([0.698, 0.712]), np.array([1.56]),
                         np.array([0.698]), split_off, "ratio")
    assert score[1] == pytest.approx(0.712 / (0.698 / 1.56))         # above the pair's 1.56: its cosine rose
    ranked = adjusted(options, score, none, none, split_off, "it", "en", MergeConfig())
    assert choose(options, ranked, 3, 2).tolist() == [1]
    plain = adjusted(options, score, none, none, none, "it", "en", MergeConfig())
    assert choose(options, plain, 3, 2).tolist() == [0]               # the penalty would keep the pair


def test_a_thai_piece_left_unpaired_beside_its_sentences_pair_may_join_it_a_little_below_the_pair():
    th = _doc("th", ["ไม่มีผู้ใดได้รับบาดเจ็บสาหัส", "แม้ว่าเด็กชายคนหนึ่งจะถูกกระชากเสื้อหลุดออกไปก็ตาม", "ในวันต่อมา"])
    en = _doc("en", ["No one was seriously injured, although a boy had his shirt pulled off.", "The next day."])
    options = options_of(np.array([1]), np.array([0]), th.adjacency, en.adjacency)
    orphans = guessed_orphan_joins(options, "th", "en", np.array([1]), np.array([0]), 1)
    joins = {(tuple(s[s >= 0]), tuple(t[t >= 0])) for s, t, q in zip(options.src, options.tgt, orphans) if q}
    assert joins == {((0, 1), (0,)), ((1, 2), (0,))}          # the English join is no guessed one
    # a piece another pair holds is no orphan; nor is anything in German, whose sentence ends are its own
    held = options_of(np.array([1, 2]), np.array([0, 1]), th.adjacency, en.adjacency)
    mask = guessed_orphan_joins(held, "th", "en", np.array([1, 2]), np.array([0, 1]), 2)
    assert {tuple(s[s >= 0]) for s, q in zip(held.src, mask) if q} == {(0, 1)}
    assert not guessed_orphan_joins(options, "de", "en", np.array([1]), np.array([0]), 1).any()
    cfg, quoted = MergeConfig(), np.zeros(len(options.pair), bool)
    ranked = adjusted(options, np.full(len(options.pair), 1.5), quoted, orphans, quoted, "th", "en", cfg)
    assert ranked[orphans].tolist() == pytest.approx([1.5 + cfg.guessed_slack] * 2)
    assert sorted(ranked[~orphans].tolist()) == pytest.approx([1.5 - cfg.penalty, 1.5])   # English join, 1-1


def _encoded_side(lang: str, texts: list[str], encoder) -> MergeSide:
    """One document of `texts` with `encoder`'s vectors."""
    n = len(texts)
    vectors = Vectors.from_array(embed_texts(texts, encoder, 8))
    return MergeSide(lang, np.arange(n, dtype=np.uint64), texts, vectors,
                     Adjacency.of(np.zeros(n, np.int64), np.zeros(n, np.int64), np.arange(n)))


def _hashed_side(lang: str, texts: list[str]) -> MergeSide:
    """One document of `texts` with the hashing encoder's vectors."""
    return _encoded_side(lang, texts, get_encoder("hashing"))


def test_a_sentence_split_off_beside_a_gaps_pair_joins_its_own_pair_once_the_gap_is_aligned():
    """t1 is the first half of s1's translation. Beside it on the source side stands s0: unpaired before the
    gap alignment (so t1 might be its translation: no split-off join), paired with t0 after it. A join that
    was split-off against the mined pairs is not tried again; one whose sentence a losing mined pair held is."""
    src = _hashed_side("de", ["Alpha beta gamma delta.", "Kappa lambda mu nu xi omicron pi rho."])
    tgt = _hashed_side("en", ["Alpha beta gamma delta.", "Kappa lambda mu nu.", "Xi omicron pi rho."])
    encoder, cfg, mine = get_encoder("hashing"), MergeConfig(), MineConfig(scoring="margin")
    cosine = np.array([1.0, float(src.vectors.read(1, 2)[0] @ tgt.vectors.read(2, 3)[0])])
    chosen = Options(np.array([7, 3]), np.array([[0, -1, -1], [1, -1, -1]]), np.array([[0, -1, -1], [2, -1, -1]]))
    gap, scores = np.array([True, False]), np.array([1.5, 1.2])
    mined = (np.array([False, True]), np.array([False, False, True]))    # the rows mined pairs hold: s1, t2
    grown, score, cos, still = regrown(chosen, gap, scores, cosine, src, tgt, encoder, mine, cfg, 8, mined)
    assert still.tolist() == [0, 1] and grown.pair.tolist() == [7, 3]
    assert grown.tgt[1].tolist() == [1, 2, -1] and grown.src[1].tolist() == [1, -1, -1]
    assert cos[1] > cosine[1] and score[1] > 1.2 and (score[0], cos[0]) == (1.5, 1.0)
    alone = Options(np.array([3]), chosen.src[1:], chosen.tgt[1:])       # s0 unpaired: t1 may be its translation
    assert regrown(alone, gap[1:], scores[1:], cosine[1:], src, tgt, encoder, mine, cfg, 8, mined)[0] is alone
    both = (np.array([True, True]), np.array([True, False, True]))       # s0-t0 mined too: tried before, not again
    assert regrown(chosen, ~gap & gap, scores, cosine, src, tgt, encoder, mine, cfg, 8, both)[0] is chosen
    lost = (np.array([True, True]), np.array([True, True, True]))        # a mined s1-t1 lost to s1-t2: t1 is free now
    grown = regrown(chosen, ~gap & gap, scores, cosine, src, tgt, encoder, mine, cfg, 8, lost)[0]
    assert grown.tgt[1].tolist() == [1, 2, -1]
    off = MergeConfig(split_off_joins=False)
    assert regrown(chosen, gap, scores, cosine, src, tgt, encoder, mine, off, 8, mined)[0] is chosen


def test_a_gap_row_has_its_own_sentences_and_lid_scores_the_anchors_document_and_no_quality():
    src = replace(_hashed_side("de", ["Alpha beta gamma delta.", "Kappa lambda mu nu."]),
                  lid_scores=np.array([0.8, 0.7], np.float32))
    tgt = _hashed_side("en", ["Alpha beta gamma delta.", "Kappa lambda mu nu."])      # built without its scores
    side = {f"{s}_{k}": v for s in ("src", "tgt") for k, v in
            (("source", ["a.jsonl"]), ("doc_id", [4]), ("url", ["https://x/4"]), ("lid_score", [0.9]))}
    pairs = pa.table({"src_lang": ["de"], "tgt_lang": ["en"], "src_id": pa.array([0], pa.uint64()),
                      "tgt_id": pa.array([0], pa.uint64()), "src_text": [src.texts[0]], "tgt_text": [tgt.texts[0]],
                      "score": [1.5], "cosine": [1.0], "quality": pa.array([0.99], pa.float32()), **side})
    kept = Options(np.array([0, 0]), np.array([[0, -1], [1, -1]]), np.array([[0, -1], [1, -1]]))
    rows = merged_table(pairs, kept, np.array([1.5, 1.1]), np.array([1.0, 0.8]), src, tgt,
                        np.array([False, True])).to_pylist()
    assert rows[0]["quality"] == pytest.approx(0.99) and rows[0]["src_lid_score"] == pytest.approx(0.9)
    gap = rows[1]
    assert (gap["src_id"], gap["tgt_id"], gap["src_text"], gap["tgt_text"]) == (1, 1, src.texts[1], tgt.texts[1])
    assert gap["quality"] is None and gap["src_lid_score"] == pytest.approx(0.7) and gap["tgt_lid_score"] is None
    kept = Options(np.array([0]), np.array([[0, 1]]), np.array([[0, -1]]))           # a gap's 2-1: the lower
    assert merged_table(pairs, kept, np.array([1.1]), np.array([0.8]), src, tgt,
                        np.array([True])).column("src_lid_score").to_pylist() == [pytest.approx(0.7)]
    assert (gap["src_doc_id"], gap["tgt_url"], gap["score"]) == (4, "https://x/4", pytest.approx(1.1))


def test_one_to_one_pairs_sharing_a_sentence_stay_the_miners_decision():
    options = _options((0, (0,), (0,)), (1, (1,), (0,)), (1, (1, 2), (0,)))
    kept = choose(options, np.array([1.3, 1.2, 1.25]), 3, 1)
    assert kept.tolist() == [0, 1]     # the merge needs t0, which pair 0 holds; pair 1 stays as mined


def _write_side(tmp_path: Path, lang: str, texts: list[str], encoder, first_id: int) -> tuple[list[Path], list[Path]]:
    """One document per language as the embed stage leaves it: a LID shard and its vectors."""
    n = len(texts)
    ids = np.arange(first_id, first_id + n, dtype=np.uint64)
    lid = write_table(pa.table({
        "sent_id": ids, "text": texts, "source": ["crawl.txt"] * n, "doc_id": np.zeros(n, np.int64),
        "position": np.arange(n, dtype=np.int32), "doc_meta": [None] * n, "lid_lang": [lang] * n,
        "lid_score": np.ones(n, np.float32)}), tmp_path / f"{lang}.parquet", LID)
    emb = save_embeddings(embed_texts(texts, encoder, 64), ids, tmp_path / f"{lang}.npy")
    return [lid], [emb]


def _mine_and_merge(tmp_path, src_texts, tgt_texts, encoder_name, mine: MineConfig, cfg: MergeConfig | None = None):
    encoder = get_encoder(encoder_name)
    files = {"xx": _write_side(tmp_path, "de", src_texts, encoder, 1000),
             "yy": _write_side(tmp_path, "en", tgt_texts, encoder, 5000)}
    pairs, merged = tmp_path / "pairs.parquet", tmp_path / "merged.parquet"
    mine_language_pair(load_side("de", *files["xx"]), load_side("en", *files["yy"]), pairs,
                       tmp_path / "candidates.parquet", mine)
    stats = merge_file(pairs, merged, load_merge_side("de", *files["xx"]), load_merge_side("en", *files["yy"]),
                       encoder, mine, cfg or MergeConfig(),
                       candidates_path=tmp_path / "candidates.parquet" if cfg and cfg.find_missed else None)
    return read_table(pairs, PAIRS).to_pylist(), read_table(merged, PAIRS).to_pylist(), stats


def _by_text(rows):
    return {(r["src_text"], r["tgt_text"]): r for r in rows}


def _newstest(lang: str, lines: slice) -> list[str]:
    if NEWSTEST is None:
        pytest.skip("shared/data/newstest is not beside this checkout")
    return (NEWSTEST / f"newstest2013.{lang}").read_text(encoding="utf-8").splitlines()[lines]


def _joined(first: str, second: str) -> str:
    """Two sentences written as one, as a translator might: `first; second`."""
    return f"{first.rstrip('.')}; {second}"


def test_a_split_translation_merges_and_whole_pairs_stay_as_mined_with_a_toy_encoder(tmp_path):
    """Spelling alone (the hashing encoder): the source is the English text itself, one sentence of it
    written as two on the target side."""
    english = _newstest("en", slice(0, 30))
    src = english[:12] + [_joined(english[12], english[13])] + english[14:]
    mine = MineConfig(k=4, scoring="margin", threshold=1.05, min_cosine=0.3)
    mined, merged, stats = _mine_and_merge(tmp_path, src, english, "hashing", mine)

    grown = _by_text(merged)[(src[12], f"{english[12]} {english[13]}")]
    assert grown["tgt_members"] == [5012, 5013] and grown["src_members"] is None
    assert grown["tgt_id"] == text_hash(normalize_text(grown["tgt_text"])) and grown["src_id"] == 1012
    assert grown["score"] > next(r["score"] for r in mined if r["src_id"] == 1012)
    assert stats.altered == {"merged_1_2": 1} and stats.rows_out == len(merged)
    whole = {k: r for k, r in _by_text(mined).items() if k[0] == k[1]}
    assert len(whole) == 28 and all(_by_text(merged)[k] == r for k, r in whole.items())   # untouched


def test_a_pair_the_miner_missed_between_two_kept_pairs_is_found_by_gap_alignment(tmp_path):
    """Spelling alone (the hashing encoder): one sentence of the source has most of its words reversed, so its
    margin (1.08) is under the miner's threshold (1.2) but over the gap rule's (1.2 less `gap_slack`). Its
    neighbours are mined, so it lies between two anchors of one document pair and is aligned there, with no
    learned quality and its sentences' own lid scores; the switch turns the step off."""
    english = _newstest("en", slice(0, 30))
    src = list(english)
    src[12] = " ".join(w if i % 4 == 0 else w[::-1] for i, w in enumerate(english[12].split()))
    mine = MineConfig(k=4, scoring="margin", threshold=1.2, min_cosine=0.3)
    mined, merged, stats = _mine_and_merge(tmp_path, src, english, "hashing", mine)
    assert (src[12], english[12]) not in _by_text(mined)
    found = _by_text(merged)[(src[12], english[12])]
    assert (found["src_id"], found["tgt_id"]) == (1012, 5012) and found["src_members"] is None
    assert 1.0 <= found["score"] < 1.2 and found["quality"] is None and found["src_lid_score"] == 1.0
    assert stats.altered == {"gap_1_1": 1} and stats.rows_out == len(merged) == len(mined) + 1
    _, off, off_stats = _mine_and_merge(tmp_path / "off", src, english, "hashing", mine,
                                        MergeConfig(gap_alignment=False))
    assert (src[12], english[12]) not in _by_text(off) and not off_stats.altered


def test_a_run_without_a_margin_rule_says_it_aligns_no_gaps(caplog):
    it, en = _side("it", _IT, np.eye(4, 3).tolist()), _side("en", _EN, np.eye(3).tolist())
    chosen = Options(np.array([0, 1]), np.array([[0], [2]]), np.array([[0], [2]]))
    args = (chosen, it, en, get_encoder("hashing"))
    learned = MineConfig(scoring="learned", margin="distance", threshold=0.5, min_cosine=0.3)
    with caplog.at_level("WARNING", logger="pipeline.mining.merge"):
        found, _, _ = gap_alignments(*args, learned, MergeConfig(), None, 8)
    assert len(found.pair) == 0
    assert "merge it-en: no gap alignment: it needs a margin rule" in caplog.text and "distance margin" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="pipeline.mining.merge"):
        gap_alignments(*args, learned, MergeConfig(gap_alignment=False), None, 8)
    assert caplog.text == ""                 # switched off: nothing to say


@pytest.mark.parametrize("split_side", ["target", "source"])
def test_a_translator_split_in_real_news_gives_the_merged_pair(tmp_path, muse, split_side):
    """newstest2013 de-en, one German sentence written for two English ones (or the other way round):
    the default encoder finds the merged pair (whether the miner kept half of it or missed it), and
    every whole one-to-one pair stays as it was."""
    de, en = _newstest("de", slice(0, 40)), _newstest("en", slice(0, 40))
    joined_at = (12, 26)   # 13+14 and 27+28: "... Lichtbildausweis vorzuzeigen; Indiana war der erste ..."
    one, two = (de, en) if split_side == "target" else (en, de)
    written = [s for i, s in enumerate(one) if i - 1 not in joined_at]
    for at in joined_at:
        written[written.index(one[at])] = _joined(one[at], one[at + 1])
    src, tgt = (written, two) if split_side == "target" else (two, written)
    mined, merged, stats = _mine_and_merge(tmp_path, src, tgt, "muse", MineConfig().settled("muse"),
                                           MergeConfig(find_missed=True))

    pairs = _by_text(merged)
    for at in joined_at:
        expected = (_joined(de[at], de[at + 1]), f"{en[at]} {en[at + 1]}") if split_side == "target" else \
            (f"{de[at]} {de[at + 1]}", _joined(en[at], en[at + 1]))
        assert expected in pairs
    shape = "1_2" if split_side == "target" else "2_1"     # grown from a mined pair, or found among candidates
    assert sum(stats.altered.values()) == 2 and all(name.endswith(shape) for name in stats.altered)
    whole = [r for r in mined if (r["src_text"], r["tgt_text"]) in set(zip(de, en))]
    assert len(whole) >= 30 and all(pairs[(r["src_text"], r["tgt_text"])] == r for r in whole)


def _run(tmp_path, extra: str = ""):
    path = tmp_path / "run.yaml"
    path.write_text(f"workdir: work\nlanguages: {{de: {{inputs: [{SAMPLE / 'de'}]}}, "
                    f"en: {{inputs: [{SAMPLE / 'en'}]}}}}\npairs: [de-en]\nembed: {{encoder: hashing}}\n{extra}")
    return mine_all(Plan.of(load_config(path)), run_in_process)


def test_a_run_filters_the_merged_pairs_and_merge_null_turns_the_step_off(tmp_path):
    summary = _run(tmp_path)
    out = summary.pairs["de-en"]
    assert out.merged.path.name == "merged.parquet" and summary.work["merge"] == {"ran": 1, "skipped": 0}
    assert summary.row("merge", "de-en").rows_out == out.merged.rows == summary.row("filter", "de-en").rows_in
    assert [r.stage for r in summary.funnel][-3:] == ["mine", "merge", "filter"]

    off = _run(tmp_path, "merge: null\n")
    assert "merge" not in off.work and off.pairs["de-en"].merged is None
    assert off.row("filter", "de-en").rows_in == off.pairs["de-en"].mined.rows


def _toy_sides(tmp_path):
    texts = [f"The harbour festival opens on day {n} with boats and music." for n in range(8)]
    encoder = get_encoder("hashing")
    return encoder, [load_merge_side(lang, *_write_side(tmp_path, lang, texts, encoder, first))
                     for lang, first in (("de", 1000), ("en", 5000))]


def test_no_mined_pairs_give_an_empty_merged_file(tmp_path):
    encoder, (src, tgt) = _toy_sides(tmp_path)
    empty = write_table(pa.table({name: pa.array([], PAIRS.field(name).type) for name in PAIRS.names}),
                        tmp_path / "pairs.parquet", PAIRS)
    stats = merge_file(empty, tmp_path / "merged.parquet", src, tgt, encoder, MineConfig(k=2), MergeConfig())
    assert read_table(tmp_path / "merged.parquet", PAIRS).num_rows == 0 == stats.rows_in == stats.rows_out


def test_pairs_naming_sentences_the_shards_do_not_hold_are_a_one_line_error(tmp_path):
    encoder, (src, tgt) = _toy_sides(tmp_path)
    stale = write_table(pa.table({"src_lang": ["de"], "tgt_lang": ["en"], "src_id": pa.array([1003], pa.uint64()),
                                  "tgt_id": pa.array([9999], pa.uint64()), "src_text": ["a"], "tgt_text": ["b"],
                                  "score": [1.5], "cosine": [0.9]}), tmp_path / "pairs.parquet", PAIRS)
    with pytest.raises(BitextError, match=r"pairs\.parquet: the mined pairs name sentences that are not among "
                                          r"the 'en' sentence shards; re-run the mine stage"):
        merge_file(stale, tmp_path / "merged.parquet", src, tgt, encoder, MineConfig(k=2), MergeConfig())
    assert not (tmp_path / "merged.parquet").exists()


QUOTED = ["The health ministry published its report on the pilgrimage season on Sunday morning.",
          "More than twelve thousand health workers were deployed at the holy sites this year.",
          '"The season was a success by all measures.',
          'No epidemic diseases were recorded during the whole month," the health minister said.',
          "The kingdom aims to receive thirty million pilgrims a year by the end of the decade.",
          "New rail lines and airport terminals are being built to carry the growing crowds.",
          "Officials said the number of foreign visitors had doubled since the borders reopened.",
          "The next season begins in June, when temperatures in the region can pass forty degrees."]


def test_a_quotation_kept_whole_on_one_side_gets_both_parts_of_the_other(tmp_path):
    """A source that keeps the quotation in one sentence (as Arabic, Korean, Turkish do) against English
    that cut it in two: the merged pair holds the whole quotation on both sides."""
    whole = QUOTED[:2] + [f"{QUOTED[2]} {QUOTED[3]}"] + QUOTED[4:]
    mine = MineConfig(k=4, scoring="margin", threshold=1.05, min_cosine=0.3)
    _, merged, stats = _mine_and_merge(tmp_path, whole, QUOTED, "hashing", mine)
    assert (whole[2], whole[2]) in _by_text(merged) and stats.altered == {"merged_1_2": 1}
    # both sides cut it: two one-to-one pairs, neither part absorbed
    _, both, stats = _mine_and_merge(tmp_path / "both", QUOTED, QUOTED, "hashing", mine)
    assert all((t, t) in _by_text(both) for t in QUOTED) and not stats.altered


def test_a_split_off_join_tried_again_after_the_gaps_is_clause_checked_too():
    """As test_a_sentence_split_off_beside_a_gaps_pair...: t1 may join s1's pair once the gap holds s0, and
    lifts its cosine. Cut at its comma, s1 gives t1 the head, which t1 fits worse than the whole s1 (it shares
    "omicron" with the tail): the join is contradicted and s1 keeps its one-to-one; without the checks it grows."""
    src = _hashed_side("de", ["Alpha beta gamma delta.", "Kappa lambda mu nu, xi omicron pi rho."])
    tgt = _hashed_side("en", ["Alpha beta gamma delta.", "Kappa lambda omicron.", "Xi omicron pi rho."])
    encoder, mine = get_encoder("hashing"), MineConfig(scoring="margin")
    cosine = np.array([1.0, float(src.vectors.read(1, 2)[0] @ tgt.vectors.read(2, 3)[0])])
    chosen = Options(np.array([7, 3]), np.array([[0, -1, -1], [1, -1, -1]]), np.array([[0, -1, -1], [2, -1, -1]]))
    gap, scores = np.array([True, False]), np.array([1.5, 1.2])
    mined = (np.array([False, True]), np.array([False, False, True]))
    grown = regrown(chosen, gap, scores, cosine, src, tgt, encoder, mine, MergeConfig(clause_checks=False), 8, mined)
    assert grown[0].tgt[1].tolist() == [1, 2, -1]
    kept = regrown(chosen, gap, scores, cosine, src, tgt, encoder, mine, MergeConfig(), 8, mined)
    assert kept[0].tgt[1].tolist() == [2, -1, -1]
