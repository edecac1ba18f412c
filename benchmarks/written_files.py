"""The written sets of benchmarks/data as line-aligned files, for `doc_bench.py --aligned`.

Writes OUT/<lang>.<lang> and OUT/<lang>.en for each language of written.jsonl, OUT/th-<set>.th and
OUT/th-<set>.en for each set of thai_written.jsonl, and OUT/<lang>-hard.<lang> and OUT/<lang>-hard.en for
written_hard.jsonl (lines of several sentences, quotations, abbreviations, numbers), and OUT/<lang>-wiki.<lang>
and OUT/<lang>-wiki.en for written_wiki.jsonl (FLORES-like: travel guides, news, encyclopedia), and
OUT/<lang>-news.<lang> and OUT/<lang>-news.en for written_news.jsonl (news and encyclopedia text, held out: written
by helper sessions in issue 13's sixth round, told not to read our code), and OUT/<lang>-numbers.<lang> and
OUT/<lang>-numbers.en for written_numbers.jsonl (40 unrelated sentences a language, each stating numbers the way its
language writes them, for `numbers_filter.py`; written by helper sessions in the eleventh round) and its second set
written_numbers_2.jsonl (30 a language, 14 languages: OUT/<lang>-numbers-2.*) and third, written_numbers_3.jsonl (20 a
language, the same 14: OUT/<lang>-numbers-3.*); prints the --aligned
arguments that run them (one set of a language a run: --aligned takes one pair of files per language).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/written_files.py /tmp/written
    PYTHONPATH=$PWD .venv/bin/python benchmarks/doc_bench.py --lines 1000 --aligned th=/tmp/written/th-final-3.th,...
"""

import argparse
import json
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


# file -> the set name of each record: a language, "th-<set>", "<language>-hard"
FILES = {"written.jsonl": lambda r: r["lang"], "thai_written.jsonl": lambda r: f"th-{r['set']}",
         "written_hard.jsonl": lambda r: f"{r['lang']}-hard", "written_wiki.jsonl": lambda r: f"{r['lang']}-wiki",
         "written_news.jsonl": lambda r: f"{r['lang']}-news", "written_numbers.jsonl": lambda r: f"{r['lang']}-numbers",
         "written_numbers_2.jsonl": lambda r: f"{r['lang']}-numbers-2",
         "written_numbers_3.jsonl": lambda r: f"{r['lang']}-numbers-3"}


def aligned_sets(files: tuple[str, ...] = tuple(FILES)) -> dict[str, tuple[str, list[str], list[str]]]:
    """name -> (language, its lines, their English), in document order."""
    sets: dict[str, tuple[str, list[str], list[str]]] = defaultdict(lambda: ("", [], []))
    for file in files:
        name_of = FILES[file]
        for line in (DATA / file).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            name = name_of(record)
            _, texts, english = sets[name]
            texts = texts + (record.get("text") or record["th"])
            sets[name] = (record.get("lang", "th"), texts, english + record["en"])
    return dict(sets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (lang, texts, english) in aligned_sets().items():
        src, tgt = args.out / f"{name}.{lang}", args.out / f"{name}.en"
        src.write_text("\n".join(texts) + "\n", encoding="utf-8")
        tgt.write_text("\n".join(english) + "\n", encoding="utf-8")
        print(f"--aligned {lang}={src},{tgt}")


if __name__ == "__main__":
    main()
