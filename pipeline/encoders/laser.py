"""LASER2 and LASER3 (1024 dims) through the optional `laser_encoders` package.

Weights are never downloaded at run time: they must already be in the model directory
(`LASER_MODEL_DIR`, else laser_encoders' own cache `~/.cache/laser_encoders`). Missing
files fail at once, before anything loads, with the command that fetches them elsewhere.
"""

import os
import threading
from pathlib import Path

import numpy as np

from pipeline.encoders.base import Encoder, Prepared
from pipeline.encoders.device import resolve_device
from pipeline.errors import BitextError

MAX_TOKENS = 512  # LASER's transformer encoders take at most 512 positions; LSTMs are cut alike


def model_dir() -> Path:
    return Path(os.environ.get("LASER_MODEL_DIR", "~/.cache/laser_encoders")).expanduser()


def weight_files(directory: Path, lang: str | None) -> dict[str, Path]:
    """The encoder, sentencepiece model and vocabulary files; LASER3 falls back to LASER2's spm."""
    stem = f"laser3-{lang}.v1" if lang else "laser2"
    files = {"model": directory / f"{stem}.pt"}
    for kind in ("spm", "cvocab"):
        own = directory / f"{stem}.{kind}"
        files[kind] = own if own.exists() else directory / f"laser2.{kind}"
    return files


class LaserEncoder(Encoder):
    dim = 1024

    def __init__(self, lang: str | None = None, device: str = "auto"):
        self.lang = lang
        self.name = f"laser3:{lang}" if lang else "laser2"
        self.device = device
        self._tokenizer = None
        self._encoder = None
        self._lock = threading.Lock()

    def check_files(self) -> None:
        _check_weights(self.name, weight_files(model_dir(), self.lang))

    def _load(self):
        with self._lock:
            if self._encoder is None:
                self._tokenizer, self._encoder = _load_laser(self.name, weight_files(model_dir(), self.lang),
                                                             resolve_device(self.device))
        return self._tokenizer, self._encoder

    def _prepare(self, texts: list[str]) -> Prepared:
        tokenizer, _ = self._load()
        pieces = [tokenizer(text).split() for text in texts]
        cut = sum(len(p) > MAX_TOKENS for p in pieces)
        items = [" ".join(p[:MAX_TOKENS]) for p in pieces]
        return Prepared(items, np.fromiter((min(len(p), MAX_TOKENS) for p in pieces), np.int64, len(pieces)), cut)

    def _embed_batch(self, items: list[str]) -> np.ndarray:
        _, encoder = self._load()
        encoder.max_sentences = len(items)  # one forward pass: our batching already sorted and sized it
        return encoder.encode_sentences(items)


def _check_weights(name: str, files: dict[str, Path]) -> None:
    missing = sorted({p.name for p in files.values() if not p.is_file()})
    if missing:
        directory = next(iter(files.values())).parent
        fetch = f"--laser laser3 --lang {name.split(':', 1)[1]}" if name.startswith("laser3") else "--laser laser2"
        raise BitextError(
            f"{name}: weights not found in {directory} (missing {', '.join(missing)}); on a machine with internet "
            f"run `python -m laser_encoders.download_models {fetch} --spm --model-dir DIR`, copy DIR here "
            "and set LASER_MODEL_DIR=DIR")


def _load_laser(name: str, files: dict[str, Path], device: str):
    _check_weights(name, files)
    try:
        from laser_encoders.laser_tokenizer import LaserTokenizer
        from laser_encoders.models import SentenceEncoder
    except ImportError:
        raise BitextError(f"{name} needs the optional LASER extra: pip install 'bitext-pipeline[laser]'") from None
    encoder = SentenceEncoder(str(files["model"]), spm_vocab=str(files["cvocab"]), max_sentences=1,
                              cpu=device == "cpu", fp16=device.startswith("cuda"))
    return LaserTokenizer(spm_model=files["spm"]), encoder
