"""A split-off join its pair's one sentence vouches for (cut at a clause, a part fits each sentence it joins), or
contradicts (the added sentence fits its part worse than the whole)."""

import numpy as np

from pipeline.config import MergeConfig
from pipeline.encoders import get_encoder
from pipeline.mining.clauses import clause_cuts, verdicts
from pipeline.mining.merge import Options, adjusted, choose, clause_checked, options_of

from .test_merge import _encoded_side, _hashed_side

_ONE = "Kappa lambda mu nu, xi omicron pi rho."         # one sentence, two clauses


def test_a_sentence_is_cut_at_each_clause_mark_and_not_inside_a_number():
    assert clause_cuts("中国民主促进会在京开幕，汪洋致贺词。") == [("中国民主促进会在京开幕，", "汪洋致贺词。")]
    assert clause_cuts("He paid 1,000 dollars at 10:30, then left; she stayed.") == [
        ("He paid 1,000 dollars at 10:30,", "then left; she stayed."),
        ("He paid 1,000 dollars at 10:30, then left;", "she stayed.")]
    assert clause_cuts("قال الوزير، إن الاجتماع انتهى.") == [("قال الوزير،", "إن الاجتماع انتهى.")]
    assert clause_cuts("No clause here.") == []
    assert clause_cuts("“，”他说") == []                    # a part without a word is no clause
    assert clause_cuts(", ".join(["a"] * 14)) == []         # a list, not a translator's clauses


def _verdict(one: str, two: list[str], pair: tuple[int, int], join: tuple[int, int], grow_source: bool = False):
    """The verdict on the join of `two`'s rows `join` with `one`, the mined pair being `one` and row pair[1] of
    `two` (the sides swapped where `grow_source`)."""
    single, double = _hashed_side("de", [one]), _hashed_side("en", two)
    src, tgt = (double, single) if grow_source else (single, double)
    src_rows, tgt_rows = (np.array([pair[1]]), np.array([0])) if grow_source else (np.array([0]), np.array([pair[1]]))
    options = options_of(src_rows, tgt_rows, src.adjacency, tgt.adjacency, 2)
    spans = options.src if grow_source else options.tgt
    at = [i for i, span in enumerate(spans.tolist()) if tuple(span[:2]) == join]
    assert len(at) == 1
    mask = np.zeros(len(options.pair), bool)
    mask[at] = True
    return int(verdicts(options, mask, src, tgt, src_rows, tgt_rows, get_encoder("hashing"), 8)[at[0]])


def test_a_join_is_vouched_for_where_each_clause_fits_one_of_its_sentences_in_order():
    halves = ["Kappa lambda mu nu.", "Xi omicron pi rho."]
    assert _verdict(_ONE, halves, (0, 0), (0, 1)) == 1               # the added sentence follows the pair's
    assert _verdict(_ONE, halves, (0, 1), (0, 1)) == 1               # ... or comes before it
    assert _verdict(_ONE, halves, (0, 0), (0, 1), grow_source=True) == 1
    assert _verdict(_ONE, halves, (0, 1), (0, 1), grow_source=True) == 1      # the pair's own second
    # no clause mark: nothing to cut, nothing said
    assert _verdict("Kappa lambda mu nu xi omicron pi rho.", halves, (0, 0), (0, 1)) == 0


def test_a_join_is_contradicted_where_its_added_sentence_fits_its_part_worse_than_the_whole():
    # "Kappa lambda sigma tau." shares its words with the head, not with the tail the cut gives it
    assert _verdict(_ONE, ["Kappa lambda mu nu.", "Kappa lambda sigma tau."], (0, 0), (0, 1)) == -1
    # before the pair's own sentence it gets the head, and shares its words with the tail
    before = ["Xi omicron sigma tau.", "Kappa lambda mu nu."]
    assert _verdict(_ONE, before, (0, 1), (0, 1)) == -1
    assert _verdict(_ONE, before, (0, 1), (0, 1), grow_source=True) == -1
    # the added sentence fits its part a little better than the whole: neither vouched for nor contradicted
    assert _verdict("Kappa lambda, mu nu xi omicron pi rho.", ["Kappa lambda mu nu xi omicron.", "Pi rho sigma."],
                    (0, 0), (0, 1)) == 0
    # it fits its part much better, but the pair's own sentence is far from its part ("Kappa lambda," against
    # "Kappa lambda mu nu xi omicron.", 0.49 where the whole has 0.80): the cut is no translator's
    assert _verdict("Kappa lambda, mu nu xi omicron pi rho.", ["Kappa lambda mu nu xi omicron.", "Pi rho."],
                    (0, 0), (0, 1)) == 0


