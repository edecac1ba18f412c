"""Speed and boundary agreement of sentence splitting (`pipeline.text.split`) on Tatoeba; see split_compare.py.

Paragraphs are made of 5 consecutive Tatoeba sentences of one language (../shared/data/tatoeba, 1000
lines per language), joined by a space (no space for Chinese and Japanese, as they are written).
"Exact" is the share of paragraphs split into exactly their Tatoeba lines; some lines hold two sentences
("Hi. How are you?"), so 100% is not reachable and the figure compares languages, not splitters.

    .venv/bin/python benchmarks/split_speed.py
"""

import json
import time
from pathlib import Path

from pipeline.text.split import split_sentences

REPO = Path(__file__).resolve().parents[1]
TATOEBA = REPO.parent / "shared" / "data" / "tatoeba"
FILES = {"en": "deu-eng.eng", "de": "deu-eng.deu", "fr": "fra-eng.fra", "es": "spa-eng.spa", "ru": "rus-eng.rus",
         "zh": "cmn-eng.cmn", "ja": "jpn-eng.jpn"}
REPEATS = 5


def paragraphs(lang: str) -> list[tuple[str, list[str]]]:
    lines = [s.strip() for s in (TATOEBA / f"tatoeba.{FILES[lang]}").read_text(encoding="utf-8").splitlines()]
    lines = [s for s in lines if s]
    glue = "" if lang in ("zh", "ja") else " "
    return [(glue.join(lines[i:i + 5]), lines[i:i + 5]) for i in range(0, len(lines) - 4, 5)]


def main() -> None:
    rows = []
    for lang in FILES:
        paras = paragraphs(lang)
        start = time.perf_counter()
        for _ in range(REPEATS):
            splits = [split_sentences(lang, text) for text, _ in paras]
        seconds = (time.perf_counter() - start) / REPEATS
        mb = sum(len(text.encode("utf-8")) for text, _ in paras) / 1e6
        sentences = sum(len(s) for s in splits)
        exact = sum(s == gold for s, (_, gold) in zip(splits, paras)) / len(paras)
        rows.append({"lang": lang, "paragraphs": len(paras), "mb": mb, "mb_per_s": mb / seconds,
                     "sentences_per_s": sentences / seconds, "exact": exact})
    print("| lang | paragraphs | MB/s | sentences/s | exact split |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['lang']} | {r['paragraphs']} | {r['mb_per_s']:.1f} | {r['sentences_per_s']:,.0f} "
              f"| {r['exact']:.1%} |")
    out = REPO / "benchmarks" / "results" / "split_speed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
