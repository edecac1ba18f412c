"""Per-stage counts: rows kept, and every dropped row under a named reason.

Balanced by construction: a stage reports each row it keeps (`keep`) and each row it drops with the
reason (`drop`); rows in is their sum, never set by hand. Where a stage knows independently how many
rows it read, `expect_rows_in` compares, so a row counted twice or not at all is a loud bug, not a
number that quietly balances. `write_stats` is the one place stats files are written.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.atomic import atomic_path


@dataclass
class StageStats:
    stage: str
    lang: str
    shard: str = ""
    rows_out: int = 0                                  # rows kept
    drops: Counter = field(default_factory=Counter)
    altered: Counter = field(default_factory=Counter)  # rows kept but changed (e.g. truncated)
    values: dict = field(default_factory=dict)         # what the stage settled for itself (mine: the cosine floor)

    @property
    def rows_in(self) -> int:
        return self.rows_out + sum(self.drops.values())

    def keep(self, n: int = 1) -> None:
        self.rows_out += int(n)

    def drop(self, reason: str, n: int = 1) -> None:
        if n:
            self.drops[reason] += int(n)

    def expect_rows_in(self, n: int) -> None:
        """Refuse a count that does not add up: `n` rows were read, each must be kept or dropped once."""
        if self.rows_in != n:
            raise RuntimeError(f"{self.stage} {self.lang} {self.shard}: {n} rows read but {self.rows_out} kept "
                               f"+ {sum(self.drops.values())} dropped; a row was counted twice or not at all")

    def to_dict(self) -> dict:
        return {"stage": self.stage, "lang": self.lang, "shard": self.shard,
                "rows_in": self.rows_in, "rows_out": self.rows_out,
                "drops": dict(sorted(self.drops.items())),
                **({"altered": dict(sorted(self.altered.items()))} if self.altered else {}),
                **({"values": dict(sorted(self.values.items()))} if self.values else {})}


def write_stats(stats: StageStats, path: Path) -> Path:
    """The one writer of stats files (atomic, so a crash never leaves half a count)."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(stats.to_dict(), indent=2) + "\n")
    return Path(path)


def merged_drops(stats: list[StageStats]) -> dict[str, int]:
    """Drop counts summed over several stats, e.g. the input files of one language."""
    total: Counter = Counter()
    for s in stats:
        total.update(s.drops)
    return dict(sorted(total.items()))


def merge_stats(paths: list[Path]) -> list[dict]:
    """Sum shard-level stats files into one row per (stage, lang)."""
    totals: dict[tuple[str, str], dict] = {}
    for path in sorted(paths):
        rec = json.loads(Path(path).read_text())
        key = (rec["stage"], rec["lang"])
        tot = totals.setdefault(key, {"stage": rec["stage"], "lang": rec["lang"], "shards": 0,
                                      "rows_in": 0, "rows_out": 0, "drops": Counter(), "altered": Counter(),
                                      "values": {}})
        tot["shards"] += 1
        tot["rows_in"] += rec["rows_in"]
        tot["rows_out"] += rec["rows_out"]
        tot["drops"].update(rec["drops"])
        tot["altered"].update(rec.get("altered", {}))
        tot["values"].update(rec.get("values", {}))    # one file per key where a stage sets values (mine)
    return [{**t, "drops": dict(sorted(t["drops"].items())), "altered": dict(sorted(t["altered"].items()))}
            for t in totals.values()]
