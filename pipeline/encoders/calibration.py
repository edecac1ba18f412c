"""Per-encoder mining defaults, calibrated by benchmarks/calibrate.py, kept in configs/encoders.yaml.

An encoder's cosines and margins have their own scale, so a threshold means something only
for the encoder it was calibrated on. Encoders without an entry fall back to LASER's
customary ratio margin of 1.06 and no cosine floor.
"""

import math
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.atomic import atomic_path
from pipeline.errors import BitextError
from pipeline.mining.scorer import LinearScorer

ENV_VAR = "BITEXT_ENCODER_DEFAULTS"
REPO_FILE = Path(__file__).resolve().parents[2] / "configs" / "encoders.yaml"
INSTALLED_FILE = Path(sys.prefix) / "share" / "bitext" / "encoders.yaml"   # pyproject data-files


def calibration_file() -> Path:
    """The defaults file: $BITEXT_ENCODER_DEFAULTS, else the repository's, else the installed copy."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return REPO_FILE if REPO_FILE.exists() or not INSTALLED_FILE.exists() else INSTALLED_FILE
_HEADER = """\
# Mining defaults per encoder, calibrated on BUCC-style tasks built from the Tatoeba pairs
# in ../shared/data/tatoeba (see README, "Default thresholds"). Written by
#   .venv/bin/python benchmarks/calibrate.py --encoder ENCODER --write-defaults
# An entry for another encoder may be added by hand: NAME: {margin: {threshold: T, min_cosine: C}}
"""


@dataclass(frozen=True)
class Thresholds:
    threshold: float
    min_cosine: float
    relative_floor: float | None = None   # learned: floor below the pair's cosine level (mining/level.py)


@dataclass(frozen=True)
class Calibration:
    scoring: str                        # the default: "margin" or "learned"
    margin: Thresholds                  # ratio-margin threshold and cosine floor
    learned: Thresholds | None = None   # threshold on the learned probability
    scorer: LinearScorer | None = None


UNCALIBRATED = Calibration("margin", Thresholds(1.06, -1.0))


def _read(missing_ok: bool = False) -> dict:
    path = calibration_file()
    if missing_ok and not path.exists():
        return {}
    if not path.exists():
        raise BitextError(f"{path}: encoder defaults file not found; set mine.threshold and mine.min_cosine, "
                          f"or point {ENV_VAR} at a copy of configs/encoders.yaml")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BitextError(f"{path}: not valid YAML ({exc})") from None


@lru_cache(maxsize=16)
def calibration_for(encoder_name: str | None) -> Calibration:
    """None (vectors from elsewhere, encoder unknown) gets the uncalibrated fallback."""
    if encoder_name is None:
        return UNCALIBRATED
    from pipeline.encoders import canonical_encoder_name

    name = canonical_encoder_name(encoder_name)
    entry = _read().get(name)
    if entry is None:
        return UNCALIBRATED
    try:
        return _parse(entry)
    except (KeyError, TypeError, ValueError) as exc:
        raise BitextError(f"{calibration_file()}: entry {name!r} is malformed ({type(exc).__name__}: {exc})") from None


def _number(value) -> float:
    """A threshold from the file: NaN would pass every comparison and keep nothing (or everything)."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _parse(entry: dict) -> Calibration:
    margin = Thresholds(_number(entry["margin"]["threshold"]), _number(entry["margin"]["min_cosine"]))
    learned = entry.get("learned")
    if learned is None:
        return Calibration(entry.get("scoring", "margin"), margin)
    return Calibration(entry.get("scoring", "learned"), margin,
                       Thresholds(_number(learned["threshold"]), _number(learned["min_cosine"]),
                                  _number(learned["relative_floor"]) if "relative_floor" in learned else None),
                       LinearScorer.from_dict(learned))


def write_calibration(encoder_name: str, entry: dict, how: str) -> Path:
    """Replace one encoder's entry, keeping the others; `how` becomes the comment above it."""
    from pipeline.encoders import canonical_encoder_name

    encoder_name = canonical_encoder_name(encoder_name)
    entries = _read(missing_ok=True)
    entries[encoder_name] = {"calibrated_by": how, **entry}
    body = "".join(f"\n# {entries[name]['calibrated_by']}\n" + yaml.safe_dump({name: entries[name]}, sort_keys=False)
                   for name in sorted(entries))
    path = calibration_file()
    with atomic_path(path) as tmp:
        tmp.write_text(_HEADER + body)
    calibration_for.cache_clear()
    return path
