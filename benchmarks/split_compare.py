"""Sentence splitters side by side on real text: ours (`pipeline.text.split`), sentencex, pysbd, blingfire,
syntok, and Moses' rules (the `sentence-splitter` package), where each supports the language.

Paragraphs are 1-3 consecutive lines of the newstest files in ../shared/data/newstest (professional
translators' segments of news articles; joined by a space, by nothing in Chinese and Japanese), seeded; as
in doc_bench.py, a line without final punctuation (a headline) ends its paragraph.
A line is what translators made one unit, so the line ends inside a paragraph are the gold boundaries:
- boundary P / R: of the splitter's boundaries, the share at a line end; of the line ends, the share found
  (a boundary inside a line is a split the translator did not make; a missed one glues two units);
- lines: the share of lines that come out as exactly one sentence (what an exact pair needs);
- MB/s: speed over the same paragraphs (best of 3 on a shared machine; compare within one run).
Texts are compared without whitespace, since syntok re-spaces its tokens.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/split_compare.py [--langs de,zh] [--out X.json]
"""

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from doc_bench import FINAL, REPO, read_lines

from pipeline.text.split import split_sentences, splitter_name

FILES = {"en": "newstest2013.en", "de": "newstest2013.de", "es": "newstest2013.es", "fr": "newstest2013.fr",
         "ru": "newstest2013.ru", "zh": "newstest2018.zh-en.zh", "ja": "newstest2020.en-ja.ja"}
UNSPACED = {"zh", "ja"}
PYSBD = set("en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split())
MOSES = set("ca cs da de el en es fi fr hu is it lt lv nl no pl pt ro ru sk sl sv tr".split())
SYNTOK = {"en", "de", "es", "fr", "nl", "it", "pt"}       # European, space-separated


def candidates() -> dict[str, Callable[[str, str], list[str] | None]]:
    """name -> split(lang, text), or None where the splitter does not support the language."""
    from sentencex import segment
    out: dict[str, Callable] = {"ours": split_sentences, "sentencex": lambda lang, text: list(segment(lang, text))}
    try:
        import pysbd
        segmenters: dict = {}

        def _pysbd(lang, text):
            if lang not in PYSBD:
                return None
            seg = segmenters.setdefault(lang, pysbd.Segmenter(language=lang, clean=False))
            return seg.segment(text)
        out["pysbd"] = _pysbd
    except ImportError:
        pass
    try:
        import blingfire
        out["blingfire"] = lambda lang, text: blingfire.text_to_sentences(text).split("\n")
    except ImportError:
        pass
    try:
        import syntok.segmenter as syntok_segmenter
        out["syntok"] = lambda lang, text: ([
            "".join(t.spacing + t.value for t in s) for p in syntok_segmenter.analyze(text) for s in p]
            if lang in SYNTOK else None)
    except ImportError:
        pass
    try:
        from sentence_splitter import SentenceSplitter
        splitters: dict = {}
        out["moses"] = lambda lang, text: (
            splitters.setdefault(lang, SentenceSplitter(language=lang)).split(text) if lang in MOSES else None)
    except ImportError:
        pass
    return out


def paragraphs(lang: str, rng: random.Random) -> list[tuple[str, list[str]]]:
    lines = [s for s in read_lines(FILES[lang]) if s]
    glue = "" if lang in UNSPACED else " "
    out, para, size = [], [], rng.randint(1, 3)
    for line in lines:
        para.append(line)
        if len(para) >= size or not FINAL.search(line):
            out.append((glue.join(para), para))
            para, size = [], rng.randint(1, 3)
    return out + ([(glue.join(para), para)] if para else [])


def bounds(parts: list[str]) -> set[int]:
    """Ends of all parts but the last, as offsets in the text without whitespace."""
    out, pos = set(), 0
    for part in parts[:-1]:
        pos += len("".join(part.split()))
        out.add(pos)
    return out


def measure(split: Callable, lang: str, paras: list[tuple[str, list[str]]]) -> dict | None:
    if split(lang, paras[0][0]) is None:
        return None
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        outputs = [split(lang, text) for text, _ in paras]
        best = min(best, time.perf_counter() - start)
    found = gold = hits = exact_lines = lines = 0
    for (_, gold_lines), out in zip(paras, outputs):
        out = [s for s in out if s.strip()]
        predicted, truth = bounds(out), bounds(gold_lines)
        found, gold, hits = found + len(predicted), gold + len(truth), hits + len(predicted & truth)
        cuts = {0, *predicted, sum(len("".join(s.split())) for s in gold_lines)}
        pos = 0
        for line in gold_lines:
            end = pos + len("".join(line.split()))
            exact_lines += pos in cuts and end in cuts and not any(pos < c < end for c in cuts)
            pos = end
        lines += len(gold_lines)
    mb = sum(len(text.encode("utf-8")) for text, _ in paras) / 1e6
    return {"boundary_p": hits / found if found else 1.0, "boundary_r": hits / gold if gold else 1.0,
            "lines": exact_lines / lines, "mb_per_s": mb / best}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", default=",".join(FILES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "split_compare.json")
    args = parser.parse_args()
    splitters = candidates()
    rows = []
    for lang in args.langs.split(","):
        paras = paragraphs(lang, random.Random(f"{args.seed}-{lang}"))
        for name, split in splitters.items():
            if (result := measure(split, lang, paras)) is not None:
                rows.append({"lang": lang, "splitter": name, **result})
    print("| lang | splitter | boundary P | boundary R | lines exact | MB/s |")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        label = f"ours ({splitter_name(r['lang'])})" if r["splitter"] == "ours" else r["splitter"]
        print(f"| {r['lang']} | {label} | {r['boundary_p']:.3f} | {r['boundary_r']:.3f} | {r['lines']:.1%} "
              f"| {r['mb_per_s']:.2f} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
