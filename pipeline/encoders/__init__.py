"""Encoder registry: the table every config key, command-line choice and help text is read from.

Adding an encoder is one module (a subclass of `Encoder` taking `device` and, if the entry
has an argument, that argument by name) and one row in `ENCODERS`.
"""

import importlib
from dataclasses import dataclass
from functools import lru_cache

from pipeline.encoders.base import Encoder
from pipeline.errors import BitextError


@dataclass(frozen=True)
class EncoderEntry:
    target: str                  # "module:Class", imported when the encoder is first used
    help: str
    argument: str | None = None  # `name:ARG` encoders: the constructor keyword ARG is passed as

    def usage(self, name: str) -> str:
        return f"{name}:{self.argument.upper()}" if self.argument else name


ENCODERS: dict[str, EncoderEntry] = {
    "muse": EncoderEntry("pipeline.encoders.muse:MuseEncoder",
                         "Multilingual USE v3, 16 languages, bundled and offline (the default)"),
    "sentence-transformers": EncoderEntry("pipeline.encoders.sentence_transformers:SentenceTransformerEncoder",
                                          "any sentence-transformers model by name (local cache) or path",
                                          argument="model"),
    "laser2": EncoderEntry("pipeline.encoders.laser:LaserEncoder", "LASER2, 93 languages (weights in LASER_MODEL_DIR)"),
    "laser3": EncoderEntry("pipeline.encoders.laser:LaserEncoder",
                           "LASER3 for one language, e.g. laser3:wol_Latn (weights in LASER_MODEL_DIR)",
                           argument="lang"),
    "hashing": EncoderEntry("pipeline.encoders.hashing:HashingEncoder",
                            "toy feature hashing, no model: for smoke tests, its pairs mean nothing"),
}
ALIASES = {"labse": "sentence-transformers:sentence-transformers/LaBSE", "st": "sentence-transformers"}


def available() -> str:
    """Every usable name, the default first, then the named models (aliases of complete names)."""
    usages = [e.usage(n) for n, e in ENCODERS.items()]
    named = [alias for alias, target in ALIASES.items() if ":" in target]
    return ", ".join([usages[0], *named, *usages[1:]])


def _split(name: str) -> tuple[str, str]:
    name = ALIASES.get(name.strip(), name.strip())
    base, _, arg = name.partition(":")
    base = ALIASES.get(base, base)
    base, _, inner = base.partition(":")     # an alias may itself carry an argument
    return base, inner or arg


def canonical_encoder_name(name: str) -> str:
    """`base` or `base:ARG` with aliases resolved; unknown names and missing arguments are one-line errors."""
    base, arg = _split(name)
    entry = ENCODERS.get(base)
    if entry is None or bool(entry.argument) != bool(arg):
        raise BitextError(f"unknown encoder {name!r}; available: {available()}")
    return f"{base}:{arg}" if arg else base


@lru_cache(maxsize=8)
def get_encoder(name: str, device: str = "auto") -> Encoder:
    """The encoder for a name, one instance per process so models load once per worker."""
    base, arg = _split(canonical_encoder_name(name))
    entry = ENCODERS[base]
    module, _, cls = entry.target.partition(":")
    kwargs = {entry.argument: arg} if entry.argument else {}
    return getattr(importlib.import_module(module), cls)(device=device, **kwargs)


def check_encoder(name: str, device: str = "auto") -> None:
    """Refuse an encoder whose files are missing, or a GPU that is not there, without loading the model."""
    get_encoder(name, device).check_files()
    if device.startswith("cuda"):     # torch is imported only where a GPU is asked for
        from pipeline.encoders.device import resolve_device

        resolve_device(device)


def encoder_slug(name: str) -> str:
    """A directory-safe form of an encoder name, for `embeddings/{encoder}/`."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in canonical_encoder_name(name))
