"""LASER2 (BiLSTM, 93 languages) and the LASER3 encoders (one per language, ~150 more), in plain torch.

No fairseq and no download: the published files must already be in the model directory
(`LASER_MODEL_DIR`, else laser_encoders' own cache `~/.cache/laser_encoders`); a missing one
fails at once, naming the file, the directory and where the file is published. Files are
resolved the way laser_encoders resolves them: a LASER3 encoder uses its own SentencePiece
model and vocabulary for the languages that have one, LASER2's otherwise.
"""

import os
import threading
from pathlib import Path

import numpy as np

from pipeline.encoders.base import Encoder, Prepared
from pipeline.encoders.device import resolve_device
from pipeline.errors import BitextError

PUBLISHED = "https://dl.fbaipublicfiles.com/nllb/laser"
DEFAULT_DIR = "~/.cache/laser_encoders"
MAX_TOKENS = 512    # bounds the work and memory of one sentence (LASER3's transformers take 512 positions)
# LASER3 languages with their own SentencePiece model and vocabulary (laser_encoders' SPM_LANGUAGE)
OWN_SPM = frozenset(
    "amh_Ethi ayr_Latn azj_Latn bak_Cyrl bel_Cyrl bod_Tibt ckb_Arab crh_Latn dik_Latn dzo_Tibt fur_Latn fuv_Latn "
    "grn_Latn kab_Latn kac_Latn kaz_Cyrl kir_Cyrl kmr_Latn lij_Latn lim_Latn lmo_Latn ltg_Latn mya_Mymr pbt_Arab "
    "pes_Arab prs_Arab sat_Beng scn_Latn srd_Latn szl_Latn taq_Latn tgk_Cyrl tir_Ethi tzm_Tfng vec_Latn".split())


def model_dir() -> Path:
    return Path(os.environ.get("LASER_MODEL_DIR") or DEFAULT_DIR).expanduser()


def weight_files(directory: Path, lang: str | None) -> dict[str, Path]:
    """The encoder, SentencePiece model and vocabulary files of `laser2` or `laser3:lang`."""
    stem = f"laser3-{lang}.v1" if lang else "laser2"
    files = {"model": directory / f"{stem}.pt"}
    for kind in ("spm", "cvocab"):
        own = directory / f"{stem}.{kind}"
        files[kind] = own if own.exists() or lang in OWN_SPM else directory / f"laser2.{kind}"
    return files


def needed(files: dict[str, Path]) -> list[Path]:
    """The files a load cannot start without: LASER2 keeps its vocabulary inside its checkpoint, a LASER3
    encoder (whose checkpoint is named `laser3-...`) in its .cvocab."""
    laser3 = files["model"].name.startswith("laser3-")
    return [files["model"], files["spm"]] + ([files["cvocab"]] if laser3 else [])


def require(name: str, paths: list[Path]) -> None:
    """A one-line error naming every missing file, the directory searched and where each file is published."""
    missing = sorted({p.name for p in paths if not p.is_file()})
    if not missing:
        return
    directory = paths[0].parent
    where = "LASER_MODEL_DIR" if os.environ.get("LASER_MODEL_DIR") else f"LASER_MODEL_DIR unset, so {DEFAULT_DIR}"
    urls = " ".join(f"{PUBLISHED}/{m}" for m in missing)
    raise BitextError(f"{name}: {', '.join(missing)} not found in {directory} ({where}); published at {urls} "
                      "- download on a machine with internet, copy into that directory or point LASER_MODEL_DIR "
                      "at theirs")


class LaserEncoder(Encoder):
    def __init__(self, lang: str | None = None, device: str = "auto"):
        self.lang = lang
        self.name = f"laser3:{lang}" if lang else "laser2"
        self.device = device
        self._model = None
        self._lock = threading.Lock()   # flow tasks share this instance across threads

    def check_files(self) -> None:
        """Before a run starts: the files a load requires (a LASER2 checkpoint may still ask for its .cvocab)."""
        require(self.name, needed(weight_files(model_dir(), self.lang)))

    @property
    def dim(self) -> int:
        return self._load().output_dim

    def _load(self) -> "LaserModel":
        with self._lock:
            if self._model is None:
                self._model = LaserModel.load(self.name, weight_files(model_dir(), self.lang),
                                              resolve_device(self.device))
        return self._model

    def _prepare(self, texts: list[str]) -> Prepared:
        model = self._load()
        ids, cut = zip(*map(model.token_ids, texts))
        return Prepared(list(ids), np.fromiter(map(len, ids), dtype=np.int64, count=len(ids)), sum(cut))

    def _embed_batch(self, items: list[list[int]]) -> np.ndarray:
        return self._load().embed(items)


