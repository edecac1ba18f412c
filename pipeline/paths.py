"""The path checks every reader and writer shares, so a wrong path says what is wrong with it (a directory
where a file belongs, a file where a directory belongs, not UTF-8) in one line, before any work is done."""

from pathlib import Path

from pipeline.errors import BitextError


def input_file(path: Path | str) -> Path:
    """`path` as an existing file; a missing path and a directory are different mistakes, named as such."""
    path = Path(path)
    if path.is_dir():
        raise BitextError(f"{path}: is a directory, expected a file")
    if not path.is_file():
        raise BitextError(f"{path}: no such file")
    return path


def read_text(path: Path | str) -> str:
    """A whole UTF-8 text file; a binary file is refused by name and byte, never decoded as garbage."""
    path = input_file(path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BitextError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def output_file(path: Path | str, suffix: str | None = None) -> Path:
    """`path` as a file that can be written: not a directory, under no file, with `suffix` if one is required."""
    path = Path(path)
    if suffix is not None and path.suffix != suffix:
        raise BitextError(f"{path}: the output must end in {suffix}")
    if path.is_dir():
        raise BitextError(f"{path}: is a directory, expected a file to write")
    _parents_are_directories(path)
    return path


def output_dir(path: Path | str) -> Path:
    """`path` as a directory to write into (made when missing): not an existing file."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise BitextError(f"{path}: is a file, expected a directory")
    _parents_are_directories(path)
    return path


def _parents_are_directories(path: Path) -> None:
    """The nearest existing parent must be a directory, or the write fails after the work."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise BitextError(f"{path}: {parent} is a file, not a directory")
            return


def apart(outputs: dict[str, Path | None], inputs: dict[str, Path | None]) -> None:
    """Refuse an output that is one of the inputs (the work would overwrite it, and the input be lost), or
    that another output also names (one would silently replace the other)."""
    given = {name: Path(path) for name, path in inputs.items() if path is not None and Path(path).exists()}
    written: dict[Path, str] = {}
    for out_name, out in outputs.items():
        if out is None:
            continue
        if (first := written.setdefault(Path(out).resolve(), out_name)) != out_name:
            raise BitextError(f"{out}: given as both {first} and {out_name}; one output would replace the other")
        if not Path(out).exists():
            continue
        for in_name, path in given.items():
            if Path(out).samefile(path):
                raise BitextError(f"{out}: given as both {out_name} and {in_name}; the output would overwrite it")
