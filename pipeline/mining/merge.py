"""Split-robust mining: a mined pair grown to the adjacent sentences a translator wrote for one.

The miner pairs one sentence with one, so where a translator split a sentence in two it keeps
the sentence against half of its translation (a partial translation) or nothing. For every
mined pair (s, t) this step scores s-t and its merges: s against each run of adjacent target
sentences that holds t (s-(t_prev t), s-(t t_next), and with `max_sentences: 3` the runs of
three), and the same on the source side, where adjacent means the same document at the next
position (`adjacent.py`); a joined side is embedded afresh with the run's encoder.

Score: the run's margin, each span with its own neighbourhood: a joined text is searched among
the other side's sentences like any sentence, so a longer text's different cosine level is
normalised away and a merge is compared with the one-to-one pair on the miner's own scale.
Vecalign normalises by the distance to random sentences and multiplies the cost of an n-m
alignment by n*m; here the neighbourhood is the normaliser and a fixed `penalty` per added
sentence stands for the sentence count: a merge must beat the pair it grows from by that much.

Selection is competitive linking over every alignment of every pair, best adjusted score first:
a merge takes a sentence only if no alignment taken before holds it, and a pair loses to a
merge that took one of its sentences (the absorbed neighbour's own pair competes with it).
One-to-one pairs never block each other here: what the miner kept stays its decision.

Two kinds of merge add only sentences no mined pair holds and may score a little below the pair they grow
from: a quotation one side's splitter cut at its inner sentence ends against a sentence that holds it whole
(`quotation_slack`), and a Thai piece cut off beside its sentence's pair (`guessed_slack`); both are scored in
the pair's neighbourhood. A third, a sentence a translator split off (`split_off_joins`: it faces nothing
unpaired on the other side), is scored so too and pays no penalty; where it adds one sentence, the pair's one
sentence cut at a clause mark may vouch for it (then it may score `clause_slack` below the pair) or contradict it
(then it is never kept): `clauses.py`. After the choice, `gaps.py` aligns the
unpaired sentences between kept pairs of one document pair, split-off joins are tried again against what the
alignments hold now (`regrown`), an alignment of one sentence against several takes the split-off sentences
beside them its clauses vouch for (`widened.py`), a side that stops mid-sentence takes the unpaired line that
goes on with it (`continued.py`), and `recut.py` moves words across a guessed sentence end between two adjacent
pairs.

Pairs the miner missed: where neither sentence of a k-NN candidate is in a mined pair (the miner
rejected the one-to-one), its merges are tried too; one is found when its margin and cosine pass
the run's margin rule (the calibrated margin rule under learned scoring; it has no learned quality).
"""

import logging
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.config import MergeConfig, MineConfig
from pipeline.encoders.base import Encoder
from pipeline.encoders.calibration import calibration_for
from pipeline.errors import BitextError
from pipeline.mining.adjacent import Adjacency
from pipeline.mining.clauses import verdicts
from pipeline.mining.continued import continued
from pipeline.mining.gaps import candidates, chosen_beads, gaps
from pipeline.mining.margin import margin_near
from pipeline.mining.pairs import side_of
from pipeline.mining.recut import recut_table
from pipeline.mining.resplit import resplit_table
from pipeline.mining.span_scores import Options, span_cosines, span_scores
from pipeline.mining.spans import MergeSide, row_mask, row_vectors, rowwise_dot
from pipeline.mining.split_off import were_split_off
from pipeline.mining.widened import widened
from pipeline.schemas import CANDIDATES, LID, PAIRS, PROVENANCE, read_table, with_optional_columns, write_table
from pipeline.stats import StageStats
from pipeline.text.quotes import holds_quotation, one_quotation, opens
from pipeline.text.split import guesses_boundaries

log = logging.getLogger(__name__)

_BLOCK = 65536                   # options whose vectors are gathered at once


def _walk(rows: np.ndarray, step: np.ndarray, n: int) -> list[np.ndarray]:
    """rows, their neighbours 1..n steps away along `step` (next or prev), -1 where the document ends."""
    out = [rows]
    for _ in range(n):
        out.append(np.where(out[-1] >= 0, step[np.maximum(out[-1], 0)], -1))
    return out


