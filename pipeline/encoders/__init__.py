"""Encoder registry: one way to name an encoder in configs and on the command line.

- `muse`: Multilingual USE v3, bundled and offline (the default)
- `labse`: shorthand for `sentence-transformers:sentence-transformers/LaBSE`
- `sentence-transformers:NAME_OR_PATH` (or `st:NAME_OR_PATH`): any sentence-transformers model
- `laser2`, `laser3:LANG` (NLLB code, e.g. `laser3:wol_Latn`): LASER, an optional extra
"""

from functools import lru_cache

from pipeline.encoders.base import Encoder
from pipeline.errors import BitextError

ALIASES = {"labse": "sentence-transformers:sentence-transformers/LaBSE"}
PREFIXES = ("sentence-transformers:", "st:")
AVAILABLE = ["muse", "labse", "sentence-transformers:<model name or path>", "laser2", "laser3:<lang>"]


def canonical_encoder_name(name: str) -> str:
    name = ALIASES.get(name.strip(), name.strip())
    for prefix in PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return PREFIXES[0] + name[len(prefix):]
    if name in ("muse", "laser2") or (name.startswith("laser3:") and len(name) > len("laser3:")):
        return name
    raise BitextError(f"unknown encoder {name!r}; available: {', '.join(AVAILABLE)}")


@lru_cache(maxsize=8)
def get_encoder(name: str, device: str = "auto") -> Encoder:
    """The encoder for a name, one instance per process so models load once per worker."""
    name = canonical_encoder_name(name)
    if name == "muse":
        from pipeline.encoders.muse import MuseEncoder

        return MuseEncoder(device)
    if name.startswith("laser"):
        from pipeline.encoders.laser import LaserEncoder

        return LaserEncoder(name.partition(":")[2] or None, device)
    from pipeline.encoders.sentence_transformers import SentenceTransformerEncoder

    return SentenceTransformerEncoder(name.split(":", 1)[1], device)


def encoder_slug(name: str) -> str:
    """A directory-safe form of an encoder name, for `embeddings/{encoder}/`."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in canonical_encoder_name(name))
