"""Length-sorted batches and the split-and-retry on out-of-memory, with an injected OOM."""

import numpy as np
import pytest
import torch

from pipeline.encoders.batching import embed_in_length_order, length_sorted_batches, split_on_oom
from pipeline.errors import BitextError


def test_batches_are_longest_first_and_cover_every_item_once():
    lengths = np.array([3, 9, 1, 9, 5])
    batches = length_sorted_batches(lengths, 2)
    assert [len(b) for b in batches] == [2, 2, 1]
    assert [lengths[b].tolist() for b in batches] == [[9, 9], [5, 3], [1]]
    assert sorted(np.concatenate(batches).tolist()) == [0, 1, 2, 3, 4]


def fits_at_most(n: int, calls: list):
    """An embed function that runs out of memory on batches larger than n, like a GPU would."""
    def embed(batch):
        calls.append(len(batch))
        if len(batch) > n:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return np.array([[float(x), 1.0] for x in batch])
    return embed


def test_out_of_memory_batch_is_split_and_rows_stay_in_input_order():
    calls = []
    items = [5, 1, 4, 2, 3, 0, 6]
    out = embed_in_length_order(fits_at_most(2, calls), items, np.array(items), batch_size=4)
    assert out[:, 0].tolist() == items
    assert calls == [4, 2, 2, 3, 1, 2]  # each too-large batch halved once, then fits


def test_single_item_that_does_not_fit_is_a_clear_error():
    with pytest.raises(BitextError, match="does not fit in accelerator memory even alone"):
        split_on_oom(fits_at_most(0, []), [1, 2])


def test_other_errors_are_not_retried():
    def broken(batch):
        raise ValueError("bad weights")
    with pytest.raises(ValueError, match="bad weights"):
        split_on_oom(broken, [1, 2, 3])
