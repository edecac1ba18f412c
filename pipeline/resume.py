"""Skip work whose inputs and config have not changed: one manifest per step.

A step's manifest records the fingerprints of its inputs, a hash of its config and the
files it wrote. It is removed before the step runs and written (atomically) only after
every output is in place, so a step killed half-way is simply run again.

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

    def run(self, work: Callable[[], list[Path]]) -> tuple[bool, list[Path]]:
        """(whether `work` ran, its outputs): the recorded outputs when nothing changed."""
        previous = _read(self.manifest)
        known = {fp["path"]: fp for fp in previous.get("inputs", [])}
        inputs = [file_fingerprint(p, known.get(str(p))) for p in self.inputs]
        wanted = {"config": config_hash(self.config), "inputs": [_identity(fp) for fp in inputs]}
        if _still_valid(previous, wanted):
            return False, [Path(o["path"]) for o in previous["outputs"]]
        if _CHECKING.get():
            raise Stale(str(self.manifest))
        self.manifest.unlink(missing_ok=True)
        outputs = [Path(p) for p in work()]
        record = {"config": wanted["config"], "inputs": inputs,
                  "outputs": [{"path": str(p), "size": p.stat().st_size} for p in outputs]}
        with atomic_path(self.manifest) as tmp:
            tmp.write_text(json.dumps(record, indent=1) + "\n")
        return True, outputs


def _identity(fp: dict) -> dict:
    return {"path": fp["path"], "size": fp["size"], "xxh3": fp["xxh3"]}


def _still_valid(previous: dict, wanted: dict) -> bool:
    if not previous or previous["config"] != wanted["config"]:
        return False
    if [_identity(fp) for fp in previous["inputs"]] != wanted["inputs"]:
        return False
    return all(Path(o["path"]).is_file() and Path(o["path"]).stat().st_size == o["size"]
               for o in previous["outputs"])


def _read(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
