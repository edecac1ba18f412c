"""Which files an input list names (files, directories, globs) and which input format each one is."""

import glob
from pathlib import Path

from pipeline.errors import BitextError
from pipeline.text.formats import COMPRESSION, claimed_suffixes, format_of_suffix


def input_format(path: Path) -> str:
    """The name of a row of `formats.FORMATS`, from the file name once a compression suffix is set aside."""
    name = Path(path).name.lower()
    for suffix in COMPRESSION:
        name = name.removesuffix(suffix)
    return format_of_suffix(Path(name).suffix).name


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Files, directories (their crawl files, recursively) and globs, each path once, in order."""
    files: list[Path] = []
    crawl_suffixes = claimed_suffixes()
    for item in inputs:
        if any(ch in item for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(item, recursive=True)) if Path(m).is_file()]
            if not matches:
                raise BitextError(f"{item}: no file matches this pattern")
            files.extend(matches)
        elif Path(item).is_dir():
            found = sorted(p for p in Path(item).rglob("*") if p.is_file()
                           and p.name.lower().endswith(crawl_suffixes) and not p.name.startswith("."))
            if not found:
                raise BitextError(f"{item}: directory holds no crawl files ({', '.join(crawl_suffixes)})")
            files.extend(found)
        elif Path(item).is_file():
            files.append(Path(item))
        else:
            raise BitextError(f"{item}: no such file or directory")
    return list(dict.fromkeys(files))
