"""Thai sentence splitting: PyThaiNLP's crfcut as it is against ours (crfcut's probabilities read with Thai
grammar, `pipeline/text/thai_split.py`), on paragraphs of 1-3 translated sentences joined by a space.

No Thai test set is on this machine, so `benchmarks/data/thai_written.jsonl` holds Thai written for this
benchmark in the style of translated news and wiki articles (each sentence with its English source): which
sets were read while the rules were written and which only measured, the README says. Per set: boundaries
between sentences found and cuts made inside a sentence, and the share of sentences that come out as exactly
one piece (what an exact pair needs).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/thai_split.py --out benchmarks/results/thai_split.json
"""

import argparse
import json
import random
from pathlib import Path

from pythainlp.tokenize import crfcut
from split_compare import bounds

from pipeline.text import split as split_module
from pipeline.text.split import split_sentences

DATA = Path(__file__).resolve().parent / "data" / "thai_written.jsonl"
OUT = Path(__file__).resolve().parent / "results" / "thai_split.json"


def paragraphs(docs: list[list[str]], seed: int) -> list[list[str]]:
    """Each document cut into paragraphs of 1-3 consecutive sentences."""
    rng, out = random.Random(seed), []
    for doc in docs:
        i = 0
        while i < len(doc):
            n = rng.randint(1, 3)
            out.append(doc[i:i + n])
            i += n
    return out


def measure(paras: list[list[str]]) -> dict:
    found = cuts = gold = exact = sentences = 0
    for para in paras:
        pieces = split_sentences("th", " ".join(para))
        want, got = bounds(para), bounds(pieces)
        found, cuts, gold = found + len(want & got), cuts + len(got - want), gold + len(want)
        keys = {"".join(p.split()) for p in pieces}
        exact += sum("".join(s.split()) in keys for s in para)
        sentences += len(para)
    return {"sentences": sentences, "boundaries": gold, "found": found, "false_cuts": cuts,
            "exact": exact, "exact_share": exact / sentences}


def crfcut_as_is(text: str) -> list[str]:
    return [s for s in (p.strip() for p in crfcut.segment(text)) if s]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="0,1,2", help="paragraph cuttings to average over")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = []
    ours = split_module.split_thai
    for name in sorted({r["set"] for r in records}, reverse=True):
        docs = [r["th"] for r in records if r["set"] == name]
        paras = [p for seed in seeds for p in paragraphs(docs, seed)]
        for splitter, fn in (("crfcut as is", crfcut_as_is), ("ours", ours)):
            split_module.split_thai = fn
            rows.append({"set": name, "splitter": splitter, **measure(paras)})
    split_module.split_thai = ours
    print("| set | splitter | sentences | boundaries found | cuts inside a sentence | sentences exact |")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['set']} | {r['splitter']} | {r['sentences']} | {r['found']}/{r['boundaries']} "
              f"| {r['false_cuts']} | {r['exact_share']:.0%} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"seeds": seeds, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
