"""A join of one sentence against several grows by the sentence beside it where the one sentence's clauses vouch
for it, a sentence at a time."""

import numpy as np
import pyarrow as pa
import pytest

from pipeline.config import MergeConfig, MineConfig
from pipeline.embed import embed_texts
from pipeline.encoders import get_encoder
from pipeline.mining.adjacent import Adjacency
from pipeline.mining.merge import merge_pairs
from pipeline.mining.span_scores import Options
from pipeline.mining.spans import MergeSide
from pipeline.mining.vectors import Vectors
from pipeline.mining.widened import widened
from pipeline.schemas import PAIRS, with_optional_columns

from .test_merge import _hashed_side
from .test_resplit import _side

ONE = "Alpha beta gamma, delta epsilon zeta, eta theta iota."           # one sentence, three clauses
THREE = ["Alpha beta gamma.", "Delta epsilon zeta.", "Eta theta iota."]


def _widen(one: str, many: list[str], span: list[int], held_too: tuple = (), grow_source: bool = False,
           cfg: MergeConfig | None = None, lang: str = "de", beside: str | None = None, stored: float | None = None):
    """`widened` on one alignment (`one` against rows `span` of `many`, margin 1.3 at its cosine, or at `stored`),
    others holding `held_too` rows of `many`, and an unpaired sentence `beside` after `one`; the grown side's
    spans, the cosine before and after, how many grew, and the alignment's margin after."""
    cfg = cfg or MergeConfig()
    single, several = _hashed_side(lang, [one] + ([beside] if beside else [])), _hashed_side("en", many)
    src, tgt = (several, single) if grow_source else (single, several)
    spans = np.array([span + [-1] * (3 - len(span))] + [[r, -1, -1] for r in held_too])
    ones = np.array([[0, -1, -1]] + [[-1, -1, -1]] * len(held_too))
    chosen = Options(np.arange(len(spans)), spans, ones) if grow_source else Options(np.arange(len(spans)), ones, spans)
    joined = get_encoder("hashing").encode([" ".join(many[r] for r in span), one])
    joined /= np.linalg.norm(joined, axis=1, keepdims=True)
    cosine = np.array([stored or float(joined[0] @ joined[1])] + [0.0] * len(held_too))
    out, score, after, n = widened(chosen, np.full(len(spans), 1.3), cosine.copy(), src, tgt, get_encoder("hashing"),
                                   "ratio", cfg, 8)
    grown = out.src if grow_source else out.tgt
    return [row[row >= 0].tolist() for row in grown], cosine[0], after[0], n, score[0]


def test_a_join_takes_the_sentence_its_last_clause_translates():
    spans, before, after, n, margin = _widen(ONE, THREE, [0, 1])
    assert n == 1 and spans[0] == [0, 1, 2] and after > before
    assert margin == pytest.approx(1.3 * after / before)          # the ratio margin in the pair's neighbourhood


def test_a_growth_may_cost_the_margin_clause_slack_at_most_over_all_its_rounds():
    # stored at cosine 0.99, the join's margin after growing to 0.86 is 1.3 * 0.86 / 0.99 = 1.13: 0.17 lower
    assert _widen(ONE, THREE, [0, 1], stored=0.99)[3] == 0
    spans, _, after, n, margin = _widen(ONE, THREE, [0, 1], stored=0.99, cfg=MergeConfig(clause_slack=0.2))
    assert n == 1 and margin == pytest.approx(1.3 * after / 0.99)
    # the second round's sentence carries words the one sentence lacks: stored at 0.78, the margin falls 0.07,
    # then 0.22 more, each under a slack of 0.25, together over it
    one = "Alpha beta gamma, delta epsilon zeta, eta theta iota, kappa lambda mu."
    four = [*THREE[:2], "Eta theta iota phi chi psi omega.", "Kappa lambda mu phi chi psi omega."]
    assert _widen(one, four, [0, 1], stored=0.78, cfg=MergeConfig(clause_slack=0.3))[0][0] == [0, 1, 2, 3]
    assert _widen(one, four, [0, 1], stored=0.78, cfg=MergeConfig(clause_slack=0.25))[0][0] == [0, 1, 2]


def test_a_join_takes_the_sentence_before_it_its_first_clause_translates():
    spans, _, _, n, _ = _widen(ONE, THREE, [1, 2])
    assert n == 1 and spans[0] == [0, 1, 2]
    assert _widen(ONE, THREE, [1, 2], grow_source=True)[0][0] == [0, 1, 2]       # the source side grows alike


def test_a_join_grows_a_sentence_at_a_time_up_to_the_configured_width():
    one = "Alpha beta gamma, delta epsilon zeta, eta theta iota, kappa lambda mu."
    four = [*THREE, "Kappa lambda mu."]
    assert _widen(one, four, [0, 1])[0][0] == [0, 1, 2, 3]
    assert _widen(one, four, [0, 1], cfg=MergeConfig(clause_max_sentences=3))[0][0] == [0, 1, 2]
    assert _widen(one, four, [0, 1], cfg=MergeConfig(clause_max_sentences=2))[3] == 0
    assert _widen(one, four, [0, 1, 2], cfg=MergeConfig(clause_max_sentences=4))[0][0] == [0, 1, 2, 3]
    assert _widen(one, four, [0, 1, 2], cfg=MergeConfig(clause_max_sentences=3))[3] == 0


