import numpy as np
import pytest

from pipeline.evaluation.curves import best_shared_threshold, curve

GOLD = frozenset({(0, 0), (1, 1), (2, 2), (3, 3)})


def test_curve_reads_precision_recall_f1_at_any_threshold():
    src, tgt = np.array([0, 1, 9, 2]), np.array([0, 1, 9, 2])
    c = curve(src, tgt, np.array([2.0, 1.8, 1.5, 1.2]), GOLD)
    assert c.at(1.9) == pytest.approx((1.0, 0.25, 0.4))
    assert c.at(1.5) == pytest.approx((2 / 3, 0.5, 4 / 7))
    assert c.at(1.0) == pytest.approx((0.75, 0.75, 0.75))
    assert c.at(3.0) == (0.0, 0.0, 0.0)
    assert c.best() == pytest.approx((0.75, 1.2))


def test_shared_threshold_maximises_mean_f1_over_tasks():
    a = curve(np.array([0, 1, 9]), np.array([0, 1, 9]), np.array([3.0, 2.0, 1.0]), frozenset({(0, 0), (1, 1)}))
    b = curve(np.array([0, 9, 1]), np.array([0, 9, 1]), np.array([3.0, 2.0, 1.0]), frozenset({(0, 0), (1, 1)}))
    threshold, mean_f1 = best_shared_threshold([a, b], np.array([3.0, 2.0, 1.0]))
    # 3.0: F1 2/3 both; 2.0: 1.0 and 0.5; 1.0: 0.8 both
    assert threshold == 1.0 and mean_f1 == pytest.approx(0.8)
