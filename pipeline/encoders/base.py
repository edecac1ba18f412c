"""What every sentence encoder provides to the embed and mine stages, and the batching they share.

An encoder prepares texts (tokenize, truncate, count), and `encode` does the rest the same
way for every backend: blank texts become zero rows, the others are embedded in batches of
similar length, a batch that runs out of accelerator memory is split and retried, and the
rows come back in input order, L2-normalised, as float32 (what faiss takes).
"""

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass

import numpy as np

from pipeline.encoders.batching import embed_in_length_order

BLANK = "blank_text_zero_vector"          # empty or whitespace-only: a zero row, never mined
TRUNCATED = "truncated_to_model_max_length"


@dataclass
class Prepared:
    """Texts made ready for one backend: model inputs, their lengths, and how many were cut."""

    items: list
    lengths: np.ndarray
    truncated: int = 0


class Encoder(ABC):
    """Maps sentences to L2-normalised float32 vectors; models load on first use, never at import."""

    name: str
    dim: int

    def check_files(self) -> None:
        """Raise a BitextError if files the model needs are missing: cheap, loads nothing, so a run
        can refuse a missing model before its first stage (pipeline/preflight.py)."""
        return None     # muse ships in its wheel, hashing has no files: nothing to check

    @abstractmethod
    def _prepare(self, texts: list[str]) -> Prepared:
        """Model inputs for non-blank texts, truncated to what the model takes."""

    @abstractmethod
    def _embed_batch(self, items: list) -> np.ndarray:
        """Raw embeddings of one batch of prepared items, one row each."""

    def encode(self, texts: list[str], batch_size: int = 256, counts: Counter | None = None) -> np.ndarray:
        """(len(texts), dim) float32; `counts` receives the rows altered (blank, truncated)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        keep = [i for i, text in enumerate(texts) if text.strip()]
        if counts is not None:
            counts[BLANK] += len(texts) - len(keep)
        if keep:
            prepared = self._prepare([texts[i] for i in keep])
            if counts is not None:
                counts[TRUNCATED] += prepared.truncated
            out[keep] = embed_in_length_order(self._embed_batch, prepared.items, prepared.lengths, batch_size)
        return l2_normalize(out)


def l2_normalize(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)
