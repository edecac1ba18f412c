"""Any sentence-transformers model by name or local path (LaBSE, multilingual e5, ...).

Weights come from a local path or the Hugging Face cache only: an offline run must fail
at once with instructions, not hang on a download. On a GPU the model runs in float16;
with several GPUs and `device: auto`, one worker process per GPU shares each batch.
"""

import atexit
import math
import os
import threading
from pathlib import Path

import numpy as np

from pipeline.encoders.base import Encoder, Prepared
from pipeline.encoders.device import cuda_devices, resolve_device
from pipeline.errors import BitextError

# Models trained with an input prefix that their sentence-transformers config does not
# declare as a prompt: for mining, both sides are "queries" (symmetric similarity).
NAME_PREFIXES = {"e5": "query: "}


class SentenceTransformerEncoder(Encoder):
    def __init__(self, model: str, device: str = "auto"):
        self.model_name = model
        self.name = f"sentence-transformers:{model}"
        self.device = device
        self._model = None
        self._pool = None  # sentence-transformers' multi-process pool, one process per GPU
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return getter()

    @property
    def prefix(self) -> str:
        """The model's own default prompt, else a known prefix for its family, else none."""
        model = self._load()
        if model.default_prompt_name:
            return model.prompts[model.default_prompt_name]
        base = Path(self.model_name).name.lower()
        return next((p for family, p in NAME_PREFIXES.items() if family in base.split("-")), "")

    def _load(self):
        with self._lock:
            if self._model is None:
                self._model = _load_model(self.model_name, resolve_device(self.device))
                devices = cuda_devices(self.device)
                if devices:
                    self._pool = self._model.start_multi_process_pool(devices)
                    atexit.register(self.close)
        return self._model

    def check_files(self) -> None:
        """Refuse at once a model that is neither a local directory nor in the cache (reads no weights)."""
        local = Path(self.model_name).expanduser()
        if local.is_dir():
            return
        if self.model_name.startswith(("/", ".", "~")):
            raise BitextError(f"sentence-transformers model {self.model_name!r}: no such directory")
        from huggingface_hub import try_to_load_from_cache

        # sentence-transformers reads SENTENCE_TRANSFORMERS_HOME, else the hub cache; a bare name is
        # looked up under the sentence-transformers organisation.
        cache = os.environ.get("SENTENCE_TRANSFORMERS_HOME")
        repos = [self.model_name] + ([f"sentence-transformers/{self.model_name}"] if "/" not in self.model_name else [])
        if not any(isinstance(try_to_load_from_cache(repo, name, cache_dir=cache), str)
                   for repo in repos for name in ("modules.json", "config.json")):
            raise _not_local(self.model_name, "not in the local cache")

    def close(self) -> None:
        """Stop the GPU worker processes, if any."""
        if self._pool:
            pool, self._pool = self._pool, None
            self._model.stop_multi_process_pool(pool)

    def encode(self, texts: list[str], batch_size: int = 256, counts=None) -> np.ndarray:
        """As `Encoder.encode`; with a pool of n GPUs a batch is n times larger and split among them."""
        self._load()
        workers = len(self._pool["processes"]) if self._pool else 1
        return super().encode(texts, batch_size * workers, counts)

    def _prepare(self, texts: list[str]) -> Prepared:
        model = self._load()
        prefix = self.prefix
        items = [prefix + text for text in texts]
        lengths = np.fromiter(map(len, model.tokenizer(items, add_special_tokens=True)["input_ids"]),
                              dtype=np.int64, count=len(items))
        return Prepared(items, lengths, int((lengths > model.max_seq_length).sum()))

    def _embed_batch(self, items: list[str]) -> np.ndarray:
        # The prefix is already on the items: no prompt again, and the model truncates.
        model = self._load()
        if self._pool:
            share = math.ceil(len(items) / len(self._pool["processes"]))
            return model.encode(items, batch_size=share, chunk_size=share, pool=self._pool, prompt="",
                                convert_to_numpy=True, show_progress_bar=False)
        return model.encode(items, batch_size=len(items), prompt="", convert_to_numpy=True, show_progress_bar=False)


def _load_model(model: str, device: str):
    from sentence_transformers import SentenceTransformer

    local = Path(model).expanduser()
    if model.startswith(("/", ".", "~")) and not local.is_dir():
        raise BitextError(f"sentence-transformers model {model!r}: no such directory")
    try:
        loaded = SentenceTransformer(str(local) if local.exists() else model, device=device,
                                     local_files_only=True)
    except (OSError, ValueError) as exc:
        raise _not_local(model, _first_line(exc)) from None
    if device.startswith("cuda"):
        loaded.half()
    return loaded


def _not_local(model: str, why: str) -> BitextError:
    return BitextError(f"sentence-transformers model {model!r}: weights not found locally ({why}); "
                       "pass a local directory, or download it once with "
                       f"`huggingface-cli download {model}` on a machine with internet and copy the cache")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
