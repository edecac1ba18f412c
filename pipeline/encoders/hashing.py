"""A toy encoder: signed feature hashing of character trigrams and words, no model at all.

It exists so that tests of the pipeline's shape (resume, crash and kill recovery, the Dask
runner, report layout) can run every stage for real in seconds, and as a smoke-test encoder
(`encoder: hashing`) that checks an installation without loading any weights. It knows no
language: texts that share spelling are close, translations are not, so its pairs mean
nothing beyond "the pipeline ran".

Deterministic everywhere: the same text gives the same vector in every process, on every
machine (xxhash with a fixed seed, never Python's salted `hash()`), with numpy only.
"""

import numpy as np
import xxhash

from pipeline.encoders.base import Encoder, Prepared

DIM = 64
MAX_CHARS = 1000   # bounds the work one text can take, like a model's maximum length
_SEED = 0x5EED


def _features(text: str) -> list[str]:
    """Lower-cased words, and the character trigrams of the text padded with spaces at both ends."""
    text = " ".join(text.lower().split())
    padded = f" {text} "
    return [f"w:{word}" for word in text.split()] + [f"c:{padded[i:i + 3]}" for i in range(len(padded) - 2)]


class HashingEncoder(Encoder):
    name = "hashing"
    dim = DIM

    def __init__(self, device: str = "auto", dim: int = DIM, max_chars: int = MAX_CHARS):
        self.device = device          # accepted like every encoder's; there is nothing to place
        self.dim = dim
        self.max_chars = max_chars

    def _prepare(self, texts: list[str]) -> Prepared:
        items = [text[:self.max_chars] for text in texts]
        truncated = sum(len(text) > self.max_chars for text in texts)
        return Prepared(items, np.fromiter(map(len, items), dtype=np.int64, count=len(items)), truncated)

    def _embed_batch(self, items: list[str]) -> np.ndarray:
        rows, hashes = [], []
        for row, text in enumerate(items):
            features = _features(text)
            rows.extend([row] * len(features))
            hashes.extend(xxhash.xxh64_intdigest(f.encode("utf-8"), seed=_SEED) for f in features)
        h = np.array(hashes, dtype=np.uint64)
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        signs = np.where(h >> np.uint64(63), 1.0, -1.0).astype(np.float32)   # top bit: sign, rest: bucket
        np.add.at(out, (np.array(rows, dtype=np.int64), (h % np.uint64(self.dim)).astype(np.int64)), signs)
        return out
