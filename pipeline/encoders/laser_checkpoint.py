"""LASER checkpoints read as data: no fairseq, no omegaconf, nothing unpickled but tensors and containers.

Two layouts are published. LASER2 (`laser2.pt`) is a BiLSTM saved as `{"params": constructor
arguments, "model": weights, "dictionary": piece -> index}`. The LASER3 encoders
(`laser3-LANG.v1.pt`) are fairseq transformer checkpoints: `{"cfg": {"model": an
argparse.Namespace of hyperparameters}, "model": weights}`, their vocabulary in a fairseq
dictionary file (`.cvocab`). `torch.load(weights_only=True)` with `argparse.Namespace` as the
one allowed class reads both; anything else a file asks to unpickle is refused by name.
"""

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import BitextError

BOS, PAD, EOS, UNK = 0, 1, 2, 3          # fairseq's special symbols, which LASER pins to these indices
SPECIALS = {"<s>": BOS, "<pad>": PAD, "</s>": EOS, "<unk>": UNK}
LSTM_PARAMS = {"num_embeddings", "padding_idx", "embed_dim", "hidden_size", "num_layers", "bidirectional",
               "left_pad", "padding_value"}
LAYOUTS = "'params', 'model' and 'dictionary' (LASER2) or 'cfg' and 'model' (LASER3)"


@dataclass
class Checkpoint:
    path: Path
    kind: str                       # "lstm" or "transformer"
    config: dict                    # LSTM constructor arguments, or the transformer's model hyperparameters
    weights: dict                   # name -> tensor
    vocabulary: dict | None = None  # piece -> index: in the LSTM checkpoint itself; a .cvocab file for transformers

    @property
    def needs_vocabulary_file(self) -> bool:
        return self.kind == "transformer"


def load_checkpoint(path: Path) -> Checkpoint:
    """The checkpoint at `path`, checked for one of LASER's two layouts; a one-line error otherwise."""
    state = _safe_load(path)
    if not isinstance(state, dict):
        raise _refuse(path, f"it holds a {type(state).__name__}, not a dict with {LAYOUTS}")
    if "params" in state:
        return _lstm(path, state)
    if "cfg" in state and "model" in state:
        return _transformer(path, state)
    raise _refuse(path, f"it has keys {sorted(map(str, state))[:8]}, not {LAYOUTS}")


def _safe_load(path: Path):
    import torch

    try:
        with torch.serialization.safe_globals([argparse.Namespace]):
            return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for a file that is not its format
        found = re.search(r"GLOBAL ([\w.]+)", str(exc))
        if found:
            raise _refuse(path, f"it asks to unpickle {found.group(1)}, which a LASER checkpoint never holds "
                                "(refused without running it)") from None
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        raise _refuse(path, f"not a torch checkpoint ({reason})") from None


def _refuse(path: Path, why: str) -> BitextError:
    return BitextError(f"{path}: not a LASER checkpoint: {why}")


def _tensors(path: Path, weights) -> dict:
    import torch

    if not isinstance(weights, dict) or not all(isinstance(v, torch.Tensor) for v in weights.values()):
        raise _refuse(path, "its 'model' entry is not a mapping of names to tensors")
    return dict(weights)


def _lstm(path: Path, state: dict) -> Checkpoint:
    params, vocabulary = state["params"], state.get("dictionary")
    if not isinstance(params, dict) or not {"num_embeddings", "padding_idx"} <= set(params) <= LSTM_PARAMS:
        raise _refuse(path, f"its 'params' must be BiLSTM arguments from {sorted(LSTM_PARAMS)}, "
                            f"with num_embeddings and padding_idx; got {params!r:.200}")
    if not isinstance(vocabulary, dict) or not all(isinstance(k, str) and isinstance(v, int)
                                                   for k, v in vocabulary.items()):
        raise _refuse(path, "its 'dictionary' is not a mapping of pieces to indices")
    vocabulary = {**vocabulary, **SPECIALS}   # laser_encoders pins the special symbols the same way
    too_big = max(vocabulary.values())
    if too_big >= params["num_embeddings"]:
        raise _refuse(path, f"its dictionary has index {too_big} but the embedding only "
                            f"{params['num_embeddings']} rows")
    return Checkpoint(path, "lstm", dict(params), _tensors(path, state.get("model")), vocabulary)


def _transformer(path: Path, state: dict) -> Checkpoint:
    cfg = state["cfg"].get("model") if isinstance(state["cfg"], dict) else None
    config = vars(cfg) if isinstance(cfg, argparse.Namespace) else cfg
    if not isinstance(config, dict):
        raise _refuse(path, "its 'cfg' has no 'model' hyperparameters")
    return Checkpoint(path, "transformer", dict(config), _tensors(path, state["model"]))


def read_vocabulary(path: Path, add_mask: bool) -> dict[str, int]:
    """A fairseq dictionary file (`piece count [#fairseq:overwrite]` per line) as fairseq's Dictionary.load indexes it.

    The four special symbols come first; a piece flagged `#fairseq:overwrite` is appended again
    and takes the new index; `<mask>` is appended for encoders trained with one.
    """
    indices, size = dict(SPECIALS), len(SPECIALS)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise BitextError(f"{path}: not a fairseq dictionary: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    for number, line in enumerate(lines, 1):
        parts = line.rstrip().rsplit(" ", 2 if line.rstrip().endswith(" #fairseq:overwrite") else 1)
        overwrite = parts[-1] == "#fairseq:overwrite"
        if len(parts) < 2 or not parts[1].lstrip("-").isdigit() or (parts[0] in indices and not overwrite):
            raise BitextError(f"{path}:{number}: not a fairseq dictionary line ('<piece> <count> [flags]', "
                              f"each piece once): {line[:80]!r}")
        indices[parts[0]] = size
        size += 1
    if add_mask and "<mask>" not in indices:
        indices["<mask>"] = size
    return indices
