"""A side that stops mid-sentence grows by the unpaired line that goes on with it, where the grown text fits."""

import numpy as np

from pipeline.encoders import get_encoder
from pipeline.mining.continued import continued
from pipeline.mining.span_scores import Options

from .test_merge import _hashed_side

# one sentence on the source side; on the target side it runs over two lines, the first without a sentence mark
SOURCE = ["Kappa lambda mu nu xi omicron pi rho."]
WRAPPED = ["Kappa lambda mu nu", "xi omicron pi rho.", "Sigma tau upsilon phi."]


def _grow(src_texts: list[str], tgt_texts: list[str], tgt_span: list[int], held_too: tuple = (), src_lang: str = "de"):
    """`continued` on one alignment (source row 0 against `tgt_span`), and others holding `held_too` target rows;
    and the cosines it was given (a copy)."""
    src, tgt = _hashed_side(src_lang, src_texts), _hashed_side("en", tgt_texts)
    spans = [tgt_span + [-1] * (3 - len(tgt_span))] + [[r, -1, -1] for r in held_too]
    chosen = Options(np.arange(len(spans)), np.array([[0, -1, -1]] + [[-1, -1, -1]] * len(held_too)),
                     np.array(spans))
    cosine = np.array([float(src.vectors.read(0, 1)[0] @ tgt.vectors.read(tgt_span[0], tgt_span[0] + 1)[0])]
                      + [0.0] * len(held_too))
    score = np.full(len(spans), 1.3)
    return continued(chosen, score, cosine.copy(), src, tgt, get_encoder("hashing"), "ratio", 8), cosine


def test_a_side_that_stops_mid_sentence_takes_the_line_that_goes_on_with_it():
    (grown, score, cos, n), before = _grow(SOURCE, WRAPPED, [0])
    assert n == 1 and grown.tgt[0].tolist() == [0, 1, -1]
    assert cos[0] > before[0] and score[0] > 1.3             # its margin rises with its cosine, in its neighbourhood


def test_no_growth_where_the_line_ends_a_sentence_the_next_opens_one_or_is_held():
    closed = ["Kappa lambda mu nu.", "xi omicron pi rho."]               # the first line ends with a mark
    assert _grow(SOURCE, closed, [0])[0][3] == 0
    capital = ["Kappa lambda mu nu", "Xi omicron pi rho."]              # the next opens a sentence
    assert _grow(SOURCE, capital, [0])[0][3] == 0
    assert _grow(SOURCE, WRAPPED, [0], held_too=(1,))[0][3] == 0        # another alignment holds it
    digit = ["Kappa lambda mu nu", "5 xi omicron pi rho."]               # a number opens no continuation
    assert _grow(SOURCE, digit, [0])[0][3] == 0
    assert _grow(SOURCE, WRAPPED, [0], src_lang="th")[0][3] == 0        # against Thai, resplit reads two lines


def test_where_both_sides_stop_mid_sentence_the_side_whose_growth_fits_better_grows():
    # the two cut at other words: each side's growth fits better than the pair (0.46), the source's best (0.81, 0.70)
    src = ["Alpha beta gamma delta", "epsilon zeta eta theta."]
    tgt = ["Alpha beta epsilon zeta", "gamma delta iota kappa."]
    (grown, _, cos, n), before = _grow(src, tgt, [0])
    assert n == 1 and grown.src[0].tolist() == [0, 1, -1] and grown.tgt[0].tolist() == [0, -1, -1]
    assert cos[0] > before[0]


def test_no_growth_where_the_line_after_fits_worse():
    unrelated = ["Kappa lambda mu nu xi omicron", "sigma tau upsilon phi chi psi omega."]
    (grown, _, cos, n), before = _grow(SOURCE, unrelated, [0])
    assert n == 0 and grown.tgt[0].tolist() == [0, -1, -1] and cos[0] == before[0]
