"""Split-off joins on the document benchmark, and what the clause checks say of them (issue 13, ninth round).

Reads a `doc_bench.py` work directory run without the checks, and for every split-off join of one added
sentence whose pair's one sentence has a clause mark (the joins `clauses.py` can judge): the join's kind and
its pair's as `doc_bench` judges them (whole: exact, merged or split; partial; wrong), whether the merge step
kept it, and the checks' verdict (`clauses.verdicts`, on every such join, not only those within the slack).
A table per language and kind, and JSON. Only the first pass's joins are read (not those `regrown` tries again
after the gaps), and a join counts as kept where `merged.parquet` has its texts as joined (a row recut or resplit
after it counts as not kept).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/doc_bench.py --langs zh --lines 600 --workdir W \\
        --set 'merge={clause_checks: false}' [--seed 1] [--omit 0.15]
    PYTHONPATH=$PWD .venv/bin/python benchmarks/split_off_clauses.py --workdir W --langs zh [--seed 1] [--omit 0.15]
"""

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

import doc_bench as db  # noqa: E402

from pipeline.config import load_config  # noqa: E402
from pipeline.encoders import get_encoder  # noqa: E402
from pipeline.mining.clauses import clause_cuts, verdicts  # noqa: E402
from pipeline.mining.merge import _split_off_of, _width, load_merge_side, options_of, quotation_joins  # noqa: E402
from pipeline.schemas import PAIRS, read_table  # noqa: E402
from pipeline.workdir import RunLayout  # noqa: E402

WHOLE = {"exact", "merged", "split"}


def _side(layout: RunLayout, encoder: str, lang: str):
    base = layout.root / "lid" / lang
    shards = [str(p.relative_to(base).with_suffix("")) for p in sorted(base.glob("*/part-*.parquet"))]
    return load_merge_side(lang, [layout.lid_path(lang, s) for s in shards],
                           [layout.embeddings_path(encoder, lang, s) for s in shards])


def joins(lang: str, run_dir: Path, seed: int, omit: float, lines: int) -> list[dict]:
    """Every judgeable split-off join of the run: its kind, its pair's, kept or not, and the verdict."""
    src_side, tgt_side, gold = db.build_sides(lang, lines, random.Random(f"{seed}-{lang}"), omit,
                                              random.Random(f"omit-{seed}-{lang}"))
    locs, splits = (db.Locator(src_side.lines), db.Locator(tgt_side.lines)), db.split_pairs(src_side, tgt_side, gold)
    layout = RunLayout(run_dir / "work")
    cfg = load_config(layout.config_path)
    src, tgt = (_side(layout, cfg.embed.encoder, x) for x in (lang, db.TGT))
    pairs = read_table(layout.pairs_path(lang, db.TGT), PAIRS)
    kept = {(r["src_text"], r["tgt_text"]) for r in pq.read_table(layout.merged_path(lang, db.TGT)).to_pylist()}
    rows = (src.rows_of(pairs.column("src_id").to_numpy(), "pairs"),
            tgt.rows_of(pairs.column("tgt_id").to_numpy(), "pairs"))
    options = options_of(*rows, src.adjacency, tgt.adjacency, _width(lang, cfg.merge), _width(db.TGT, cfg.merge))
    quoted = quotation_joins(options, src, tgt, *rows, len(pairs))
    n_src, n_tgt = options.sizes
    one = np.where(n_tgt == 2, rows[0][options.pair], rows[1][options.pair])
    one_side = np.where(n_tgt == 2, 0, 1)
    candidates = (_split_off_of(options, src, tgt, *rows, len(pairs), quoted, cfg.merge) & (n_src + n_tgt == 3)
                  & np.array([bool(clause_cuts((src, tgt)[k].texts[r])) for k, r in zip(one_side, one)]))
    said = verdicts(options, candidates, src, tgt, *rows, get_encoder(cfg.embed.encoder, "cpu"), 64)
    out = []
    for i in np.flatnonzero(candidates).tolist():
        texts = (src.joined([r for r in options.src[i] if r >= 0]), tgt.joined([r for r in options.tgt[i] if r >= 0]))
        pair = (src.texts[rows[0][options.pair[i]]], tgt.texts[rows[1][options.pair[i]]])
        out.append({"join": db.judge(*texts, locs, gold, splits)[0], "pair": db.judge(*pair, locs, gold, splits)[0],
                    "kept": texts in kept, "verdict": int(said[i]), "src": texts[0], "tgt": texts[1]})
    return out


def _kind(name: str) -> str:
    return "whole" if name in WHOLE else name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", type=Path, required=True, help="a doc_bench.py --workdir, run without the checks")
    parser.add_argument("--langs", default=db.DEFAULT_LANGS)
    parser.add_argument("--lines", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--omit", type=float, default=0.0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    found = {lang: joins(lang, args.workdir / lang, args.seed, args.omit, args.lines) for lang in args.langs.split(",")}
    print("| lang | join | its pair | joins | kept | vouched for | contradicted |\n|---|---|---|---:|---:|---:|---:|")
    for lang, rows in found.items():
        groups = Counter((_kind(r["join"]), _kind(r["pair"])) for r in rows)
        for (join, pair), n in sorted(groups.items()):
            mine = [r for r in rows if (_kind(r["join"]), _kind(r["pair"])) == (join, pair)]
            print(f"| {lang} | {join} | {pair} | {n} | {sum(r['kept'] for r in mine)} | "
                  f"{sum(r['verdict'] > 0 for r in mine)} | {sum(r['verdict'] < 0 for r in mine)} |")
    if args.out:
        args.out.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "joins": found},
                                       ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
