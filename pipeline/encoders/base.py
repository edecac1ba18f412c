"""What every sentence encoder provides to the embed and mine stages."""

from abc import ABC, abstractmethod

import numpy as np


class Encoder(ABC):
    """Maps sentences to L2-normalised float32 vectors; models load on first `encode`."""

    name: str
    dim: int

    @abstractmethod
    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Raw embeddings, one row per text."""

    def encode(self, texts: list[str], batch_size: int = 256) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalize(np.asarray(self._encode(list(texts), batch_size), dtype=np.float32))


def l2_normalize(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)