class LaserModel:
    """A loaded checkpoint with its preprocessing: text -> token ids -> sentence vectors."""

    def __init__(self, network, vocabulary: dict[str, int], preprocessor, prepend_bos: bool, device: str):
        self.network, self.vocabulary, self.preprocessor = network, vocabulary, preprocessor
        self.prepend_bos, self.device = prepend_bos, device
        self.output_dim = network.output_dim
        self.max_tokens = min(MAX_TOKENS, getattr(network, "max_positions", MAX_TOKENS))

    @classmethod
    def load(cls, name: str, files: dict[str, Path], device: str) -> "LaserModel":
        from pipeline.encoders.laser_checkpoint import load_checkpoint
        from pipeline.encoders.laser_text import LaserPreprocessor

        require(name, needed(files))
        checkpoint = load_checkpoint(files["model"])
        if checkpoint.needs_vocabulary_file:
            require(name, [files["cvocab"]])
        network, vocabulary, prepend_bos = _build(checkpoint, files["cvocab"])
        if device.startswith("cuda"):
            network = network.half()   # float16 on GPU, as LASER runs it (laser_encoders' fp16)
        network.to(device).eval()
        return cls(network, vocabulary, LaserPreprocessor(files["spm"]), prepend_bos, device)

    def token_ids(self, text: str) -> tuple[list[int], bool]:
        """LASER's ids of a sentence (its pieces, unknown ones as <unk>, then `</s>`, after `<s>` if the
        encoder was trained so), cut to `max_tokens`; and whether it was cut."""
        from pipeline.encoders.laser_checkpoint import BOS, EOS, UNK

        room = self.max_tokens - 1 - self.prepend_bos
        pieces = self.preprocessor.pieces(text)
        ids = [BOS] * self.prepend_bos + [self.vocabulary.get(p, UNK) for p in pieces[:room]] + [EOS]
        return ids, len(pieces) > room

    def embed(self, batch: list[list[int]]) -> np.ndarray:
        import torch

        from pipeline.encoders.laser_checkpoint import PAD

        lengths = torch.tensor([len(ids) for ids in batch], dtype=torch.long)
        tokens = torch.full((len(batch), int(lengths.max())), PAD, dtype=torch.long)
        for i, ids in enumerate(batch):
            tokens[i, :len(ids)] = torch.tensor(ids, dtype=torch.long)
        with torch.inference_mode():
            return self.network(tokens.to(self.device), lengths).float().cpu().numpy()


def _build(checkpoint, vocabulary_file: Path):
    """(network with the checkpoint's weights, vocabulary, whether `<s>` starts each sentence)."""
    from pipeline.encoders.laser_checkpoint import read_vocabulary

    if checkpoint.kind == "lstm":
        from pipeline.encoders.laser_lstm import LaserLstm

        network, vocabulary, prepend_bos = LaserLstm(**checkpoint.config), checkpoint.vocabulary, False
        _load_weights(network, checkpoint.weights, checkpoint.path)
        return network, vocabulary, prepend_bos
    from pipeline.encoders.laser_transformer import LaserTransformer, settings

    cfg = settings(checkpoint.config, checkpoint.path)
    weights = _encoder_weights(checkpoint.weights)
    mask = any(k in checkpoint.weights for k in ("encoder.layer_norm.weight", "layer_norm.weight"))
    vocabulary = read_vocabulary(vocabulary_file, add_mask=mask)
    rows = weights.get("embed_tokens.weight")
    if rows is None or max(vocabulary.values()) >= rows.shape[0]:
        raise BitextError(f"{checkpoint.path}: its token embedding does not fit {vocabulary_file} "
                          f"({max(vocabulary.values()) + 1} pieces)")
    network = LaserTransformer(cfg, rows.shape[0], weights)
    _load_weights(network, weights, checkpoint.path, network.load_weights)
    # truthiness, as laser_encoders reads it (some published configs hold strings)
    return network, vocabulary, bool(cfg.get("prepend_bos", False))


def _encoder_weights(weights: dict) -> dict:
    """A whole translation model's encoder weights under the encoder's own names, as laser_encoders keeps them."""
    if "decoder.version" not in weights:
        return weights
    keep = ("encoder.layer_norm", "encoder.layers", "encoder.embed", "encoder.version")
    return {k.removeprefix("encoder."): v for k, v in weights.items() if k.startswith(keep)}


def _load_weights(network, weights: dict, path: Path, loader=None) -> None:
    try:
        (loader or network.load_state_dict)(weights)
    except RuntimeError as exc:
        detail = " ".join(str(exc).split())
        raise BitextError(f"{path}: not a LASER checkpoint: its weights do not match its hyperparameters "
                          f"({detail[:300]})") from None
