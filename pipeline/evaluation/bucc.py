"""BUCC-style mining tasks from line-aligned parallel data.

A task keeps a share of the translation pairs, leaves some sentences on each side without
their translation, and adds distractor sentences, so that a miner has to find the hidden
gold pairs among sentences that have none. Both sides are shuffled, so position says nothing.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.atomic import atomic_path
from pipeline.errors import BitextError
from pipeline.paths import read_text

_NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class BuccTask:
    name: str
    src: list[str]
    tgt: list[str]
    gold: frozenset[tuple[int, int]]    # (row in src, row in tgt), 0-based


def _key(text: str) -> str:
    """Case- and punctuation-blind form, so a distractor cannot be a disguised copy of a real line."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def _pick_distractors(pool: list[str], exclude: list[str], n: int, rng: np.random.Generator) -> list[str]:
    """Up to `n` distinct distractors, none equal (ignoring case and punctuation) to a line of the data:
    mining such a line would be right, not wrong."""
    taken = {_key(t) for t in exclude}
    usable = [d for d in dict.fromkeys(pool) if _key(d) not in taken]
    return [usable[i] for i in rng.permutation(len(usable))[:n]]


def _shuffle(rows: list[str], rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Shuffled rows and, for each original row, its new position."""
    perm = rng.permutation(len(rows))
    where = np.empty(len(perm), dtype=np.int64)
    where[perm] = np.arange(len(perm))
    return [rows[i] for i in perm], where


def build_task(name: str, src_lines: list[str], tgt_lines: list[str], distractors: list[str],
               keep: float = 0.6, n_distractors: int = 4000, seed: int = 0,
               src_distractors: list[str] | None = None, n_src_distractors: int = 0) -> BuccTask:
    """Keep `keep` of the pairs; split the rest evenly into source-only and target-only sentences."""
    if len(src_lines) != len(tgt_lines):
        raise BitextError(f"{name}: {len(src_lines)} source lines but {len(tgt_lines)} target lines")
    if not 0 < keep <= 1:
        raise BitextError(f"{name}: keep must be in (0, 1], got {keep}")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(src_lines))
    n_keep = round(keep * len(order))
    kept, rest = order[:n_keep], order[n_keep:]
    src_only, tgt_only = rest[: len(rest) // 2], rest[len(rest) // 2:]

    extra_tgt = _pick_distractors(distractors, tgt_lines, n_distractors, rng)
    extra_src = _pick_distractors(src_distractors or [], src_lines, n_src_distractors, rng)
    src, src_where = _shuffle([src_lines[i] for i in np.concatenate([kept, src_only])] + extra_src, rng)
    tgt, tgt_where = _shuffle([tgt_lines[i] for i in np.concatenate([kept, tgt_only])] + extra_tgt, rng)
    gold = frozenset((int(src_where[i]), int(tgt_where[i])) for i in range(len(kept)))
    return BuccTask(name, src, tgt, gold)


def write_task(task: BuccTask, out_dir: Path) -> dict[str, Path]:
    """`src.txt`, `tgt.txt` (one sentence per line) and `gold.tsv` (1-based line numbers)."""
    paths = {"src": out_dir / "src.txt", "tgt": out_dir / "tgt.txt", "gold": out_dir / "gold.tsv"}
    for side in ("src", "tgt"):
        with atomic_path(paths[side]) as tmp:
            tmp.write_text("".join(f"{line}\n" for line in getattr(task, side)), encoding="utf-8")
    with atomic_path(paths["gold"]) as tmp:
        tmp.write_text("".join(f"{s + 1}\t{t + 1}\n" for s, t in sorted(task.gold)))
    return paths


def read_gold(path: Path, n_src: int, n_tgt: int) -> frozenset[tuple[int, int]]:
    """Gold pairs from a TSV of 1-based line numbers, checked against the sizes of both sides."""
    gold = set()
    lines = read_text(path).splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(f.strip().isdigit() for f in fields):
            raise BitextError(f"{path}:{number}: expected 'src_line<TAB>tgt_line' (1-based numbers)")
        s, t = int(fields[0]) - 1, int(fields[1]) - 1
        if not (0 <= s < n_src and 0 <= t < n_tgt):
            raise BitextError(f"{path}:{number}: line numbers {s + 1}, {t + 1} outside the files "
                              f"({n_src} and {n_tgt} lines)")
        gold.add((s, t))
    if not gold:
        raise BitextError(f"{path}: no gold pairs")
    return frozenset(gold)
