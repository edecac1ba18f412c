"""LASER's text preprocessing: what `laser_encoders.LaserTokenizer` does before the encoder sees a sentence.

In order: every non-printing character (Unicode category C) becomes a space, Moses punctuation
normalisation for English with perl parity (and the two quote rules of Moses release 4.0 that
LASER restores), lowercasing, then the LASER SentencePiece model. The vectors a checkpoint gives
depend on this exactly, so it follows the official code step by step rather than improving it.
"""

import unicodedata
from pathlib import Path

# Moses 4.0 maps the single low and left quotes to a double quote; sacremoses' perl parity maps them to '
MOSES_4_QUOTES = {"‘": '"', "‚": '"'}


def replace_control_characters(text: str) -> str:
    """Each character of Unicode category C (controls, format, unassigned, private use) as a space."""
    if text.isprintable():      # no category C character in it (isprintable is also False for Z*, hence the loop)
        return text
    return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)


class LaserPreprocessor:
    """Sentence -> SentencePiece pieces, as LASER's tokenizer gives them (lowercased, normalised)."""

    def __init__(self, spm_model: Path):
        import sentencepiece
        from sacremoses import MosesPunctNormalizer

        self._normalizer = MosesPunctNormalizer("en", perl_parity=True)
        subs = self._normalizer.substitutions
        for i, (pattern, _) in enumerate(subs):
            if pattern in MOSES_4_QUOTES:
                subs[i] = (pattern, MOSES_4_QUOTES[pattern])
        self._spm = sentencepiece.SentencePieceProcessor(model_file=str(spm_model))

    def normalize(self, text: str) -> str:
        return self._normalizer.normalize(replace_control_characters(text)).lower()

    def pieces(self, text: str) -> list[str]:
        """The pieces the encoder's vocabulary is looked up with (LASER joins and re-splits on whitespace)."""
        return " ".join(self._spm.encode(self.normalize(text), out_type=str)).split()
