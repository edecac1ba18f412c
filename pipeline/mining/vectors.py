"""One side's embeddings, read block by block: memory-mapped `.npy` files or arrays in memory.

A side can be far larger than memory allows in float32; mining never loads it whole. Each
read maps the file, copies the rows it needs into a float32 buffer, L2-normalises them and
unmaps again, so resident memory is the block, not the file.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xxhash

from pipeline.errors import BitextError

_FLOAT_TYPES = (np.float16, np.float32)


@dataclass(frozen=True)
class Vectors:
    """Rows of one side, in order: the rows of each part in turn, or the `rows` subset of them."""

    parts: tuple[np.ndarray | Path, ...]   # arrays, or .npy files read memory-mapped
    sizes: tuple[int, ...]
    dim: int
    name: str = "embeddings"               # names the side in error messages
    rows: np.ndarray | None = None         # global row numbers to use instead of all, in order

    @classmethod
    def from_array(cls, array: np.ndarray, name: str = "embeddings") -> "Vectors":
        array = np.asarray(array)
        if array.ndim != 2:
            raise BitextError(f"{name}: expected a 2-D array of vectors, got shape {array.shape}")
        return cls((array,), (len(array),), array.shape[1], name)

    @classmethod
    def from_files(cls, paths: list[Path], name: str = "embeddings") -> "Vectors":
        """Open `.npy` files (float16 or float32) without reading their rows; all must share one width."""
        shapes = [npy_shape(Path(p)) for p in paths]
        dims = {shape[1] for shape in shapes}
        if len(dims) > 1:
            raise BitextError(f"{name}: files have different vector widths {sorted(dims)}")
        return cls(tuple(Path(p) for p in paths), tuple(s[0] for s in shapes), dims.pop() if dims else 0, name)

    def subset(self, rows: np.ndarray) -> "Vectors":
        """The same side restricted to `rows` (numbers of the full side), in that order."""
        base = np.arange(sum(self.sizes)) if self.rows is None else self.rows
        return Vectors(self.parts, self.sizes, self.dim, self.name, base[np.asarray(rows, dtype=np.int64)])

    def __len__(self) -> int:
        return sum(self.sizes) if self.rows is None else len(self.rows)

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        """Rows [start, stop) as L2-normalised float32, written into `out` when given."""
        n = stop - start
        out = np.empty((n, self.dim), np.float32) if out is None else out[:n]
        self._copy(start, stop, out)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def blocks(self, size: int) -> Iterator[tuple[int, np.ndarray]]:
        """(first row, normalised float32 rows) for consecutive blocks of `size` rows; one buffer reused."""
        buf = np.empty((min(size, len(self)), self.dim), np.float32)
        for start in range(0, len(self), size):
            yield start, self.read(start, min(start + size, len(self)), buf)

    def check(self, block: int = 65536) -> None:
        """Refuse NaN, infinite and all-zero vectors before any work: they would give meaningless scores."""
        if len(self) == 0:
            raise BitextError(f"{self.name}: no vectors to mine")
        for start in range(0, len(self), block):
            stop = min(start + block, len(self))
            raw = np.empty((stop - start, self.dim), np.float32)
            self._copy(start, stop, raw)
            sq = np.einsum("ij,ij->i", raw, raw)
            if not np.isfinite(sq).all():
                bad = start + int(np.flatnonzero(~np.isfinite(sq))[0])
                raise BitextError(f"{self.name}: vector {bad} contains NaN or infinite values")
            if (sq == 0).any():
                raise BitextError(f"{self.name}: vector {start + int(np.flatnonzero(sq == 0)[0])} is all zeros")

    def digest(self) -> str:
        """Content hash of the vectors (and row subset), so a saved index is reused only for the same data."""
        h = xxhash.xxh3_128()
        for part in self.parts:
            array = _open(part)
            for start in range(0, len(array), 65536):
                h.update(np.ascontiguousarray(array[start:start + 65536]).view(np.uint8))
            h.update(str(array.dtype).encode())
        if self.rows is not None:
            h.update(self.rows.astype(np.int64).view(np.uint8))
        return h.hexdigest()

    def _copy(self, start: int, stop: int, out: np.ndarray) -> None:
        """Rows [start, stop) of this side, as stored (not normalised), into `out`."""
        if self.rows is None:
            self._copy_range(start, stop, out)
        else:
            self._copy_rows(self.rows[start:stop], out)

    def _copy_range(self, start: int, stop: int, out: np.ndarray) -> None:
        offset = 0
        for part, size in zip(self.parts, self.sizes):
            lo, hi = max(start, offset), min(stop, offset + size)
            if lo < hi:
                out[lo - start:hi - start] = _open(part)[lo - offset:hi - offset]
            offset += size

    def _copy_rows(self, rows: np.ndarray, out: np.ndarray) -> None:
        bounds = np.cumsum((0,) + self.sizes)
        part_of = np.searchsorted(bounds, rows, side="right") - 1
        for p in np.unique(part_of):
            mask = part_of == p
            out[mask] = _open(self.parts[p])[rows[mask] - bounds[p]]


def npy_shape(path: Path) -> tuple[int, int]:
    """Shape of a 2-D float16/float32 `.npy` file, read from its header alone."""
    try:
        array = np.load(path, mmap_mode="r")
    except FileNotFoundError:
        raise BitextError(f"{path}: embedding file not found") from None
    except (ValueError, OSError, EOFError) as exc:     # EOFError: an empty file (click would call it "aborted")
        raise BitextError(f"{path}: not a readable .npy file ({exc or 'empty file'})") from None
    if array.ndim != 2:
        raise BitextError(f"{path}: expected a 2-D array of vectors, got shape {array.shape}")
    if array.dtype not in _FLOAT_TYPES:
        raise BitextError(f"{path}: vectors are {array.dtype}; expected float16 or float32")
    return array.shape


def _open(part: np.ndarray | Path) -> np.ndarray:
    """The array itself, or a fresh memory map that is unmapped when the caller drops it."""
    return part if isinstance(part, np.ndarray) else np.load(part, mmap_mode="r")
