"""Units of work, described once in plain Python, and the simplest way to run them.

A unit is one stage applied to one input (a crawl file, a shard, a language pair): a module-level
function and its arguments (so it pickles to any worker), the units it must wait for, and the
resources it wants. Any executor runs a list of units and returns their outcomes by id:
`run_in_process` here (tests, one-off commands), Prefect's task runners in `flows/` (threads or
Dask), and whatever comes next (SLURM, Ray) the same way.
"""

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from pipeline.progress import progress

log = logging.getLogger("pipeline.work")


@dataclass(frozen=True)
class Outcome:
    """What a unit produced, whether it had to work for it (False: its manifest was still valid),
    and the stats files that count its rows."""

    ran: bool
    value: Any
    stats: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Unit:
    stage: str                          # shard, dedup, lid, embed, mine, filter
    name: str                           # unique within the stage: a file, a shard, a pair
    fn: Callable[..., Outcome]
    args: tuple = ()
    after: tuple[str, ...] = ()         # ids of units (in the same batch) to finish first
    gpu: bool = False                   # runs faster on an accelerator

    @property
    def id(self) -> str:
        return f"{self.stage}:{self.name}"

    @property
    def label(self) -> str:
        return f"{self.stage} {self.name}"

    def __call__(self) -> Outcome:
        outcome = self.fn(*self.args)
        # Arrow's allocator keeps what a unit's tables freed; handed back, a worker's peak memory stays that
        # of its largest unit instead of creeping up with every file (benchmarks/ingest.py: 10x/1x 1.21 -> 1.15).
        pa.default_memory_pool().release_unused()
        return outcome


class Executor(Protocol):
    def __call__(self, units: list[Unit]) -> dict[str, Outcome]:
        """Run every unit (each after the units it names) and return the outcomes by unit id."""


def run_in_process(units: list[Unit]) -> dict[str, Outcome]:
    """One unit after another in this process; a unit's `after` units come earlier in the list."""
    done: dict[str, Outcome] = {}
    for stage, group in by_stage(units).items():
        finished = ((unit.id, unit()) for unit in group)      # progress counts a unit once it has run
        done.update(progress(finished, len(group), stage, log))
    return done


def by_stage(units: Iterable[Unit]) -> dict[str, list[Unit]]:
    """Units grouped by stage, stages in order of first appearance."""
    groups: dict[str, list[Unit]] = {}
    for unit in units:
        groups.setdefault(unit.stage, []).append(unit)
    return groups


@dataclass
class WorkLog:
    """Units run and skipped per stage, over every batch a run executes."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, units: list[Unit], outcomes: dict[str, Outcome]) -> None:
        for unit in units:
            counts = self.counts.setdefault(unit.stage, Counter(ran=0, skipped=0))
            counts["ran" if outcomes[unit.id].ran else "skipped"] += 1

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {stage: dict(counts) for stage, counts in self.counts.items()}
