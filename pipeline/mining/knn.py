"""Exact k-nearest-neighbour search by inner product (cosine on normalised vectors) with faiss."""

import faiss
import numpy as np


def knn(queries: np.ndarray, base: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Similarities and indices of the `k` nearest rows of `base` for each query, best first."""
    k = min(k, len(base))
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(np.ascontiguousarray(base, dtype=np.float32))
    sims, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
    return sims, ids
