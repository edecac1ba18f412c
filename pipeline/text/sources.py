"""Which files an input list names (files, directories, globs) and which reader each one needs."""

import glob
from pathlib import Path

from pipeline.errors import BitextError

_COMPRESSION = (".gz", ".xz", ".zst")
_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".warc": "warc", ".wet": "warc",
            ".arc": "warc", ".parquet": "parquet", ".txt": "text"}
_CRAWL_SUFFIXES = tuple(_FORMATS) + _COMPRESSION


def input_format(path: Path) -> str:
    """`text`, `jsonl`, `warc` or `parquet`, from the name once a compression suffix is set aside."""
    name = path.name.lower()
    for suffix in _COMPRESSION:
        name = name.removesuffix(suffix)
    return _FORMATS.get(Path(name).suffix, "text")


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Files, directories (their crawl files, recursively) and globs, each path once, in order."""
    files: list[Path] = []
    for item in inputs:
        if any(ch in item for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(item, recursive=True)) if Path(m).is_file()]
            if not matches:
                raise BitextError(f"{item}: no file matches this pattern")
            files.extend(matches)
        elif Path(item).is_dir():
            found = sorted(p for p in Path(item).rglob("*") if p.is_file()
                           and p.name.lower().endswith(_CRAWL_SUFFIXES) and not p.name.startswith("."))
            if not found:
                raise BitextError(f"{item}: directory holds no crawl files ({', '.join(_CRAWL_SUFFIXES)})")
            files.extend(found)
        elif Path(item).is_file():
            files.append(Path(item))
        else:
            raise BitextError(f"{item}: no such file or directory")
    return list(dict.fromkeys(files))