def test_no_growth_by_a_sentence_no_clause_holds_another_holds_or_without_clauses():
    unrelated = [*THREE[:2], "Sigma tau upsilon phi."]
    assert _widen(ONE, unrelated, [0, 1])[3] == 0                               # it fits nothing
    # it lifts the joined text (0.75 -> 0.86), but it is no more the last clause's than the whole sentence's
    assert _widen(ONE, [*THREE[:2], "Delta epsilon zeta eta theta iota."], [0, 1])[3] == 0
    assert _widen(ONE, THREE, [0, 1], held_too=(2,))[3] == 0                     # another alignment holds it
    assert _widen("Alpha beta gamma delta epsilon zeta eta theta iota.", THREE, [0, 1])[3] == 0   # no clause mark
    assert _widen(ONE, THREE, [0])[3] == 0                                       # a one-to-one: the merge's work
    assert _widen(ONE, THREE, [0, 1], cfg=MergeConfig(clause_checks=False))[3] == 0
    assert _widen(ONE, THREE, [0, 1], cfg=MergeConfig(split_off_joins=False))[3] == 0
    assert _widen(ONE, THREE, [0, 1], lang="th")[3] == 0                         # Thai: resplit's work
    assert _widen(ONE, THREE, [0, 1], lang="th", grow_source=True)[3] == 0


def test_no_growth_by_a_sentence_that_is_no_sentence_or_may_be_the_translation_of_another():
    assert _widen(ONE, [*THREE[:2], "Eta theta iota,"], [0, 1])[3] == 0         # it ends mid-sentence
    # beside the one sentence, at the same place, an unpaired sentence: the added one may be its translation
    assert _widen(ONE, THREE, [0, 1], beside="Omega psi chi.")[3] == 0
    assert _widen(ONE, THREE, [1, 2], beside="Omega psi chi.")[3] == 1          # beside it at the other end


def test_a_sentence_two_alignments_could_take_goes_to_the_one_it_fits_better():
    # two source documents, each one sentence; the target's middle sentence is the last clause of the first and
    # the first clause of the second, and beside either it faces nothing on the source side
    ones = ["Alpha beta, gamma delta, eta theta iota.", "Eta theta iota kappa, lambda mu, nu xi."]
    many = ["Alpha beta.", "Gamma delta.", "Eta theta iota.", "Lambda mu.", "Nu xi."]
    encoder = get_encoder("hashing")
    src = MergeSide("de", np.arange(2, dtype=np.uint64), ones, Vectors.from_array(embed_texts(ones, encoder, 8)),
                    Adjacency.of(np.zeros(2, np.int64), np.arange(2), np.zeros(2, np.int64)))
    tgt = _hashed_side("en", many)
    chosen = Options(np.arange(2), np.array([[0, -1, -1], [1, -1, -1]]), np.array([[0, 1, -1], [3, 4, -1]]))
    vectors = encoder.encode(ones + [" ".join(many[:2]), " ".join(many[3:])])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    cosine = np.array([vectors[0] @ vectors[2], vectors[1] @ vectors[3]])
    out, _, after, n = widened(chosen, np.full(2, 1.3), cosine, src, tgt, encoder, "ratio", MergeConfig(), 8)
    assert n == 1 and sum(2 in row for row in out.tgt.tolist()) == 1
    alone = [widened(chosen.take(np.array([i])), np.full(1, 1.3), cosine[[i]], src, tgt, encoder, "ratio",
                     MergeConfig(), 8) for i in (0, 1)]
    assert all(one[3] == 1 for one in alone)                         # each alone would take it
    winner = int(2 in out.tgt[1])
    assert after[winner] == max(one[2][0] for one in alone)          # the better fit took it


def test_the_merge_step_widens_a_join_and_counts_it():
    one = "Alpha beta gamma, delta epsilon zeta, eta theta iota, kappa lambda mu, nu xi omicron."
    many = ["Alpha beta gamma.", "Delta epsilon zeta.", "Eta theta iota.", "Kappa lambda mu.", "Nu xi omicron."]
    encoder = get_encoder("hashing")
    de, en = _side("de", [one], [100], encoder), _side("en", many, [200, 201, 202, 203, 204], encoder)
    cosine = float(de.vectors.read(0, 1)[0] @ en.vectors.read(2, 3)[0])
    mined = with_optional_columns(pa.table({
        "src_lang": ["de"], "tgt_lang": ["en"], "src_id": np.array([100], np.uint64),
        "tgt_id": np.array([202], np.uint64), "src_text": [one], "tgt_text": [many[2]],
        "score": np.array([1.0], np.float32), "cosine": np.array([cosine], np.float32)}), PAIRS)
    mine = MineConfig(k=1, scoring="margin", threshold=1.0, min_cosine=0.0)
    table, stats = merge_pairs(mined.select(PAIRS.names).cast(PAIRS), de, en, encoder, mine, MergeConfig())
    assert table.column("tgt_members").to_pylist() == [[200, 201, 202, 203, 204]]
    assert table.column("tgt_text").to_pylist() == [" ".join(many)]
    assert stats.altered["merged_1_3"] == 1 and stats.altered["widened_joins"] == 1
    table, stats = merge_pairs(mined.select(PAIRS.names).cast(PAIRS), de, en, encoder, mine,
                               MergeConfig(clause_max_sentences=2))
    assert len(table.column("tgt_members")[0]) == 3 and "widened_joins" not in stats.altered