def _kept(second: str, score: float, cfg: MergeConfig) -> list[tuple]:
    """What competitive linking keeps of the pair of _ONE and "Kappa lambda mu nu." (score 1.30) and its
    split-off join with `second` (`score`)."""
    src, tgt = _hashed_side("de", [_ONE]), _hashed_side("en", ["Kappa lambda mu nu.", second])
    rows = np.array([0]), np.array([0])
    options = options_of(*rows, src.adjacency, tgt.adjacency, 2)
    join = np.array([span[1] == 1 for span in options.tgt.tolist()])
    none, base, encoder = np.zeros(len(options.pair), bool), np.array([1.30]), get_encoder("hashing")

    scores = np.where(join, score, 1.30)
    ranked = clause_checked(adjusted(options, scores, none, none, join, "de", "en", cfg), options, scores, base,
                            join, src, tgt, *rows, encoder, cfg, 8)
    return [tuple(options.tgt[i][options.tgt[i] >= 0]) for i in choose(options, ranked, 1, 2)]


def test_a_vouched_split_off_join_wins_though_it_scores_a_little_below_its_pair():
    half = "Xi omicron pi rho."
    assert _kept(half, 1.25, MergeConfig()) == [(0, 1)]                       # 0.05 behind, within the slack
    assert _kept(half, 1.15, MergeConfig()) == [(0,)]                         # too far behind
    assert _kept(half, 1.25, MergeConfig(clause_slack=0)) == [(0,)]
    assert _kept(half, 1.25, MergeConfig(clause_checks=False)) == [(0,)]      # switched off


def test_a_contradicted_split_off_join_loses_though_it_scores_above_its_pair():
    other = "Kappa lambda sigma tau."
    assert _kept(other, 1.35, MergeConfig()) == [(0,)]
    assert _kept(other, 1.35, MergeConfig(clause_checks=False)) == [(0, 1)]   # ahead: wins as it always did


def test_the_default_encoder_vouches_for_a_chinese_sentence_translated_as_two_and_for_no_stranger(muse):
    zh = _encoded_side("zh", ["中国作家协会第十次全国代表大会在京开幕，李强代表国务院致贺词。"], muse)
    first = "The 10th National Congress of the China Writers Association opened in Beijing."
    said = {}
    for second in ("On behalf of the State Council, Li Qiang delivered a congratulatory message.",
                   "Heavy rain is expected across the south of the country on Sunday.",
                   "Li Qiang met the visiting Prime Minister of Singapore on Monday.",
                   "The congress will run until Friday and elect a new leadership."):
        en = _encoded_side("en", [first, second], muse)
        rows = np.array([0]), np.array([0])
        options = options_of(*rows, zh.adjacency, en.adjacency, 2)
        join = np.array([span[1] == 1 for span in options.tgt.tolist()])
        said[second] = int(verdicts(options, join, zh, en, *rows, muse, 8)[join][0])
    assert list(said.values())[0] == 1 and all(v <= 0 for v in list(said.values())[1:]), said


def test_a_contradicted_sentence_is_kept_out_of_a_wider_join_too():
    src = _hashed_side("de", [_ONE])
    tgt = _hashed_side("en", ["Kappa lambda mu nu.", "Kappa lambda sigma tau.", "Zeta eta theta."])
    rows, cfg = (np.array([0]), np.array([0])), MergeConfig()
    options = options_of(*rows, src.adjacency, tgt.adjacency, 3)
    split_off = options.added > 0
    scores = np.where(split_off, 1.35, 1.30)
    ranked = clause_checked(scores.copy(), options, scores, np.array([1.30]), split_off, src, tgt, *rows,
                            get_encoder("hashing"), cfg, 8)
    kept = [tuple(options.tgt[i][options.tgt[i] >= 0]) for i in choose(options, ranked, 1, 3)]
    assert kept == [(0,)]
    assert np.isneginf(ranked[split_off]).all()           # the join of two, and the join of three holding it


def test_a_merge_ruled_out_is_never_kept_even_alone():
    alone = Options(np.array([0]), np.array([[0, -1]]), np.array([[0, 1]]))
    assert choose(alone, np.array([-np.inf]), 1, 2).tolist() == []
    assert choose(alone, np.array([1.0]), 1, 2).tolist() == [0]
