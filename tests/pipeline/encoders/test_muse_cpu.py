"""The parts of muse's numpy network that are not arithmetic: cache, grouping, rounding, threads."""

import numpy as np

from pipeline.encoders.muse_cpu import TokenCache, compute_threads, to_bfloat16, token_groups
from pipeline.encoders.muse_weights import BRANCH_DIM, EMB_DIM, ORDERS, SLOTS


def features(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A stand-in for the token features (and table rows) that says which id it was computed for."""
    return (np.broadcast_to(ids[None, :, None], (len(ORDERS) + SLOTS, len(ids), BRANCH_DIM)).astype(np.float32),
            np.broadcast_to((ids % 256)[:, None], (len(ids), EMB_DIM)).astype(np.uint8))


def cached_value(cache: TokenCache, slots: np.ndarray) -> np.ndarray:
    wide = cache.rows[0, slots, 0].astype(np.uint32) << 16
    return wide.view(np.float32)


def test_cache_returns_each_tokens_own_row_and_evicts_the_least_recently_used():
    cache = TokenCache(features, vocab_size=100, max_rows=5)   # slot 0 is the zero row: 4 usable
    first = cache.lookup(np.array([10, 11, 10]))
    assert cached_value(cache, first).tolist() == [10, 11, 10] and cache.computed == 2
    assert cache.codes[first, 0].tolist() == [10, 11, 10]
    cache.lookup(np.array([12, 13]))
    cache.lookup(np.array([10]))             # 11 is now the least recently used
    slots = cache.lookup(np.array([14, 10]))
    assert cached_value(cache, slots).tolist() == [14, 10]
    assert cache.slot_of[11] == -1 and cache.slot_of[[10, 12, 13, 14]].min() > 0
    assert cache.computed == 5 and not cache.rows[:, 0].any()


def test_cache_grows_for_one_lookup_larger_than_it():
    cache = TokenCache(features, vocab_size=100, max_rows=3)
    slots = cache.lookup(np.arange(20, 30))
    assert cached_value(cache, slots).tolist() == list(range(20, 30))


def test_token_groups_keep_within_budget_and_a_long_sentence_alone():
    assert token_groups(np.array([3, 3, 3, 9, 2, 2]), 6) == [(0, 2), (2, 3), (3, 4), (4, 6)]
    assert token_groups(np.array([], dtype=np.int64), 6) == []


def test_bfloat16_rounds_to_nearest():
    x = np.array([1.0, 1.0 + 2 ** -8, 1.0 + 3 * 2 ** -9, -2.5], dtype=np.float32)
    back = (to_bfloat16(x.copy()).astype(np.uint32) << 16).view(np.float32)
    assert back.tolist() == [1.0, 1.0, 1.0 + 2 ** -7, -2.5]   # a tie goes to even; 1 + 3/512 rounds up


def test_threads_follow_a_per_process_cap(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert compute_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "")
    assert compute_threads() >= 1
