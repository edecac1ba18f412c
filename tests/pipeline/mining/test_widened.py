"""A join of one sentence against several grows by the sentence beside it where the one sentence's clauses vouch
for it, a sentence at a time."""

import numpy as np

from pipeline.config import MergeConfig
from pipeline.encoders import get_encoder
from pipeline.mining.span_scores import Options
from pipeline.mining.widened import widened

from .test_merge import _hashed_side

ONE = "Alpha beta gamma, delta epsilon zeta, eta theta iota."           # one sentence, three clauses
THREE = ["Alpha beta gamma.", "Delta epsilon zeta.", "Eta theta iota."]


def _widen(one: str, many: list[str], span: list[int], held_too: tuple = (), grow_source: bool = False,
           cfg: MergeConfig | None = None, lang: str = "de", beside: str | None = None):
    """`widened` on one alignment (`one` against rows `span` of `many`), others holding `held_too` rows of `many`,
    and an unpaired sentence `beside` after `one`; the grown side's spans, the cosine before and after, and how
    many grew."""
    cfg = cfg or MergeConfig()
    single, several = _hashed_side(lang, [one] + ([beside] if beside else [])), _hashed_side("en", many)
    src, tgt = (several, single) if grow_source else (single, several)
    spans = np.array([span + [-1] * (3 - len(span))] + [[r, -1, -1] for r in held_too])
    ones = np.array([[0, -1, -1]] + [[-1, -1, -1]] * len(held_too))
    chosen = Options(np.arange(len(spans)), spans, ones) if grow_source else Options(np.arange(len(spans)), ones, spans)
    joined = get_encoder("hashing").encode([" ".join(many[r] for r in span), one])
    joined /= np.linalg.norm(joined, axis=1, keepdims=True)
    cosine = np.array([float(joined[0] @ joined[1])] + [0.0] * len(held_too))
    out, _, after, n = widened(chosen, np.full(len(spans), 1.3), cosine.copy(), src, tgt, get_encoder("hashing"),
                               "ratio", cfg, 8)
    grown = out.src if grow_source else out.tgt
    return [row[row >= 0].tolist() for row in grown], cosine[0], after[0], n


def test_a_join_takes_the_sentence_its_last_clause_translates():
    spans, before, after, n = _widen(ONE, THREE, [0, 1])
    assert n == 1 and spans[0] == [0, 1, 2] and after > before


def test_a_join_takes_the_sentence_before_it_its_first_clause_translates():
    spans, _, _, n = _widen(ONE, THREE, [1, 2])
    assert n == 1 and spans[0] == [0, 1, 2]
    assert _widen(ONE, THREE, [1, 2], grow_source=True)[0][0] == [0, 1, 2]       # the source side grows alike


def test_a_join_grows_a_sentence_at_a_time_up_to_the_configured_width():
    one = "Alpha beta gamma, delta epsilon zeta, eta theta iota, kappa lambda mu."
    four = [*THREE, "Kappa lambda mu."]
    assert _widen(one, four, [0, 1])[0][0] == [0, 1, 2, 3]
    assert _widen(one, four, [0, 1], cfg=MergeConfig(clause_max_sentences=3))[0][0] == [0, 1, 2]
    assert _widen(one, four, [0, 1], cfg=MergeConfig(clause_max_sentences=2))[3] == 0


def test_no_growth_by_a_sentence_no_clause_holds_another_holds_or_without_clauses():
    unrelated = [*THREE[:2], "Sigma tau upsilon phi."]
    assert _widen(ONE, unrelated, [0, 1])[3] == 0                               # it fits nothing
    # it lifts the joined text (0.75 -> 0.86), but it is no more the last clause's than the whole sentence's
    assert _widen(ONE, [*THREE[:2], "Delta epsilon zeta eta theta iota."], [0, 1])[3] == 0
    assert _widen(ONE, THREE, [0, 1], held_too=(2,))[3] == 0                     # another alignment holds it
    assert _widen("Alpha beta gamma delta epsilon zeta eta theta iota.", THREE, [0, 1])[3] == 0   # no clause mark
    assert _widen(ONE, THREE, [0])[3] == 0                                       # a one-to-one: the merge's work
    assert _widen(ONE, THREE, [0, 1], cfg=MergeConfig(clause_checks=False))[3] == 0
    assert _widen(ONE, THREE, [0, 1], lang="th")[3] == 0                         # Thai: resplit's work


def test_no_growth_by_a_sentence_that_is_no_sentence_or_may_be_the_translation_of_another():
    assert _widen(ONE, [*THREE[:2], "Eta theta iota,"], [0, 1])[3] == 0         # it ends mid-sentence
    # beside the one sentence, at the same place, an unpaired sentence: the added one may be its translation
    assert _widen(ONE, THREE, [0, 1], beside="Omega psi chi.")[3] == 0
    assert _widen(ONE, THREE, [1, 2], beside="Omega psi chi.")[3] == 1          # beside it at the other end
