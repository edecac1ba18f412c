import numpy as np
import pytest

from pipeline.evaluation.bucc import build_task, curve

SRC = [f"source sentence {i}" for i in range(100)]
TGT = [f"Target sentence {i}." for i in range(100)]
DISTRACTORS = [f"distractor {i}" for i in range(50)] + ["TARGET sentence 7"]  # a disguised translation


def test_task_hides_gold_among_unpaired_sentences_and_distractors():
    task = build_task("xx-en", SRC, TGT, DISTRACTORS, keep=0.6, n_distractors=40, seed=3)
    assert len(task.gold) == 60 and len(task.src) == 80 and len(task.tgt) == 80 + 40
    for s, t in task.gold:
        assert task.src[s].split()[-1] == task.tgt[t].rstrip(".").split()[-1]
    assert "TARGET sentence 7" not in task.tgt
    gold_src = {s for s, _ in task.gold}
    unpaired = [task.src[i] for i in range(len(task.src)) if i not in gold_src]
    translations_present = {t.rstrip(".").split()[-1] for t in task.tgt if t.startswith("Target")}
    assert not {s.split()[-1] for s in unpaired} & translations_present


def test_task_is_reproducible_per_seed():
    a, b, c = (build_task("t", SRC, TGT, DISTRACTORS, seed=s) for s in (1, 1, 2))
    assert a == b and a != c


def test_curve_reads_precision_recall_f1_at_any_threshold():
    gold = frozenset({(0, 0), (1, 1), (2, 2), (3, 3)})
    src, tgt = np.array([0, 1, 9, 2]), np.array([0, 1, 9, 2])
    c = curve(src, tgt, np.array([2.0, 1.8, 1.5, 1.2]), gold)
    assert c.at(1.9) == pytest.approx((1.0, 0.25, 0.4))
    assert c.at(1.5) == pytest.approx((2 / 3, 0.5, 4 / 7))
    assert c.at(1.0) == pytest.approx((0.75, 0.75, 0.75))
    assert c.at(3.0) == (0.0, 0.0, 0.0)
    assert c.best() == pytest.approx((0.75, 1.2))
