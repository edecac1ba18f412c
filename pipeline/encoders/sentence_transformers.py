"""Any sentence-transformers model by name or local path (LaBSE, multilingual e5, ...).

Weights come from a local path or the Hugging Face cache only: an offline run must fail
at once with instructions, not hang on a download.
"""

import threading
from pathlib import Path

import numpy as np

from pipeline.encoders.base import Encoder
from pipeline.errors import BitextError


def resolve_device(device: str) -> str:
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class SentenceTransformerEncoder(Encoder):
    def __init__(self, model: str, device: str = "auto"):
        self.model_name = model
        self.name = f"sentence-transformers:{model}"
        self.device = device
        self._model = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return getter()

    def _load(self):
        with self._lock:
            if self._model is None:
                self._model = _load_model(self.model_name, resolve_device(self.device))
        return self._model

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        model = self._load()
        return model.encode(texts, batch_size=batch_size, convert_to_numpy=True,
                            normalize_embeddings=True, show_progress_bar=False)


def _load_model(model: str, device: str):
    from sentence_transformers import SentenceTransformer

    local = Path(model).expanduser()
    if model.startswith(("/", ".", "~")) and not local.is_dir():
        raise BitextError(f"sentence-transformers model {model!r}: no such directory")
    try:
        loaded = SentenceTransformer(str(local) if local.exists() else model, device=device,
                                     local_files_only=True)
    except (OSError, ValueError) as exc:
        raise BitextError(
            f"sentence-transformers model {model!r}: weights not found locally ({_first_line(exc)}); "
            "pass a local directory, or download it once with "
            f"`huggingface-cli download {model}` on a machine with internet and copy the cache"
        ) from None
    if device.startswith("cuda"):
        loaded.half()
    return loaded


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
