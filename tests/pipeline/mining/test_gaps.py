"""Gap alignment: unpaired sentences between anchors of one document pair are aligned to each other, in order."""

import numpy as np

from pipeline.mining.adjacent import Adjacency
from pipeline.mining.gaps import Gap, best_path, candidates, chosen_beads, gaps, runs
from pipeline.mining.spans import row_mask


def _document(n: int, doc: int = 0, skip: tuple = ()) -> tuple[np.ndarray, np.ndarray]:
    """doc ids and positions of a document of n sentences, positions in `skip` dropped before mining."""
    positions = [p for p in range(n + len(skip)) if p not in skip]
    return np.full(len(positions), doc), np.array(positions)


def _side(*docs) -> Adjacency:
    doc = np.concatenate([d for d, _ in docs])
    return Adjacency.of(np.zeros(len(doc), np.int64), doc, np.concatenate([p for _, p in docs]))


def _spans(*rows) -> np.ndarray:
    return np.array([list(r) + [-1] * (3 - len(r)) for r in rows])


def test_the_unpaired_rows_between_two_anchors_of_one_document_pair_are_a_gap():
    src, tgt = _side(_document(6)), _side(_document(7))
    s, t = _spans((0,), (4,), (5,)), _spans((0,), (5,), (6,))          # rows 1-3 and 1-4 lie between
    found = gaps(s, t, src, tgt, (row_mask(6, s), row_mask(7, t)), most=6)
    assert found == [Gap(0, [1, 2, 3], [1, 2, 3, 4])]
    assert gaps(s, t, src, tgt, (row_mask(6, s), row_mask(7, t)), most=3) == []     # four on the target side: too many


def test_no_gap_between_anchors_in_different_documents_or_crossing_ones():
    src = _side(_document(4, 0), _document(4, 1))
    tgt = _side(_document(8))
    s, t = _spans((0,), (5,)), _spans((0,), (3,))                       # src rows 0 and 5: two documents
    assert gaps(s, t, src, tgt, (row_mask(8, s), row_mask(8, t)), most=6) == []
    src = _side(_document(6))
    s, t = _spans((0,), (3,), (5,)), _spans((0,), (6,), (3,))            # the last anchor crosses the middle one:
    found = gaps(s, t, src, tgt, (row_mask(6, s), row_mask(8, t)), most=6)     # it chains with neither, bounds nothing
    assert [(g.src, g.tgt) for g in found] == [([1, 2], [1, 2, 4, 5]), ([4], [7])]


def test_a_lone_anchor_of_another_document_pair_bounds_no_stretch():
    """English row 1 is paired with a sentence of another German document (a duplicate kept there): one pair
    vouches for no document pair, so the stretch before the chain still reaches the English row 0."""
    src, tgt = _side(_document(4, 0), _document(3, 1)), _side(_document(5))
    s, t = _spans((1,), (2,), (4,)), _spans((2,), (3,), (1,))
    found = gaps(s, t, src, tgt, (row_mask(7, s), row_mask(5, t)), most=6)
    assert [(g.anchor, g.src, g.tgt) for g in found] == [(0, [0], [0]), (1, [3], [4])]


def test_a_source_document_paired_with_two_target_documents_gives_each_row_to_one_gap_at_most():
    """One source document of ten sentences; its first half is translated in target document X (rows 0-3), its
    second in Y (rows 4-8, Y's first sentence unpaired). The stretch after X's chain and the one before Y's
    reach the same source rows 3 and 4: they go to neither."""
    src = _side(_document(10))
    tgt = _side(_document(4, 0), _document(5, 1))
    s, t = _spans((0,), (2,), (5,), (7,)), _spans((0,), (2,), (5,), (7,))
    found = gaps(s, t, src, tgt, (row_mask(10, s), row_mask(9, t)), most=6)
    assert [(g.anchor, g.src, g.tgt) for g in found] == [(0, [1], [1]), (2, [6], [6]), (3, [8, 9], [8])]
    t = _spans((0,), (2,), (4,), (6,))                                  # Y's first sentence paired: no conflict
    found = gaps(s, t, src, tgt, (row_mask(10, s), row_mask(9, t)), most=6)
    assert [(g.anchor, g.src, g.tgt) for g in found] == [(0, [1], [1]), (2, [6], [5]), (1, [3, 4], [3]),
                                                         (3, [8, 9], [7, 8])]


