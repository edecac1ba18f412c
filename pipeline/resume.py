"""Skip work whose inputs and config have not changed: one manifest per step.

A step's manifest records the fingerprints of its inputs, a hash of its config and the
files it wrote. It is removed before the step runs and written (atomically) only after
every output is in place, so a step killed half-way is simply run again.

Paths inside the work directory (`root`) are recorded relative to it, so a work directory can be
moved, copied or mounted elsewhere and still resume; inputs outside it (crawl files) stay absolute.

Inside `only_checking()`, a step that would have to run raises `Stale` instead: a run can find
out from its manifests alone, cheaply and writing nothing, that it has nothing to do.
"""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.atomic import atomic_path
from pipeline.fingerprint import config_hash, file_fingerprint

_CHECKING: ContextVar[bool] = ContextVar("only_checking", default=False)


class Stale(Exception):
    """A step whose inputs or config changed since it last ran (raised only while checking)."""


@contextmanager
def only_checking() -> Iterator[None]:
    token = _CHECKING.set(True)
    try:
        yield
    finally:
        _CHECKING.reset(token)


@dataclass(frozen=True)
class Step:
    manifest: Path
    inputs: list[Path]
    config: object = field(default_factory=dict)
    root: Path | None = None        # the work directory: paths inside it are recorded relative to it

    def run(self, work: Callable[[], list[Path]]) -> tuple[bool, list[Path]]:
        """(whether `work` ran, its outputs): the recorded outputs when nothing changed."""
        previous = self._read()
        known = {fp["path"]: fp for fp in previous.get("inputs", [])}
        inputs = [file_fingerprint(p, known.get(str(p))) for p in (Path(i).absolute() for i in self.inputs)]
        wanted = {"config": config_hash(self.config), "inputs": [_identity(fp) for fp in inputs]}
        if self._still_valid(previous, wanted):
            return False, [Path(o["path"]) for o in previous["outputs"]]
        if _CHECKING.get():
            raise Stale(str(self.manifest))
        self.manifest.unlink(missing_ok=True)
        outputs = [Path(p) for p in work()]
        record = {"config": wanted["config"], "inputs": [{**fp, "path": self._recorded(fp["path"])} for fp in inputs],
                  "outputs": [{"path": self._recorded(p), "size": p.stat().st_size} for p in outputs]}
        with atomic_path(self.manifest) as tmp:
            tmp.write_text(json.dumps(record, indent=1) + "\n")
        return True, outputs

    def _absolute(self, recorded: str) -> Path:
        """A path the manifest recorded, as this run sees it: relative ones are inside the work directory,
        where it is now. (Paths the caller gives are relative to the current directory, as usual.)"""
        path = Path(recorded)
        return (self.root / path if self.root is not None else path).absolute()

    def _recorded(self, path: Path | str) -> str:
        path = Path(path).absolute()
        return path.relative_to(self.root.absolute()).as_posix() if self._inside(path) else str(path)

    def _inside(self, path: Path) -> bool:
        return self.root is not None and path.is_relative_to(self.root.absolute())

    def _read(self) -> dict:
        """The manifest with every path absolute (manifests from before relative paths hold absolute ones)."""
        record = _read(self.manifest)
        for entry in record.get("inputs", []) + record.get("outputs", []):
            entry["path"] = str(self._absolute(entry["path"]))
        return record

    def _still_valid(self, previous: dict, wanted: dict) -> bool:
        """An output recorded outside the work directory is another copy's (an absolute path from before
        relative manifests, in a directory since copied): never taken for this one's."""
        if not previous or previous["config"] != wanted["config"]:
            return False
        if [_identity(fp) for fp in previous["inputs"]] != wanted["inputs"]:
            return False
        outputs = [Path(o["path"]) for o in previous["outputs"]]
        return all((self.root is None or self._inside(p)) and p.is_file() and p.stat().st_size == o["size"]
                   for p, o in zip(outputs, previous["outputs"]))


def retire(paths: list[Path]) -> None:
    """Remove what a step that is now turned off wrote (its manifest first), so no file looks current that
    the run no longer makes; removing is work, so a check-only run finds it Stale."""
    existing = [p for p in paths if p.exists()]
    if existing and _CHECKING.get():
        raise Stale(str(existing[0]))
    for path in existing:
        path.unlink(missing_ok=True)


def _identity(fp: dict) -> dict:
    return {"path": fp["path"], "size": fp["size"], "xxh3": fp["xxh3"]}


def _read(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
