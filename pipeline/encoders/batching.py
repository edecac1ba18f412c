"""Length-sorted batches, and splitting a batch in two when it runs out of accelerator memory.

Sorting by length keeps padding (transformers, LSTMs) and window bookkeeping (muse) small;
LASER and stopes embed the same way. An out-of-memory batch is halved and retried rather
than failing a shard of hours of work; only a single item that does not fit is an error.
"""

from collections.abc import Callable

import numpy as np

from pipeline.errors import BitextError


def length_sorted_batches(lengths: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Index arrays of at most `batch_size` items, longest first (so memory trouble shows early)."""
    order = np.argsort(-np.asarray(lengths), kind="stable")
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


def embed_in_length_order(embed: Callable[[list], np.ndarray], items: list, lengths: np.ndarray,
                          batch_size: int) -> np.ndarray:
    """Rows of `embed` over all items, in input order, computed in length-sorted batches."""
    out = None
    for index in length_sorted_batches(lengths, batch_size):
        rows = split_on_oom(embed, [items[i] for i in index])
        if out is None:
            out = np.empty((len(items), rows.shape[1]), dtype=np.float32)
        out[index] = rows
    return out


def split_on_oom(embed: Callable[[list], np.ndarray], batch: list) -> np.ndarray:
    """`embed(batch)`, halving the batch on out-of-memory errors until it fits."""
    try:
        return np.asarray(embed(batch), dtype=np.float32)
    except Exception as exc:
        if not is_out_of_memory(exc):
            raise
        if len(batch) == 1:
            raise BitextError("one sentence does not fit in accelerator memory even alone; "
                              "use a smaller model or device: cpu") from None
    free_accelerator_memory()
    half = len(batch) // 2
    return np.concatenate([split_on_oom(embed, batch[:half]), split_on_oom(embed, batch[half:])])


def is_out_of_memory(exc: BaseException) -> bool:
    import torch

    return isinstance(exc, torch.cuda.OutOfMemoryError) or (
        isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower())


def free_accelerator_memory() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.empty_cache()
