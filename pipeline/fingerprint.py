"""Identity of files and configs, so a step can tell whether its inputs changed since it last ran."""

import json
from pathlib import Path

import xxhash
from pydantic_core import to_jsonable_python

_BLOCK = 1 << 20


def file_checksum(path: Path) -> str:
    digest = xxhash.xxh3_64()
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def file_fingerprint(path: Path, known: dict | None = None) -> dict:
    """Path, size, modification time and xxh3 checksum of a file.

    The checksum of `known` (the same file's fingerprint from an earlier run) is reused when
    path, size and mtime are unchanged, so a no-op re-run over a terabyte crawl reads nothing.
    """
    stat = Path(path).stat()
    fp = {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    if known and all(known.get(k) == v for k, v in fp.items()):
        return {**fp, "xxh3": known["xxh3"]}
    return {**fp, "xxh3": file_checksum(Path(path))}


def config_hash(config) -> str:
    """A stable hash of a config: pydantic models, paths and plain values, nested as they come."""
    return xxhash.xxh3_64_hexdigest(json.dumps(to_jsonable_python(config), sort_keys=True).encode())
