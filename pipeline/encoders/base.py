"""What every sentence encoder provides to the embed and mine stages."""

from abc import ABC, abstractmethod

import numpy as np

# LASER's customary ratio-margin threshold and no cosine floor: the fallback for encoders
# we have not calibrated.
UNCALIBRATED_THRESHOLD = 1.06
UNCALIBRATED_MIN_COSINE = -1.0


class Encoder(ABC):
    """Maps sentences to L2-normalised float32 vectors; models load on first `encode`."""

    name: str
    dim: int
    # Ratio-margin threshold and cosine floor calibrated for this encoder
    # (benchmarks/calibrate_threshold.py; README, "Default threshold").
    default_threshold: float = UNCALIBRATED_THRESHOLD
    default_min_cosine: float = UNCALIBRATED_MIN_COSINE

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