def test_the_stretches_before_and_after_a_chain_of_anchors_are_gaps_and_a_lone_anchor_has_none():
    src, tgt = _side(_document(6)), _side(_document(6))
    s, t = _spans((2,), (3,)), _spans((1,), (2,))
    found = gaps(s, t, src, tgt, (row_mask(6, s), row_mask(6, t)), most=6)
    assert sorted((g.anchor, g.src, g.tgt) for g in found) == [(0, [0, 1], [0]), (1, [4, 5], [3, 4, 5])]
    lone_s, lone_t = _spans((2,)), _spans((1,))
    assert gaps(lone_s, lone_t, src, tgt, (row_mask(6, lone_s), row_mask(6, lone_t)), most=6) == []


def test_rows_held_by_another_alignment_are_not_in_the_gap():
    src, tgt = _side(_document(5)), _side(_document(5))
    s, t = _spans((0,), (4,)), _spans((0,), (4,))
    held = (row_mask(5, s), row_mask(5, t))
    held[0][2] = True                                                     # taken elsewhere (another pair)
    assert gaps(s, t, src, tgt, held, most=6) == [Gap(0, [1, 3], [1, 2, 3])]


def test_runs_join_only_rows_adjacent_in_their_document():
    adjacency = _side(_document(4, skip=(2,)))                            # positions 0 1 3 4: 1 and 3 apart
    assert runs([0, 1, 2, 3], adjacency, 3) == [(0, 1), (0, 2), (1, 1), (2, 1), (2, 2), (3, 1)]


def test_candidates_are_runs_of_one_side_against_one_sentence_of_the_other():
    adjacency = _side(_document(5))
    options, owner = candidates([Gap(7, [1, 2], [3])], adjacency, adjacency, (3, 3), 3)
    assert [(tuple(a[a >= 0]), tuple(b[b >= 0])) for a, b in zip(options.src, options.tgt)] == [
        ((1,), (3,)), ((1, 2), (3,)), ((2,), (3,))]
    assert options.pair.tolist() == [7, 7, 7] and owner.tolist() == [0, 0, 0]


def test_the_best_path_is_monotone_and_takes_the_highest_summed_gain():
    one_two = [(0, 1, 0, 1, 0.10), (0, 1, 0, 2, 0.15)]
    assert best_path(1, 2, one_two) == [1]                                # the whole translation beats half
    crossing = [(0, 1, 1, 1, 0.3), (1, 1, 0, 1, 0.2), (0, 1, 0, 1, 0.1), (1, 1, 1, 1, 0.1)]
    assert best_path(2, 2, crossing) == [0]                               # 0.3 alone beats 0.1 + 0.1 ...
    crossing[2:] = [(0, 1, 0, 1, 0.2), (1, 1, 1, 1, 0.2)]
    assert best_path(2, 2, crossing) == [2, 3]                            # ... and loses to 0.2 + 0.2
    assert best_path(2, 3, []) == []


def test_chosen_beads_take_only_candidates_that_pass_the_threshold_and_the_floor():
    adjacency = _side(_document(4))
    gap_list = [Gap(0, [1, 2], [1, 2])]
    options, owner = candidates(gap_list, adjacency, adjacency, (2, 2), 2)
    pairs = [(tuple(a[a >= 0]), tuple(b[b >= 0])) for a, b in zip(options.src, options.tgt)]
    score = np.array([{((1,), (1,)): 1.2, ((2,), (2,)): 1.3}.get(p, 0.9) for p in pairs])
    cosine = np.array([{((2,), (2,)): 0.3}.get(p, 0.7) for p in pairs])
    taken = chosen_beads(options, owner, gap_list, score, cosine, threshold=1.0, floor=0.5)
    assert [pairs[k] for k in taken] == [((1,), (1,))]                    # (2, 2) scores well but under the floor
