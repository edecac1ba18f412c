import numpy as np
import pytest

from pipeline.mining.cues import end_punct, same_numbers
from pipeline.mining.features import FEATURES, pair_features


@pytest.mark.parametrize("text, kind", [
    ("It is raining.", 0), ("Is it raining?", 1), ("¿Llueve?", 1), ("雨ですか？", 1),
    ("Stop!", 2), ("« Arrête ! »", 2), ('He said "why?"', 1), ("", 0),
])
def test_end_punctuation_reads_through_closing_quotes(text, kind):
    assert end_punct(text) == kind


def test_numbers_fold_full_width_digits_and_ignore_order():
    assert same_numbers("Room ２０, 3 beds", "3 lits, chambre 20") is True
    assert same_numbers("Room ２０, 3 beds", "3 lits, chambre 21") is False


def _features(src, tgt, cosine, src_texts, tgt_texts, src_mean=None, tgt_mean=None):
    src_mean = np.full(len(src_texts), 0.4) if src_mean is None else src_mean
    tgt_mean = np.full(len(tgt_texts), 0.4) if tgt_mean is None else tgt_mean
    f = pair_features(np.array(src), np.array(tgt), np.array(cosine), src_mean, tgt_mean, src_texts, tgt_texts)
    return {name: f[:, i] for i, name in enumerate(FEATURES)}


def test_margins_are_relative_to_both_neighbourhoods():
    f = _features([0], [0], [0.8], ["a"], ["b"], src_mean=np.array([0.3]), tgt_mean=np.array([0.5]))
    assert f["ratio_margin"][0] == pytest.approx(2.0) and f["distance_margin"][0] == pytest.approx(0.4)


def test_gap_is_the_lead_over_the_best_competitor_on_each_side():
    # distance margins 0.5, 0.3, 0.2; source 0 has two candidates, target 1 has two;
    # a candidate without a competitor leads by its own distance margin
    f = _features([0, 0, 1], [0, 1, 1], [0.9, 0.7, 0.6], ["s0", "s1"], ["t0", "t1"])
    assert f["gap_src"] == pytest.approx([0.2, -0.2, 0.2])
    assert f["gap_tgt"] == pytest.approx([0.5, 0.1, -0.1])
    assert f["gap_min"] == pytest.approx([0.2, -0.2, -0.1])


def test_surface_cues_compare_punctuation_numbers_and_length():
    src = ["Wie alt bist du?", "Ich habe 3 Katzen.", "Ja."]
    tgt = ["How old are you?", "I have 4 cats.", "Yes, and this reply is very much longer than its source."]
    f = _features([0, 1, 2, 0], [0, 1, 2, 1], [0.9, 0.9, 0.9, 0.2], src, tgt)
    assert list(f["same_end_punct"]) == [1.0, 1.0, 1.0, 0.0]
    assert list(f["same_numbers"]) == [0.5, 0.0, 0.5, 0.0]
    assert f["length_ratio_dev"][2] > 1.0 > f["length_ratio_dev"][0]
