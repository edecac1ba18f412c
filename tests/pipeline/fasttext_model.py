"""A tiny real fastText supervised model, written in fastText's binary format, for LID tests.

Each word's input vector points at one label, so a text made of a word is labelled with that word's
label at a probability the test controls. Any fastText loader (fasttext-predict here) reads it.
"""

import struct
from pathlib import Path

_MAGIC, _VERSION = 793712314, 12
_LOSS_SOFTMAX, _MODEL_SUPERVISED = 3, 3


def write_lid_model(path: Path, words: dict[str, str], labels: list[str], strength: float = 8.0) -> Path:
    """`words` maps each known word to its label (e.g. `{"privet": "rus_Cyrl"}`); labels are raw model codes."""
    dim = len(labels)
    # dim ws epoch minCount neg wordNgrams loss model bucket minn maxn lrUpdateRate, then t
    args = struct.pack("<12id", dim, 5, 5, 1, 5, 1, _LOSS_SOFTMAX, _MODEL_SUPERVISED, 0, 0, 0, 100, 1e-4)
    entries = [(w, 0) for w in words] + [(f"__label__{label}", 1) for label in labels]
    dictionary = struct.pack("<iiiqq", len(entries), len(words), len(labels), len(words), -1)
    dictionary += b"".join(w.encode() + b"\0" + struct.pack("<qb", 1, kind) for w, kind in entries)
    inputs = [[1.0 if labels[j] == label else 0.0 for j in range(dim)] for label in words.values()]
    outputs = [[strength if i == j else 0.0 for j in range(dim)] for i in range(dim)]
    path.write_bytes(struct.pack("<ii", _MAGIC, _VERSION) + args + dictionary + b"\0" + _matrix(inputs)
                     + b"\0" + _matrix(outputs))
    return path


def _matrix(rows: list[list[float]]) -> bytes:
    return struct.pack("<qq", len(rows), len(rows[0])) + struct.pack(f"<{len(rows) * len(rows[0])}f",
                                                                     *[x for row in rows for x in row])