def _windows(rows: np.ndarray, adj: Adjacency, width: int, columns: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every run of 2..width adjacent rows holding rows[i]: (which i have it, the run padded to `columns`)."""
    before, after = _walk(rows, adj.prev, width - 1), _walk(rows, adj.next, width - 1)
    out = []
    for size in range(2, width + 1):
        for b in range(size - 1, -1, -1):
            members = [before[j] for j in range(b, 0, -1)] + [rows] + [after[j] for j in range(1, size - b)]
            ok = np.all([m >= 0 for m in members], axis=0)
            pad = [np.full(len(rows), -1)] * (columns - size)
            out.append((ok, np.column_stack(members + pad)[ok]))
    return out


def options_of(src_rows: np.ndarray, tgt_rows: np.ndarray, src: Adjacency, tgt: Adjacency,
               width: int = 2, tgt_width: int | None = None) -> Options:
    """Every pair's one-to-one alignment and its merges with up to `width` - 1 neighbours of one side
    (`tgt_width` - 1 on the target side, where it differs)."""
    widths = {True: width if tgt_width is None else tgt_width, False: width}
    columns = max(widths.values())
    pair, pad = np.arange(len(src_rows)), [np.full(len(src_rows), -1)] * (columns - 1)
    one_src, one_tgt = np.column_stack([src_rows, *pad]), np.column_stack([tgt_rows, *pad])
    pairs, srcs, tgts = [pair], [one_src], [one_tgt]
    for grown_on_tgt, rows, adjacency in ((True, tgt_rows, tgt), (False, src_rows, src)):
        for ok, spans in _windows(rows, adjacency, widths[grown_on_tgt], columns):
            pairs.append(pair[ok])
            srcs.append(one_src[ok] if grown_on_tgt else spans)
            tgts.append(spans if grown_on_tgt else one_tgt[ok])
    return Options(np.concatenate(pairs), np.concatenate(srcs), np.concatenate(tgts))


def estimated_gain(options: Options, src: MergeSide, tgt: MergeSide, src_rows: np.ndarray,
                   tgt_rows: np.ndarray) -> np.ndarray:
    """For each merge, how much closer its joined side is to the other side than the pair's own sentence,
    estimated from stored vectors alone (the joined side as the normalised sum of its sentences'): an
    unrelated neighbour pulls the estimate down, the rest of a translation lifts it. A joined text's own
    embedding is a weaker test (its cosine rises with length alone), and it costs the encoder. NaN for a
    one-to-one."""
    gain, (n_src, n_tgt) = np.full(len(options.pair), np.nan), options.sizes
    for start in range(0, len(options.pair), _BLOCK):
        part = np.arange(start, min(start + _BLOCK, len(options.pair)))
        for grown_on_tgt, side, other_side in ((True, tgt, src), (False, src, tgt)):
            rows = part[(n_tgt if grown_on_tgt else n_src)[part] > 1]
            spans = (options.tgt if grown_on_tgt else options.src)[rows]
            origin = (tgt_rows if grown_on_tgt else src_rows)[options.pair[rows]]
            other = row_vectors(other_side, (options.src if grown_on_tgt else options.tgt)[rows, 0])
            members = [np.where((spans[:, j] >= 0)[:, None], row_vectors(side, np.maximum(spans[:, j], 0)), 0)
                       for j in range(spans.shape[1])]
            total = np.sum(members, axis=0)
            estimate = rowwise_dot(total, other) / np.sqrt(np.maximum(rowwise_dot(total, total), 1e-12))
            gain[rows] = estimate - rowwise_dot(row_vectors(side, origin), other)
    return gain


def score_options(options: Options, base_score: np.ndarray, base_cosine: np.ndarray, src: MergeSide,
                  tgt: MergeSide, encoder: Encoder, mine: MineConfig, index_dir: Path | None = None,
                  batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """(margin, cosine) of every option: a one-to-one's as mined (`base_*`, by pair), a merge's with each
    span's own neighbourhood on the other side (searched only for the spans of merges)."""
    score, cosine = base_score[options.pair].astype(np.float64), base_cosine[options.pair].astype(np.float64)
    grown = np.flatnonzero(options.added > 0)
    if len(grown):
        score[grown], cosine[grown] = span_scores(options.take(grown), src, tgt, encoder, mine, index_dir,
                                                  batch_size)
    return score, cosine


def choose(options: Options, adjusted: np.ndarray, n_src: int, n_tgt: int) -> np.ndarray:
    """Positions of the alignments kept, by competitive linking (see the module docstring); at most one per pair.
    A merge ranked -inf (contradicted) is never kept."""
    held = (np.zeros(n_src, bool), np.zeros(n_tgt, bool))      # by any alignment kept
    merged = (np.zeros(n_src, bool), np.zeros(n_tgt, bool))    # by a merge kept
    done = np.zeros(int(options.pair.max()) + 1 if len(options.pair) else 0, bool)
    kept = []
    for i in np.argsort(-adjusted, kind="stable").tolist():
        s, t = options.src[i], options.tgt[i]
        s, t = s[s >= 0], t[t >= 0]
        is_merge = len(s) + len(t) > 2
        blocking = held if is_merge else merged
        if is_merge and adjusted[i] == -np.inf:      # ruled out (contradicted), whatever competes with it
            continue
        if done[options.pair[i]] or blocking[0][s].any() or blocking[1][t].any():
            continue
        for marks in (held, merged) if is_merge else (held,):
            marks[0][s], marks[1][t] = True, True
        done[options.pair[i]] = True
        kept.append(i)
    return np.asarray(sorted(kept, key=lambda i: options.pair[i]), np.int64)


def _side_columns(side: MergeSide, spans: np.ndarray, ids: pa.ChunkedArray, texts: pa.ChunkedArray,
                  found: np.ndarray) -> tuple[np.ndarray, list[str], list[list[int] | None]]:
    """The id, text and member ids of each row's side: a joined side gets the id of its joined text, a found
    alignment's one sentence its own."""
    ids, texts, members = ids.to_numpy().copy(), texts.to_pylist(), [None] * len(spans)
    for i in np.flatnonzero((spans[:, 1] >= 0) | found).tolist():
        ids[i], texts[i], members[i] = side.named([r for r in spans[i].tolist() if r >= 0])
    return ids, texts, members


def merged_table(pairs: pa.Table, kept: Options, score: np.ndarray, cosine: np.ndarray, src: MergeSide,
                 tgt: MergeSide, found: np.ndarray | None = None) -> pa.Table:
    """The kept alignments in the mined pairs' order (the gaps' after them): a one-to-one row as mined, a
    merge with its own ids, texts, members, margin and cosine (its quality is that of the pair it grew from).
    A `found` alignment (a gap's) has the source, document and url of the pair named, no quality, and its
    sentences' lowest language-ID score."""
    found = np.zeros(len(kept.pair), bool) if found is None else found
    base = pairs.take(pa.array(kept.pair, pa.int64()))
    merge = (kept.added > 0) | found
    columns = {name: _side_columns(side, spans, base.column(f"{name}_id"), base.column(f"{name}_text"), found)
               for name, side, spans in (("src", src, kept.src), ("tgt", tgt, kept.tgt))}
    none = pa.array(found)
    return pa.table({
        "src_lang": base.column("src_lang"), "tgt_lang": base.column("tgt_lang"),
        "src_id": columns["src"][0], "tgt_id": columns["tgt"][0],
        "src_text": columns["src"][1], "tgt_text": columns["tgt"][1],
        "score": np.where(merge, score, base.column("score").to_numpy()).astype(np.float32),
        "cosine": np.where(merge, cosine, base.column("cosine").to_numpy()).astype(np.float32),
        "quality": pc.if_else(none, pa.scalar(None, pa.float32()), base.column("quality")),
        "src_members": pa.array(columns["src"][2], pa.list_(pa.uint64())),
        "tgt_members": pa.array(columns["tgt"][2], pa.list_(pa.uint64())),
        **_provenance(base, kept, found, src, tgt),
    })


def _provenance(base: pa.Table, kept: Options, found: np.ndarray, src: MergeSide, tgt: MergeSide) -> dict:
    """The provenance columns: a merged side joins sentences of the same document, so the pair's own source,
    document and url hold (a found alignment's are its anchor's); the language-ID scores are the sentences'."""
    out = {}
    for name in (n for n in PROVENANCE if n in base.column_names):
        side, spans = (src, kept.src) if name.startswith("src") else (tgt, kept.tgt)
        out[name] = _lid_scores(side, spans, found, base.column(name)) if name.endswith("lid_score") \
            else base.column(name)
    return out


def _lid_scores(side: MergeSide, spans: np.ndarray, found: np.ndarray, mined: pa.ChunkedArray) -> pa.Array:
    """The language-ID score of each row's side: the mined pair's, and for a found alignment its sentences'
    lowest (null where the side was built without its scores)."""
    out = mined.to_numpy(zero_copy_only=False).astype(np.float64)
    valid = ~np.asarray(mined.is_null())
    if found.any() and side.lid_scores is not None:
        rows = spans[found]
        out[found] = np.where(rows >= 0, side.lid_scores[np.maximum(rows, 0)], np.inf).min(axis=1)
        valid[found] = True
    else:
        valid[found] = False
    return pa.array(out, mined.type, mask=~valid)


def merge_stats(kept: Options, n_pairs: int, name: str) -> StageStats:
    """Every mined pair kept (as it was, or grown: altered by shape) or absorbed by a merge; a pair found
    from candidates is a row in and out (altered as found)."""
    stats = StageStats("merge", name)
    (n_src, n_tgt), found = kept.sizes, kept.pair >= n_pairs
    stats.keep(len(kept.pair))
    stats.drop("absorbed_into_merge", n_pairs - int((~found).sum()))
    for i in np.flatnonzero(kept.added > 0).tolist():
        stats.altered[f"{'found' if found[i] else 'merged'}_{n_src[i]}_{n_tgt[i]}"] += 1
    stats.expect_rows_in(n_pairs + int(found.sum()))
    return stats


_MINED = pa.schema([field for field in PAIRS if not field.name.endswith("_members")])   # what mining writes


def margin_rule(mine: MineConfig) -> tuple[float, float] | None:
    """(margin threshold, min cosine) a found pair must pass: the run's own under margin scoring, the
    calibrated ratio-margin rule under learned scoring; None where there is none to apply."""
    if mine.scoring == "margin":
        return mine.threshold, mine.min_cosine
    if mine.margin != "ratio":
        return None
    rule = calibration_for(mine.calibration).margin
    return rule.threshold, rule.min_cosine


def unpaired_candidates(candidates: pa.Table, pairs: pa.Table, src: MergeSide, tgt: MergeSide) -> pa.Table:
    """The k-NN candidates neither of whose sentences is in a mined pair, as rows of the pairs schema."""
    src_ids, tgt_ids = candidates.column("src_id").to_numpy(), candidates.column("tgt_id").to_numpy()
    lone = ~np.isin(src_ids, pairs.column("src_id").to_numpy()) & ~np.isin(tgt_ids, pairs.column("tgt_id").to_numpy())
    c = candidates.filter(pa.array(lone))
    s_rows = src.rows_of(c.column("src_id").to_numpy(), "the candidates")
    t_rows = tgt.rows_of(c.column("tgt_id").to_numpy(), "the candidates")
    return pa.table({"src_lang": [src.lang] * len(c), "tgt_lang": [tgt.lang] * len(c),
                     "src_id": c.column("src_id"), "tgt_id": c.column("tgt_id"),
                     "src_text": [src.texts[r] for r in s_rows.tolist()],
                     "tgt_text": [tgt.texts[r] for r in t_rows.tolist()],
                     "score": c.column("score"), "cosine": c.column("cosine"),
                     "quality": pa.nulls(len(c), pa.float32())})


def merge_pairs(pairs: pa.Table, src: MergeSide, tgt: MergeSide, encoder: Encoder, mine: MineConfig,
                cfg: MergeConfig, index_dir: Path | None = None, batch_size: int = 256,
                candidates: pa.Table | None = None) -> tuple[pa.Table, StageStats]:
    """The mined pairs with translator splits merged, and pairs found among the `candidates` the miner
    left (see the module docstring); and the counts."""
    rule = margin_rule(mine) if candidates is not None else None
    n_pairs = len(pairs)
    if rule is not None:
        found = with_optional_columns(unpaired_candidates(candidates, pairs, src, tgt), _MINED)
        pairs = pa.concat_tables([pairs.select(_MINED.names).cast(_MINED), found.select(_MINED.names).cast(_MINED)])
    src_rows = src.rows_of(pairs.column("src_id").to_numpy(), "the mined pairs")
    tgt_rows = tgt.rows_of(pairs.column("tgt_id").to_numpy(), "the mined pairs")
    options = options_of(src_rows, tgt_rows, src.adjacency, tgt.adjacency, _width(src.lang, cfg),
                         _width(tgt.lang, cfg))
    # a candidate the miner rejected comes back only as a merge
    options = options.take(np.flatnonzero((options.pair < n_pairs) | (options.added > 0)))
    gain = estimated_gain(options, src, tgt, src_rows, tgt_rows)
    quoted = quotation_joins(options, src, tgt, src_rows, tgt_rows, n_pairs)
    split_off = _split_off_of(options, src, tgt, src_rows, tgt_rows, n_pairs, quoted, cfg)
    keep = np.flatnonzero(embedded(options, gain, quoted | split_off, src.lang, tgt.lang, cfg))
    options, quoted, split_off = options.take(keep), quoted[keep], split_off[keep]
    base_score, base_cosine = pairs.column("score").to_numpy(), pairs.column("cosine").to_numpy()
    score, cosine = score_options(options, base_score, base_cosine, src, tgt, encoder, mine, index_dir, batch_size)
    near = _guessed_only(options, src.lang, tgt.lang) | split_off | quoted
    score = _scores_near(options, score, cosine, base_score, base_cosine, near, mine.margin)
    if rule is not None:
        passes = (options.pair < n_pairs) | ((score >= rule[0]) & (cosine >= rule[1]))
        options, score, cosine = options.take(passes), score[passes], cosine[passes]
        quoted, split_off = quoted[passes], split_off[passes]
    orphans = guessed_orphan_joins(options, src.lang, tgt.lang, src_rows, tgt_rows, n_pairs)
    ranked = clause_checked(adjusted(options, score, quoted, orphans, split_off, src.lang, tgt.lang, cfg), options,
                            score, base_score, split_off, src, tgt, src_rows, tgt_rows, encoder, cfg, batch_size)
    kept = choose(options, ranked, len(src.ids), len(tgt.ids))
    chosen, score, cosine = options.take(kept), score[kept], cosine[kept]
    gap, gap_score, gap_cosine = gap_alignments(chosen, src, tgt, encoder, mine, cfg, index_dir, batch_size)
    found = np.arange(len(kept) + len(gap.pair)) >= len(kept)
    chosen, score, cosine = _joined(chosen, gap), np.r_[score, gap_score], np.r_[cosine, gap_cosine]
    mined = (row_mask(len(src.ids), src_rows[:n_pairs]), row_mask(len(tgt.ids), tgt_rows[:n_pairs]))
    chosen, score, cosine, still = regrown(chosen, found, score, cosine, src, tgt, encoder, mine, cfg, batch_size,
                                           mined)
    found = found[still]
    stats = merge_stats(chosen.take(~found), n_pairs, f"{src.lang}-{tgt.lang}")     # the shapes as chosen
    count_gaps(stats, chosen.take(found))
    chosen, score, cosine, wide = widened(chosen, score, cosine, src, tgt, encoder, mine.margin, cfg, batch_size)
    if wide:
        stats.altered["widened_joins"] += wide
    if cfg.continued_lines:
        chosen, score, cosine, grew = continued(chosen, score, cosine, src, tgt, encoder, mine.margin, batch_size)
        if grew:
            stats.altered["continued_lines"] += grew
    table = merged_table(pairs, chosen, score, cosine, src, tgt, found)
    table, recut = recut_table(table, chosen.src, chosen.tgt, src, tgt, encoder, cfg, mine.margin, batch_size)
    if recut:
        stats.altered["recut"] += recut
    aligned = len(table)
    table, shapes = resplit_table(table, chosen.src, chosen.tgt, src, tgt, encoder, cfg, mine.margin, batch_size)
    stats.altered.update(shapes)
    stats.keep(len(table) - aligned)          # a resplit alignment's pairs past its first: rows in and out
    return table, stats


def gap_alignments(chosen: Options, src: MergeSide, tgt: MergeSide, encoder: Encoder, mine: MineConfig,
                   cfg: MergeConfig, index_dir: Path | None, batch_size: int) -> tuple[Options, np.ndarray, np.ndarray]:
    """The alignments `gaps.py` finds between the chosen ones (pair: the anchor beside each, as a position in
    `chosen`), with their margins and cosines; none where it is off or the run has no margin rule (learned
    scoring with a margin other than ratio)."""
    rule = margin_rule(mine)
    none = Options(np.zeros(0, np.int64), chosen.src[:0], chosen.tgt[:0])
    if cfg.gap_alignment and rule is None:
        log.warning("merge %s-%s: no gap alignment: it needs a margin rule (margin scoring, or learned scoring "
                    "with the ratio margin), and this run scores by learned quality with the %s margin",
                    src.lang, tgt.lang, mine.margin)
    if not cfg.gap_alignment or rule is None:
        return none, np.zeros(0), np.zeros(0)
    held = (row_mask(len(src.ids), chosen.src.ravel()), row_mask(len(tgt.ids), chosen.tgt.ravel()))
    found = gaps(chosen.src, chosen.tgt, src.adjacency, tgt.adjacency, held, cfg.gap_max_sentences)
    widths = (_width(src.lang, cfg), _width(tgt.lang, cfg))
    options, owner = candidates(found, src.adjacency, tgt.adjacency, widths, chosen.src.shape[1])
    if not len(options.pair):
        return none, np.zeros(0), np.zeros(0)
    score, cosine = span_scores(options, src, tgt, encoder, mine, index_dir, batch_size)
    taken = chosen_beads(options, owner, found, score, cosine, rule[0] - cfg.gap_slack, rule[1] - cfg.gap_slack)
    return options.take(taken), score[taken], cosine[taken]


def regrown(chosen: Options, found: np.ndarray, score: np.ndarray, cosine: np.ndarray, src: MergeSide,
            tgt: MergeSide, encoder: Encoder, mine: MineConfig, cfg: MergeConfig, batch_size: int,
            mined: tuple[np.ndarray, np.ndarray]) -> tuple[Options, np.ndarray, np.ndarray, np.ndarray]:
    """Split-off joins tried again against what the alignments hold now (`found`: the gaps'): a sentence a
    translator split off faced an unpaired sentence, which a gap's alignment may now hold, or was itself in a
    mined pair (`mined`: the rows mined pairs hold) that lost to another alignment. Only the joins that were no
    split-off joins against the mined pairs are embedded, only mined one-to-ones grow, and quotation joins
    keep their own rule. The alignments with the ones that grew replaced, and the positions of those that stay
    (a one-to-one sharing a sentence with one that grew loses it)."""
    everything = np.arange(len(chosen.pair))
    one = np.flatnonzero((chosen.src[:, 1] < 0) & (chosen.tgt[:, 1] < 0) & ~found)
    if not cfg.split_off_joins or not len(one):
        return chosen, score, cosine, everything
    rows = chosen.src[one, 0], chosen.tgt[one, 0]
    options = options_of(*rows, src.adjacency, tgt.adjacency, _width(src.lang, cfg), _width(tgt.lang, cfg))
    now = (row_mask(len(src.ids), chosen.src.ravel()), row_mask(len(tgt.ids), chosen.tgt.ravel()))
    grow = np.flatnonzero(split_off_joins(options, src, tgt, *rows, len(one), now)
                          & ~split_off_joins(options, src, tgt, *rows, len(one), mined)
                          & ~quotation_joins(options, src, tgt, *rows, len(one)))
    if not len(grow):
        return chosen, score, cosine, everything
    options = options.take(np.r_[np.flatnonzero(options.added == 0), grow])
    new_score, new_cosine = score[one][options.pair], cosine[one][options.pair]
    merges = np.flatnonzero(options.added > 0)
    new_cosine[merges] = span_cosines(options.take(merges), src, tgt, encoder, batch_size)
    new_score[merges] = margin_near(new_score[merges], cosine[one][options.pair[merges]], new_cosine[merges],
                                    mine.margin)
    ranked = clause_checked(np.where(np.isfinite(new_score), new_score, -np.inf), options, new_score, score[one],
                            options.added > 0, src, tgt, *rows, encoder, cfg, batch_size)
    kept = choose(options, ranked, len(src.ids), len(tgt.ids))
    chosen_src, chosen_tgt = chosen.src.copy(), chosen.tgt.copy()
    score, cosine = score.copy(), cosine.copy()
    at = one[options.pair[kept]]
    chosen_src[at], chosen_tgt[at], score[at], cosine[at] = (options.src[kept], options.tgt[kept], new_score[kept],
                                                             new_cosine[kept])
    still = np.setdiff1d(everything, np.setdiff1d(one, at))     # a one-to-one whose sentence a merge took is gone
    return Options(chosen.pair, chosen_src, chosen_tgt).take(still), score[still], cosine[still], still


def clause_checked(ranked: np.ndarray, options: Options, score: np.ndarray, base_score: np.ndarray,
                   split_off: np.ndarray, src: MergeSide, tgt: MergeSide, src_rows: np.ndarray, tgt_rows: np.ndarray,
                   encoder: Encoder, cfg: MergeConfig, batch_size: int) -> np.ndarray:
    """The ranking with what the pair's one sentence says of each split-off join (`clauses.py`): one vouched
    for gains `clause_slack`, one contradicted drops out. Only the joins that win, or lose by less than the
    slack, are cut and embedded (`score` against their pair's `base_score`)."""
    if not cfg.clause_checks or not split_off.any():
        return ranked
    close = split_off & np.isfinite(score) & (score > base_score[options.pair] - cfg.clause_slack)
    said = verdicts(options, close, src, tgt, src_rows, tgt_rows, encoder, batch_size)
    log.info("merge %s-%s: clause checks of %d split-off joins adding one sentence: %d vouched for, %d contradicted",
             src.lang, tgt.lang, int((close & (options.added == 1)).sum()), int((said > 0).sum()),
             int((said < 0).sum()))
    return np.where((said < 0) | _widening_contradicted(options, split_off, said), -np.inf,
                    ranked + cfg.clause_slack * (said > 0))


def _widening_contradicted(options: Options, split_off: np.ndarray, said: np.ndarray) -> np.ndarray:
    """Split-off joins of three sentences that hold a contradicted join of two (the same pair, the same side):
    the sentence no clause holds is no part of the translation however wide the join."""
    out = np.zeros(len(options.pair), bool)
    for i in np.flatnonzero(said < 0).tolist():
        same = np.flatnonzero(split_off & (options.pair == options.pair[i]) & (options.added > 1))
        for j in same.tolist():
            out[j] = all(np.isin(side[i][side[i] >= 0], side[j]).all() for side in (options.src, options.tgt))
    return out


def count_gaps(stats: StageStats, gap: Options) -> None:
    """Gap alignments are rows out that no pair brought in: counted in and out (as `find_missed` counts the
    candidates it finds), altered by shape."""
    n_src, n_tgt = gap.sizes
    for a, b in zip(n_src.tolist(), n_tgt.tolist()):
        stats.altered[f"gap_{a}_{b}"] += 1
    stats.keep(len(gap.pair))


def _joined(chosen: Options, gap: Options) -> Options:
    """The chosen alignments and then the gap's, each gap alignment named by the mined pair of its anchor."""
    return Options(np.r_[chosen.pair, chosen.pair[gap.pair]], np.r_[chosen.src, gap.src], np.r_[chosen.tgt, gap.tgt])


def quotation_joins(options: Options, src: MergeSide, tgt: MergeSide, src_rows: np.ndarray, tgt_rows: np.ndarray,
                    n_pairs: int) -> np.ndarray:
    """Merges that make whole a quotation one side's splitter cut at its inner sentence ends (`quotes.py`)
    against a sentence of the other side that holds it whole, adding only sentences no mined pair holds: a
    quotation is translated whole, so its unpaired part belongs with the pair of the rest."""
    out = np.zeros(len(options.pair), bool)
    for spans, side, rows, other, other_side in ((options.tgt, tgt, tgt_rows, options.src, src),
                                                 (options.src, src, src_rows, options.tgt, tgt)):
        grown = np.flatnonzero(spans[:, 1] >= 0)
        firsts = np.unique(spans[grown, 0])
        opening = firsts[[opens(side.texts[r]) for r in firsts.tolist()]]
        grown = grown[np.isin(spans[grown, 0], opening)]          # few: a cut quotation's first part opens it
        unpaired = _adds_unpaired(spans[grown], rows[options.pair[grown]], rows[:n_pairs])
        for i, span, mate in zip(grown[unpaired].tolist(), spans[grown[unpaired]].tolist(),
                                 other[grown[unpaired], 0].tolist()):
            out[i] = (one_quotation([side.texts[r] for r in span if r >= 0])
                      and holds_quotation(other_side.texts[mate]))
    return out


def _split_off_of(options: Options, src: MergeSide, tgt: MergeSide, src_rows: np.ndarray, tgt_rows: np.ndarray,
                  n_pairs: int, quoted: np.ndarray, cfg: MergeConfig) -> np.ndarray:
    """The split-off joins the run scores as such: none where `split_off_joins` is off, and no quotation join
    (it has its own slack)."""
    if not cfg.split_off_joins:
        return np.zeros(len(options.pair), bool)
    return split_off_joins(options, src, tgt, src_rows, tgt_rows, n_pairs) & ~quoted


def split_off_joins(options: Options, src: MergeSide, tgt: MergeSide, src_rows: np.ndarray, tgt_rows: np.ndarray,
                    n_pairs: int, held: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Merges that add only sentences a translator split off the pair's sentence: held by no mined pair,
    ending like a sentence (not a headline), and facing on the other side, at the same place beside the
    pair, nothing or a sentence a mined pair holds and that is further from them than the pair's own (an
    unpaired sentence there may be their translation: a missed pair, not a split). muse barely lifts the
    cosine of the joined text ("Ferrer ha 21 anni ed è 18ª. Finora non era mai andata oltre i quarti." against
    one English sentence: 0.698 -> 0.712), so such a join wins where its cosine is above the pair's. Only
    mined pairs grow so (a candidate the miner rejected has no neighbourhood worth keeping). `held`: the rows
    (a mask per side) held by any alignment, where more than the first `n_pairs` pairs hold them."""
    out = np.zeros(len(options.pair), bool)
    n_src, n_tgt = options.sizes
    if held is None:
        held = (row_mask(len(src.ids), src_rows[:n_pairs]), row_mask(len(tgt.ids), tgt_rows[:n_pairs]))
    eligible = ~_guessed_only(options, src.lang, tgt.lang) & (options.pair < n_pairs)
    unpaired = _adding_unpaired(options, eligible, src_rows, tgt_rows, n_pairs, held)
    for grown, spans, rows, side, mates, other, other_held in (
            (n_tgt > 1, options.tgt, tgt_rows, tgt, src_rows, src, held[0]),
            (n_src > 1, options.src, src_rows, src, tgt_rows, tgt, held[1])):
        at = np.flatnonzero(grown & unpaired)
        for block in range(0, len(at), _BLOCK):          # vectors are gathered a block at a time
            part = at[block:block + _BLOCK]
            out[part] = were_split_off(spans[part], rows[options.pair[part]], mates[options.pair[part]], side,
                                       other, other_held)
    return out


def _adds_unpaired(spans: np.ndarray, own: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """Whether each span adds to its pair's own sentence only sentences no mined pair holds (`taken`: their rows,
    or a mask of the side's rows)."""
    added = (spans >= 0) & (spans != own[:, None])
    held = taken[np.maximum(spans, 0)] if taken.dtype == bool else np.isin(spans, taken)
    return ~(added & held).any(axis=1)


def guessed_orphan_joins(options: Options, src_lang: str, tgt_lang: str, src_rows: np.ndarray, tgt_rows: np.ndarray,
                         n_pairs: int) -> np.ndarray:
    """Joins of guessed sentence ends (Thai) that add only pieces no mined pair holds: a piece the splitter
    cut off and left unpaired beside its sentence's pair ("no one was seriously injured" before "although a
    teenage boy...") is most likely part of it, though muse often scores the joined text a little lower."""
    return _adding_unpaired(options, _guessed_only(options, src_lang, tgt_lang), src_rows, tgt_rows, n_pairs)


def _adding_unpaired(options: Options, candidates: np.ndarray, src_rows: np.ndarray, tgt_rows: np.ndarray,
                     n_pairs: int, held: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Which of the `candidates` (merges) add to their pair's sentence, on the side they grow, only sentences
    no mined pair holds (no alignment, where `held` masks are given)."""
    out = np.zeros(len(options.pair), bool)
    n_src, n_tgt = options.sizes
    taken = held or (src_rows[:n_pairs], tgt_rows[:n_pairs])
    for grown, spans, rows, side_taken in ((n_tgt > 1, options.tgt, tgt_rows, taken[1]),
                                           (n_src > 1, options.src, src_rows, taken[0])):
        at = np.flatnonzero(candidates & grown)
        out[at] = _adds_unpaired(spans[at], rows[options.pair[at]], side_taken)
    return out


def embedded(options: Options, gain: np.ndarray, quoted: np.ndarray, src_lang: str, tgt_lang: str,
             cfg: MergeConfig) -> np.ndarray:
    """Which options are scored: every one-to-one and quotation join, and the merges the estimate lets through."""
    return (options.added == 0) | quoted | (gain >= _gates(options, src_lang, tgt_lang, cfg))


def adjusted(options: Options, score: np.ndarray, quoted: np.ndarray, orphans: np.ndarray,
             split_off: np.ndarray, src_lang: str, tgt_lang: str, cfg: MergeConfig) -> np.ndarray:
    """The score competitive linking ranks by: less each merge's penalty, plus `quotation_slack` for a
    quotation join (which pays no penalty) and `guessed_slack` for a join of unpaired guessed pieces; a
    split-off join pays none."""
    penalty = np.where(quoted, -cfg.quotation_slack, _penalties(options, src_lang, tgt_lang, cfg))
    return score - np.where(split_off, 0.0, penalty) + np.where(orphans, cfg.guessed_slack, 0.0)


def _width(lang: str, cfg: MergeConfig) -> int:
    """Most sentences a merge joins on a side of this language: more where the splitter guesses the ends."""
    return max(cfg.max_sentences, cfg.guessed_max_sentences) if guesses_boundaries(lang) else cfg.max_sentences


def _penalties(options: Options, src_lang: str, tgt_lang: str, cfg: MergeConfig) -> np.ndarray:
    """What each option must gain per sentence it adds: less on a side whose sentence ends are guesses."""
    n_src, n_tgt = options.sizes
    per = [cfg.guessed_penalty if guesses_boundaries(lang) else cfg.penalty for lang in (src_lang, tgt_lang)]
    return per[0] * (n_src - 1) + per[1] * (n_tgt - 1)


def _guessed_only(options: Options, src_lang: str, tgt_lang: str) -> np.ndarray:
    """Merges that join sentences only on sides whose sentence ends are a model's guesses (Thai)."""
    n_src, n_tgt = options.sizes
    return ((options.added > 0) & ((n_src == 1) | guesses_boundaries(src_lang))
            & ((n_tgt == 1) | guesses_boundaries(tgt_lang)))


def _gates(options: Options, src_lang: str, tgt_lang: str, cfg: MergeConfig) -> np.ndarray:
    """The estimated gain each option needs to be embedded: its own for a join of guessed sentence ends."""
    return np.where(_guessed_only(options, src_lang, tgt_lang), cfg.guessed_min_estimated_gain,
                    cfg.min_estimated_gain)


def _scores_near(options: Options, score: np.ndarray, cosine: np.ndarray, base_score: np.ndarray,
                 base_cosine: np.ndarray, near: np.ndarray, kind: str) -> np.ndarray:
    """A join of guessed sentence ends, or of sentences a translator split off, is the sentence the pair's
    part belongs to, so it keeps the pair's neighbourhood (`near`): its margin is its cosine's against the
    pair's neighbourhood mean (its own, searched for a longer text, would undo the gain). Where the pair's
    score does not tell that mean, its own score."""
    kept = margin_near(base_score[options.pair], base_cosine[options.pair], cosine, kind)
    return np.where(near & np.isfinite(kept), kept, score)


def load_merge_side(lang: str, lid_paths: list[Path], emb_paths: list[Path]) -> MergeSide:
    tables = [read_table(p, LID) for p in lid_paths]          # read once: the texts, where each row stands, its score
    side = side_of(lang, tables, emb_paths)
    columns = ["source", "doc_id", "position", "lid_score"]
    rows = pa.concat_tables([t.select(columns) for t in tables]) if tables else LID.empty_table().select(columns)
    return MergeSide(lang, side.ids, side.texts, side.vectors, Adjacency.from_table(rows),
                     rows.column("lid_score").to_numpy().astype(np.float32))


def merge_file(pairs_path: Path, out: Path, src: MergeSide, tgt: MergeSide, encoder: Encoder, mine: MineConfig,
               cfg: MergeConfig, index_dir: Path | None = None, batch_size: int = 256,
               candidates_path: Path | None = None) -> StageStats:
    """`merge_pairs` from a pairs file (and the miner's candidates) into `out` (pairs schema); the stats
    are counted before anything is written."""
    candidates = read_table(candidates_path, CANDIDATES) if candidates_path is not None else None
    try:
        table, stats = merge_pairs(read_table(pairs_path, PAIRS), src, tgt, encoder, mine, cfg, index_dir, batch_size,
                                   candidates)
    except BitextError as exc:
        raise BitextError(f"{pairs_path}: {exc}") from None
    write_table(table, out, PAIRS)
    return stats
