"""Per-encoder mining defaults, calibrated by benchmarks/calibrate.py and shipped with the package.

An encoder's cosines and margins have their own scale, so a threshold means something only
for the encoder it was calibrated on. Encoders without an entry fall back to LASER's
customary ratio margin of 1.06 and no cosine floor.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.atomic import atomic_path
from pipeline.mining.learned import LinearScorer

CALIBRATION_FILE = Path(__file__).with_name("calibrated.yaml")
_HEADER = """\
# Mining defaults per encoder, calibrated on BUCC-style tasks built from the Tatoeba pairs
# in ../shared/data/tatoeba (see README, "Default thresholds"). Do not edit by hand; rerun
#   .venv/bin/python benchmarks/calibrate.py --encoder ENCODER --write-defaults
"""


@dataclass(frozen=True)
class Decision:
    threshold: float
    min_cosine: float


@dataclass(frozen=True)
class Calibration:
    scoring: str                      # the default: "margin" or "learned"
    margin: Decision                  # ratio-margin threshold and cosine floor
    learned: Decision | None = None   # threshold on the learned probability
    scorer: LinearScorer | None = None


UNCALIBRATED = Calibration("margin", Decision(1.06, -1.0))


def _read() -> dict:
    return yaml.safe_load(CALIBRATION_FILE.read_text()) or {} if CALIBRATION_FILE.exists() else {}


@lru_cache(maxsize=16)
def calibration_for(encoder_name: str) -> Calibration:
    entry = _read().get(encoder_name)
    if entry is None:
        return UNCALIBRATED
    margin = Decision(**entry["margin"])
    learned = entry.get("learned")
    if learned is None:
        return Calibration(entry.get("scoring", "margin"), margin)
    return Calibration(entry["scoring"], margin, Decision(learned["threshold"], learned["min_cosine"]),
                       LinearScorer.from_dict(learned))


def write_calibration(encoder_name: str, entry: dict, how: str) -> Path:
    """Replace one encoder's entry, keeping the others; `how` becomes the comment above it."""
    entries = _read()
    entries[encoder_name] = {"calibrated_by": how, **entry}
    body = "".join(f"\n# {entries[name]['calibrated_by']}\n" + yaml.safe_dump({name: entries[name]}, sort_keys=False)
                   for name in sorted(entries))
    with atomic_path(CALIBRATION_FILE) as tmp:
        tmp.write_text(_HEADER + body)
    calibration_for.cache_clear()
    return CALIBRATION_FILE
