"""A side that stops mid-sentence, grown by the line that goes on with it.

Text wrapped at a fixed width, transcripts and subtitles cut sentences across lines, and the two sides cut
at different words: "…使之成为具有广泛代表性和国际影响力的" / "...so that they can become a platform for
high-level political dialogue with broad representation", then "高端政治对话平台" / "and international
influence." The merge step joins the side whose two lines both stand near the other's one, and the rest of
the other side's sentence stays unpaired. So where a kept alignment's side of one sentence ends without a
sentence mark, and the next sentence of its document, held by no alignment, opens in lower case (it goes on
with the sentence; only scripts with case tell), that side grows to both where the grown text fits the other
side at least as well (both cosines computed afresh). Not against a side whose sentence ends are guessed (Thai):
resplit would read the two lines as two sentences to cut the piece for.
"""

import numpy as np
import regex

from pipeline.encoders.base import Encoder
from pipeline.mining.margin import margin_near
from pipeline.mining.span_scores import Options, span_cosines
from pipeline.mining.spans import MergeSide, row_mask
from pipeline.text.rule_split import STOP_MARKS
from pipeline.text.split import guesses_boundaries

# A sentence's last mark, before closing quotes and brackets: the stops of `rule_split.py` and the Devanagari,
# Burmese, Armenian, Ethiopic, Khmer and Tibetan ones
SENTENCE_END = regex.compile(rf"[{STOP_MARKS}।॥။։።។៕།][\"'\p{{Pi}}\p{{Pf}})\]}}）」』›»]*\s*$")
# A line's first word, after opening quotes, brackets and dashes; it goes on with the sentence before where it
# opens in lower case and is written in a script with case throughout (not "5 people", not "iPhone销量", not
# Georgian, whose letters are all lower case)
_FIRST_WORD = regex.compile(r"[\s\p{Ps}\p{Pi}\p{Pd}\"'¿¡]*(\w+)")
_CASED_WORD = regex.compile(r"\p{Ll}[\p{Ll}\p{Lu}\p{Lt}\p{M}\d]*")
_UNCASED_LOWER = regex.compile(r"\p{Script=Georgian}")


def continued(chosen: Options, score: np.ndarray, cosine: np.ndarray, src: MergeSide, tgt: MergeSide,
              encoder: Encoder, kind: str, batch_size: int) -> tuple[Options, np.ndarray, np.ndarray, int]:
    """The alignments with each side that stops mid-sentence grown by the sentence that goes on with it (see the
    module docstring), their margins (in the alignment's neighbourhood) and cosines, and how many grew."""
    tries = _tries(chosen, src, tgt)
    if not tries:
        return chosen, score, cosine, 0
    at = np.array([i for i, _, _ in tries], np.int64)
    spans = [chosen.src[at].copy(), chosen.tgt[at].copy()]
    for n, (_, side, row) in enumerate(tries):
        spans[side][n, 1] = row
    grown = span_cosines(Options(chosen.pair[at], *spans), src, tgt, encoder, batch_size)
    before = span_cosines(chosen.take(at), src, tgt, encoder, batch_size)     # as computed for the grown
    best: dict[int, int] = {}                 # per alignment, its better try (both sides may stop mid-sentence)
    for n, i in enumerate(at.tolist()):
        if grown[n] >= before[n] and (i not in best or grown[n] > grown[best[i]]):
            best[i] = n
    if not best:
        return chosen, score, cosine, 0
    rows, taken = np.array(list(best), np.int64), np.array(list(best.values()), np.int64)
    out_src, out_tgt, score, cosine = chosen.src.copy(), chosen.tgt.copy(), score.copy(), cosine.copy()
    out_src[rows], out_tgt[rows] = spans[0][taken], spans[1][taken]
    rescored = margin_near(score[rows], cosine[rows], grown[taken], kind)
    score[rows] = np.where(np.isfinite(rescored), rescored, score[rows])
    cosine[rows] = grown[taken]
    return Options(chosen.pair, out_src, out_tgt), score, cosine, len(rows)


def _tries(chosen: Options, src: MergeSide, tgt: MergeSide) -> list[tuple[int, int, int]]:
    """(alignment, side 0 or 1, the row that goes on with it) for each side of one sentence that stops
    mid-sentence, whose next sentence no alignment holds and opens in lower case."""
    out = []
    for k, (spans, side, other, other_side) in enumerate(((chosen.src, src, chosen.tgt, tgt),
                                                          (chosen.tgt, tgt, chosen.src, src))):
        if spans.shape[1] < 2 or guesses_boundaries(other_side.lang):
            continue
        held = row_mask(len(side.ids), spans.ravel())
        for i in np.flatnonzero((spans[:, 0] >= 0) & (spans[:, 1] < 0) & (other[:, 0] >= 0)).tolist():
            row = int(spans[i, 0])
            after = int(side.adjacency.next[row])
            if after >= 0 and not held[after] and _stops(side.texts[row]) and _goes_on(side.texts[after]):
                out.append((i, k, after))
    return out


def _stops(text: str) -> bool:
    """Whether a sentence ends without a sentence mark (mid-sentence, or a headline)."""
    return not SENTENCE_END.search(text)


def _goes_on(text: str) -> bool:
    """Whether a sentence opens with a word in lower case: the rest of one before it."""
    first = _FIRST_WORD.match(text)
    return bool(first) and bool(_CASED_WORD.fullmatch(first.group(1))) and not _UNCASED_LOWER.search(first.group(1))
