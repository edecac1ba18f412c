"""Runs of adjacent sentences of one side, as text and as vectors: what the merge and recut steps align."""

from dataclasses import dataclass

import numpy as np

from pipeline.encoders.base import Encoder
from pipeline.errors import BitextError
from pipeline.mining.adjacent import Adjacency
from pipeline.mining.vectors import Vectors
from pipeline.text.normalize import normalize_text, text_hash
from pipeline.text.scripts import UNSPACED_SENTENCES, expected_scripts


@dataclass(frozen=True)
class MergeSide:
    """One language's sentences in embedding order, their vectors and their neighbours in the documents."""

    lang: str
    ids: np.ndarray
    texts: list[str]
    vectors: Vectors
    adjacency: Adjacency
    lid_scores: np.ndarray | None = None     # each row's language-ID score, where read from the shards

    def rows_of(self, sent_ids: np.ndarray, what: str) -> np.ndarray:
        order = np.argsort(self.ids, kind="stable")
        at = np.searchsorted(self.ids, sent_ids, sorter=order).clip(0, max(len(order) - 1, 0))
        rows = order[at] if len(order) else at
        if len(sent_ids) and (not len(order) or (self.ids[rows] != sent_ids).any()):
            raise BitextError(f"{what} name sentences that are not among the '{self.lang}' sentence shards; "
                              "re-run the mine stage")
        return rows

    def joined(self, rows: list[int]) -> str:
        return join_texts(self.lang, [self.texts[r] for r in rows])

    def named(self, rows: list[int]) -> tuple[int, str, list[int] | None]:
        """A span's id, text and member ids as the pairs tables name it: one sentence by its own id, with no
        members; several by the id of their joined text, with theirs."""
        if len(rows) == 1:
            return int(self.ids[rows[0]]), self.texts[rows[0]], None
        text = self.joined(rows)
        return text_hash(normalize_text(text)), text, [int(self.ids[r]) for r in rows]


def row_mask(n: int, rows: np.ndarray) -> np.ndarray:
    """Which of a side's `n` rows appear in `rows` (any shape; -1 pads)."""
    out = np.zeros(n, bool)
    out[rows[rows >= 0]] = True
    return out


def join_texts(lang: str, texts: list[str]) -> str:
    """Adjacent sentences as one text, as the page had them: with a space, or none in Chinese and Japanese
    (a Thai sentence ends at a space)."""
    return ("" if expected_scripts(lang) & UNSPACED_SENTENCES else " ").join(texts)


def row_vectors(side: MergeSide, rows: np.ndarray) -> np.ndarray:
    """Stored vectors of `rows`, normalised float32."""
    if not len(rows):
        return np.zeros((0, side.vectors.dim), np.float32)
    return side.vectors.subset(rows).read(0, len(rows))


def rowwise_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each row of `a` with the same row of `b`: the cosines of aligned pairs of normalised vectors."""
    return np.einsum("ij,ij->i", a, b)


def encoded(encoder: Encoder, texts: list[str], batch_size: int) -> np.ndarray:
    """Texts' vectors as the embed stage stores them: float16 precision, normalised float32."""
    vectors = encoder.encode(texts, batch_size).astype(np.float16).astype(np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def span_vectors(side: MergeSide, spans: np.ndarray, encoder: Encoder, batch_size: int) -> np.ndarray:
    """A vector per span: the stored one for a sentence, the encoder's for two joined (at the stored precision)."""
    if encoder.dim != side.vectors.dim:
        raise BitextError(f"merge: the encoder gives {encoder.dim}-dim vectors, the '{side.lang}' embeddings "
                          f"are {side.vectors.dim}-dim; re-run the embed stage")
    out = np.empty((len(spans), side.vectors.dim), np.float32)
    single = spans[:, 1] < 0
    out[single] = row_vectors(side, spans[single, 0])
    texts = [side.joined([r for r in span if r >= 0]) for span in spans[~single].tolist()]
    if texts:
        out[~single] = encoded(encoder, texts, batch_size)
    return out
