"""Per-stage counts: rows in, rows out, and every dropped row under a named reason."""

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
    rows_in: int = 0
    rows_out: int = 0
    drops: Counter = field(default_factory=Counter)
    altered: Counter = field(default_factory=Counter)  # rows kept but changed (e.g. truncated)

    def drop(self, reason: str, n: int = 1) -> None:
        if n:
            self.drops[reason] += n

    def to_dict(self) -> dict:
        return {"stage": self.stage, "lang": self.lang, "shard": self.shard,
                "rows_in": self.rows_in, "rows_out": self.rows_out,
                "drops": dict(sorted(self.drops.items())),
                **({"altered": dict(sorted(self.altered.items()))} if self.altered else {})}

    def write(self, path: Path) -> None:
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(self.to_dict(), indent=2) + "\n")


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
                                      "rows_in": 0, "rows_out": 0, "drops": Counter(), "altered": Counter()})
        tot["shards"] += 1
        tot["rows_in"] += rec["rows_in"]
        tot["rows_out"] += rec["rows_out"]
        tot["drops"].update(rec["drops"])
        tot["altered"].update(rec.get("altered", {}))
    return [{**t, "drops": dict(sorted(t["drops"].items())), "altered": dict(sorted(t["altered"].items()))}
            for t in totals.values()]
