"""Language ID with and without the document's say: correct lines dropped, foreign lines kept, per language.

Every line of the newstest files in ../shared/data/newstest (real news; headlines and short lines
included) is a correct line of its language. The files carry no article boundaries, so documents are runs
of `--doc-lines` consecutive lines; into each, one line of another language is put at a random place
(half of them short, under 60 characters, like a foreign headline or a caption): a line the rule should
drop. Each line goes through the lid stage's rule (pipeline.lid.lid_drop_reasons, lid.176, default
LidConfig) without its document ("before") and with it ("after"); a grid over the two document settings
shows the trade-off the defaults were picked from.

    PYTHONPATH=. .venv/bin/python benchmarks/lid_rescue.py [--data ../shared/data]
"""

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from pipeline.config import LidConfig
from pipeline.lid import KEPT_BY_DOCUMENT, LanguageIdentifier, language_scores, lid_drop_reasons

REPO = Path(__file__).resolve().parents[1]
FILES = {"de": "newstest2013.de", "es": "newstest2013.es", "fr": "newstest2013.fr", "ru": "newstest2013.ru",
         "en": "newstest2013.en", "zh": "newstest2018.zh-en.zh", "ja": "newstest2020.en-ja.ja"}
GRID = [(share, score) for share in (0.6, 0.7, 0.8, 0.9) for score in (0.01, 0.02, 0.05, 0.1, 0.2)]


def documents(lines: dict[str, list[str]], lang: str, doc_lines: int, rng: random.Random):
    """(texts, docs, foreign mask): the language's lines in documents, one foreign line put into each."""
    others = [o for o in lines if o != lang]
    texts, docs, foreign = [], [], []
    own = lines[lang]
    for d, start in enumerate(range(0, len(own), doc_lines)):
        chunk = [(t, False) for t in own[start:start + doc_lines]]
        pool = lines[others[d % len(others)]]
        short = [t for t in rng.sample(pool, 50) if len(t) < 60]
        intruder = short[0] if d % 2 and short else rng.choice(pool)
        chunk.insert(rng.randrange(len(chunk) + 1), (intruder, True))
        for text, is_foreign in chunk:
            texts.append(text)
            docs.append(d)
            foreign.append(is_foreign)
    return texts, docs, foreign


def outcome(reasons: list, foreign: list[bool]) -> dict:
    own = [r for r, f in zip(reasons, foreign) if not f]
    kept_foreign = sum(r is None or r == KEPT_BY_DOCUMENT for r, f in zip(reasons, foreign) if f)
    drops = Counter(r for r in own if r and r != KEPT_BY_DOCUMENT)
    return {"correct": len(own), "correct_dropped": sum(drops.values()), "drops": dict(drops),
            "kept_by_document": sum(r == KEPT_BY_DOCUMENT for r in own),
            "foreign": sum(foreign), "foreign_kept": kept_foreign}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--doc-lines", type=int, default=12)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "lid_rescue.json")
    args = ap.parse_args()
    lines = {lang: [t.strip() for t in (args.data / "newstest" / f).read_text(encoding="utf-8").splitlines()
                    if t.strip()] for lang, f in FILES.items()}
    identifier, default = LanguageIdentifier(), LidConfig()
    rows, grid = [], Counter()
    for lang in FILES:
        texts, docs, foreign = documents(lines, lang, args.doc_lines, random.Random(args.seed))
        labels, scores = language_scores(lang, texts, identifier, default)
        before = outcome(lid_drop_reasons(lang, texts, labels, scores, default), foreign)
        after = outcome(lid_drop_reasons(lang, texts, labels, scores, default, docs), foreign)
        rows.append({"lang": lang, "before": before, "after": after})
        for share, score in GRID:
            cfg = LidConfig(document_share=share, document_min_score=score)
            o = outcome(lid_drop_reasons(lang, texts, labels, scores, cfg, docs), foreign)
            grid[(share, score, "dropped")] += o["correct_dropped"]
            grid[(share, score, "correct")] += o["correct"]
            grid[(share, score, "kept")] += o["foreign_kept"]
            grid[(share, score, "foreign")] += o["foreign"]
    print(f"Defaults: document_share {default.document_share}, document_min_score "
          f"{default.document_min_score}; documents of {args.doc_lines} lines plus one foreign line.\n")
    print("| lang | lines | correct dropped before -> after | by reason after | foreign lines | foreign kept "
          "before -> after |")
    print("|---|---:|---:|---|---:|---:|")
    for r in rows:
        b, a = r["before"], r["after"]
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(a["drops"].items())) or "-"
        print(f"| {r['lang']} | {b['correct']} | {b['correct_dropped']} ({b['correct_dropped'] / b['correct']:.2%}) "
              f"-> {a['correct_dropped']} ({a['correct_dropped'] / a['correct']:.2%}) | {reasons} | {b['foreign']} | "
              f"{b['foreign_kept']} -> {a['foreign_kept']} |")
    print("\nAll languages, by setting: correct lines dropped, foreign lines kept.\n")
    print("| document_share | document_min_score | correct dropped | foreign kept |\n|---:|---:|---:|---:|")
    table = []
    for share, score in GRID:
        d, c = grid[(share, score, "dropped")], grid[(share, score, "correct")]
        k, f = grid[(share, score, "kept")], grid[(share, score, "foreign")]
        table.append({"document_share": share, "document_min_score": score, "correct_dropped": d / c,
                      "foreign_kept": k / f})
        print(f"| {share} | {score} | {d / c:.2%} | {k / f:.2%} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"rows": rows, "grid": table}, indent=2) + "\n")


if __name__ == "__main__":
    main()
