"""Built ONNX models kept in the user's cache directory: later starts neither build them nor import `onnx`.

A model's file (in muse_table's `cache_dir()`) is named by a key of everything it is built
from: the bytes of the arrays handed to the builder and the source of the modules that build
it, so new weights or a changed graph name a new file (which replaces the old one; a
process that needs the old one again builds it again). The file starts with the model's
SHA-256, checked on every read: a damaged or cut file is built again and replaced. It is
written to a temporary file and renamed (two processes at once both write a whole file);
where the directory cannot be written the model is built in memory at every start.
"""

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from pipeline.atomic import atomic_path
from pipeline.encoders.muse_table import cache_dir
from pipeline.errors import BitextError

DIGEST = hashlib.sha256().digest_size


def model_key(arrays: Iterable[np.ndarray], sources: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for path in sources:
        h.update(path.read_bytes())
    for array in arrays:
        array = np.ascontiguousarray(array)
        h.update(f"{array.dtype.str}{array.shape}".encode())
        h.update(memoryview(array).cast("B") if array.size else b"")
    return h.hexdigest()[:16]


def cached_model(name: str, build: Callable[[], bytes], key: str) -> bytes:
    """The model's bytes from the cache file of `key` (`model_key`), or from `build()` (then written there) when
    missing or damaged."""
    path = cache_dir() / f"{name}-{key}.onnx"
    model = read_model(path)
    if model is None:
        model = build()
        try:
            with atomic_path(path) as tmp, open(tmp, "wb") as fh:
                fh.write(hashlib.sha256(model).digest())
                fh.write(model)
            for stale in path.parent.glob(f"{name}-*.onnx"):     # other weights or code: not read again
                if stale != path:
                    stale.unlink(missing_ok=True)
        except (OSError, BitextError):     # unwritable (or full): the model built in memory serves this start
            pass
    return model


def read_model(path: Path) -> bytes | None:
    """The file's model, or None when it is missing, unreadable or fails its checksum."""
    try:
        with open(path, "rb") as fh:
            digest, model = fh.read(DIGEST), fh.read()
    except OSError:
        return None
    return model if hashlib.sha256(model).digest() == digest else None
