import numpy as np
import pytest

from pipeline.mining.mine import Scored
from pipeline.mining.retrieval import RETRIEVALS, best_per, positions_of, retrieve

# five candidates by hand: (source, target, score, cosine)
HAND = Scored(np.array([0, 0, 1, 1, 2]), np.array([0, 1, 0, 1, 1]),
              np.array([0.9, 0.8, 0.85, 0.3, 0.7]), np.array([0.4, 0.5, 0.8, 0.3, 0.6]))


def pairs(positions: np.ndarray) -> list[tuple[int, int]]:
    return [(int(HAND.src[p]), int(HAND.tgt[p])) for p in positions]


def run(retrieval: str, threshold: float = -np.inf, min_cosine: float = -1.0) -> list[tuple[int, int]]:
    fwd, bwd = best_per(HAND.src, HAND.score), best_per(HAND.tgt, HAND.score)
    return pairs(retrieve(HAND, HAND.score, fwd, bwd, retrieval, threshold, min_cosine))


def test_each_retrieval_by_hand():
    assert run("forward") == [(0, 0), (1, 0), (2, 1)]       # each source's best, best first
    assert run("backward") == [(0, 0), (0, 1)]              # each target's best
    assert run("intersect") == [(0, 0)]
    assert run("max") == [(0, 0), (2, 1)]                   # (1, 0) and (0, 1) reuse a sentence already taken


def test_threshold_and_cosine_floor_apply_before_the_one_to_one_choice():
    assert run("max", threshold=0.75) == [(0, 0)]
    # (0, 0) is below the cosine floor, so the sentences it would hold are free for (1, 0);
    # the floor does not make (0, 1) anyone's best, the bests are taken before it
    assert run("max", min_cosine=0.55) == [(1, 0), (2, 1)]
    assert run("forward", min_cosine=0.7) == [(1, 0)]
    assert run("backward", min_cosine=0.55) == []


def test_positions_of_finds_each_pair_and_marks_strangers():
    got = positions_of(HAND, np.array([2, 0, 1, 3]), np.array([1, 0, 1, 0]))
    assert got.tolist() == [4, 0, 3, -1]
    assert positions_of(HAND.take(np.array([], np.int64)), np.array([0]), np.array([0])).tolist() == [-1]


def test_the_table_names_every_retrieval_and_others_are_refused():
    assert list(RETRIEVALS) == ["forward", "backward", "intersect", "max"]
    assert all(isinstance(help, str) and help for help in RETRIEVALS.values())
    with pytest.raises(ValueError, match="unknown retrieval 'best'"):
        run("best")
