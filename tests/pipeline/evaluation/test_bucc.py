import pytest

from pipeline.errors import BitextError
from pipeline.evaluation.bucc import build_task, read_gold, write_task

SRC = [f"source sentence {i}" for i in range(100)]
TGT = [f"Target sentence {i}." for i in range(100)]
DISTRACTORS = [f"distractor {i}" for i in range(50)] + ["TARGET sentence 7"]  # a disguised translation


def _number(text: str) -> str:
    return text.rstrip(".").split()[-1]


def test_task_hides_gold_among_unpaired_sentences_and_distractors():
    task = build_task("xx-en", SRC, TGT, DISTRACTORS, keep=0.6, n_distractors=40, seed=3)
    assert len(task.gold) == 60 and len(task.src) == 80 and len(task.tgt) == 80 + 40
    for s, t in task.gold:
        assert _number(task.src[s]) == _number(task.tgt[t])
    assert "TARGET sentence 7" not in task.tgt
    gold_src = {s for s, _ in task.gold}
    unpaired = {_number(task.src[i]) for i in range(len(task.src)) if i not in gold_src}
    translations_present = {_number(t) for t in task.tgt if t.startswith("Target")}
    assert not unpaired & translations_present


def test_both_sides_are_shuffled_so_position_says_nothing():
    task = build_task("xx-en", SRC, TGT, DISTRACTORS, keep=0.6, n_distractors=40, seed=3)
    assert sum(s == t for s, t in task.gold) < 10
    assert task.src != sorted(task.src, key=lambda s: int(_number(s)))


def test_source_distractors_are_added_on_request():
    extra = [f"other source {i}" for i in range(30)]
    task = build_task("xx-en", SRC, TGT, DISTRACTORS, keep=0.6, n_distractors=10, seed=1,
                      src_distractors=extra, n_src_distractors=20)
    assert len(task.src) == 80 + 20 and sum(s.startswith("other") for s in task.src) == 20


def test_task_is_reproducible_per_seed():
    a, b, c = (build_task("t", SRC, TGT, DISTRACTORS, seed=s) for s in (1, 1, 2))
    assert a == b and a != c


def test_unequal_sides_are_a_one_line_error():
    with pytest.raises(BitextError, match="100 source lines but 99 target lines"):
        build_task("t", SRC, TGT[:-1], DISTRACTORS)


def test_written_task_reads_back_with_the_same_gold(tmp_path):
    task = build_task("xx-en", SRC, TGT, DISTRACTORS, keep=0.5, n_distractors=20, seed=2)
    paths = write_task(task, tmp_path)
    src = paths["src"].read_text(encoding="utf-8").splitlines()
    tgt = paths["tgt"].read_text(encoding="utf-8").splitlines()
    assert src == task.src and tgt == task.tgt
    assert read_gold(paths["gold"], len(src), len(tgt)) == task.gold


@pytest.mark.parametrize("content, message", [
    ("1\tx\n", r"gold.tsv:1: expected"),
    ("1\t2\n500\t1\n", r"gold.tsv:2: line numbers 500, 1 outside"),
])
def test_bad_gold_file_names_file_and_line(tmp_path, content, message):
    gold = tmp_path / "gold.tsv"
    gold.write_text(content)
    with pytest.raises(BitextError, match=message):
        read_gold(gold, 10, 10)
