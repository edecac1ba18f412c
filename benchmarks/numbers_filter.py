"""The numbers_differ pair filter on real aligned text: correct pairs it drops, wrong pairs it keeps.

Correct pairs: every line pair of ../shared/data/newstest (news, professional translations) and
../shared/data/tatoeba (short everyday sentences), each language against English, and of "written": text
written for these benchmarks in the style of translated news and wiki articles in the default encoder's
languages we have no test data for (benchmarks/data/written.jsonl, thai_written.jsonl; 48-102 sentences
each, read while the filter's rules for them were written); and "later": the hard, wiki and news sets written
since (benchmarks/data/written_{hard,wiki,news}.jsonl); and "numbers": 40 sentences a language written to state
numbers in each language's own ways (benchmarks/data/written_numbers.jsonl), and "numbers-2", a second such set
in 14 languages (written_numbers_2.jsonl), and "numbers-3", a third, held out (written_numbers_3.jsonl). Wrong pairs,
three kinds:
  shuffled   each line against another line's English (a random derangement); counted among those where
             either side has a digit, since the filter can only act on pairs with numbers
  perturbed  each correct pair with a digit, one digit of one of its numbers changed (side, number and
             digit drawn with a fixed seed): a translation whose numbers truly differ
  shifted    each correct pair with a decimal or thousands mark, one such mark moved by one digit ("12.5" ->
             "1.25", "3,5" -> "35", "1,500" -> "15,00"): the same digits, another number
"before" is the comparison the filter made until issue 13 (the sorted digit strings of both sides must
be equal); "after" is pipeline.mining.cues.same_numbers, with each side's language. us/pair: the correct
pairs, caches cleared, each language's vocabulary loaded before (once per process in a run).

    PYTHONPATH=. .venv/bin/python benchmarks/numbers_filter.py [--examples 5] [--data ../shared/data]
"""

import argparse
import json
import random
import re
import time
import unicodedata
from pathlib import Path

from written_files import aligned_sets

from pipeline.mining.cues import same_numbers
from pipeline.mining.numbers import _mentions, _words

REPO = Path(__file__).resolve().parents[1]
SOURCES = {  # (corpus, lang): (foreign file, English file)
    ("newstest", "de"): ("newstest/newstest2013.de", "newstest/newstest2013.en"),
    ("newstest", "es"): ("newstest/newstest2013.es", "newstest/newstest2013.en"),
    ("newstest", "fr"): ("newstest/newstest2013.fr", "newstest/newstest2013.en"),
    ("newstest", "ru"): ("newstest/newstest2013.ru", "newstest/newstest2013.en"),
    ("newstest", "zh"): ("newstest/newstest2018.zh-en.zh", "newstest/newstest2018.zh-en.en"),
    ("newstest", "ja"): ("newstest/newstest2020.en-ja.ja", "newstest/newstest2020.en-ja.en"),
    **{("tatoeba", lang): (f"tatoeba/tatoeba.{code}-eng.{code}", f"tatoeba/tatoeba.{code}-eng.eng")
       for lang, code in (("de", "deu"), ("es", "spa"), ("fr", "fra"), ("ru", "rus"), ("zh", "cmn"), ("ja", "jpn"))},
}
WRITTEN = ("ar", "it", "ko", "nl", "pl", "pt", "tr", "th")
# The sets written later (`written_files.py`: hard, wiki, news), none of them read while the filter's rules were
# written before issue 13's tenth round
LATER = ("written_hard.jsonl", "written_wiki.jsonl", "written_news.jsonl")
# Sentences written for this filter (issue 13, eleventh round: by helper sessions told not to read our code, each
# stating numbers as its language writes them: "5만 9,800원", "250 baz puan", "pół miliarda", "om half drie"), read
# after a first measurement while the rules of that round were written
NUMBERS = ("written_numbers.jsonl",)
# A second such set, 30 sentences in each of the 14 languages (health, sport, history, prices, transport, polls),
# measured once as written, then read while the round's last rules were written
NUMBERS_2 = ("written_numbers_2.jsonl",)
# A third, 20 sentences a language in the same 14 (business, weather, science, culture, courts, exams), written after
# every rule of the round and measured as written: no rule was written from it
NUMBERS_3 = ("written_numbers_3.jsonl",)
NUMBERS_2_LANGS = ("ar", "de", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh")
_DIGITS = re.compile(r"\d+")
_GROUP = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")


def before_differ(a: str, b: str, lang_a: str, lang_b: str) -> bool:
    """The comparison before issue 13: the digits of each number group, sorted, must be equal."""
    def digits(text: str) -> list[str]:
        return sorted(re.sub(r"\D", "", m) for m in _GROUP.findall(unicodedata.normalize("NFKC", text)))
    return digits(a) != digits(b)


def after_differ(a: str, b: str, lang_a: str, lang_b: str) -> bool:
    return same_numbers(a, b, lang_a, lang_b) is False


def has_digit(text: str) -> bool:
    return bool(_DIGITS.search(unicodedata.normalize("NFKC", text)))


def perturb(text: str, rng: random.Random) -> str:
    """One digit of one number changed to another digit."""
    text = unicodedata.normalize("NFKC", text)
    m = rng.choice(list(_DIGITS.finditer(text)))
    pos = m.start() + rng.randrange(m.end() - m.start())
    new = rng.choice([d for d in "0123456789" if d != text[pos]])
    return text[:pos] + new + text[pos + 1:]


_MARKED = re.compile(r"(?<![\d.,])(\d+)([.,])(\d+)(?![\d]|[.,]\d)")


def shift(text: str, rng: random.Random) -> str:
    """One number's only mark moved a digit right, else left, else dropped: the same digits, another value."""
    text = unicodedata.normalize("NFKC", text)
    m = rng.choice(list(_MARKED.finditer(text)))
    left, mark, right = m.groups()
    if len(right) >= 2:
        number = left + right[0] + mark + right[1:]
    elif len(left) >= 2:
        number = left[:-1] + mark + left[-1] + right
    else:
        number = left + right
    return text[:m.start()] + number + text[m.end():]


def read_pairs(data: Path, files: tuple[str, str]) -> list[tuple[str, str]]:
    src = (data / files[0]).read_text(encoding="utf-8").splitlines()
    tgt = (data / files[1]).read_text(encoding="utf-8").splitlines()
    return [(a, b) for a, b in zip(src, tgt) if a.strip() and b.strip()]


def written_pairs(lang: str, files: tuple[str, ...] = ("written.jsonl", "thai_written.jsonl")) -> list[tuple[str, str]]:
    """Every written set of `lang` in `files` (all four Thai ones), in the data files' order."""
    return [(a, b) for set_lang, texts, english in aligned_sets(files).values()
            if set_lang == lang
            for a, b in zip(texts, english) if a.strip() and b.strip()]


def pair_sets(correct: list[tuple[str, str]], seed: int) -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(seed)
    order = list(range(len(correct)))
    rng.shuffle(order)
    shuffled = [(correct[i][0], correct[j][1]) for i, j in zip(order, order[1:] + order[:1])]
    shuffled = [(a, b) for a, b in shuffled if has_digit(a) or has_digit(b)]
    perturbed = []
    for a, b in correct:
        sides = [s for s, text in enumerate((a, b)) if has_digit(text)]
        if sides:
            side = rng.choice(sides)
            perturbed.append((perturb(a, rng), b) if side == 0 else (a, perturb(b, rng)))
    shifted = []
    for a, b in correct:
        sides = [s for s, text in enumerate((a, b)) if _MARKED.search(unicodedata.normalize("NFKC", text))]
        if sides:
            side = rng.choice(sides)
            shifted.append((shift(a, rng), b) if side == 0 else (a, shift(b, rng)))
    return {"correct": correct, "shuffled": shuffled, "perturbed": perturbed, "shifted": shifted}


def measure(lang: str, sets: dict, differ) -> tuple[dict, list]:
    """Rates: correct pairs dropped, wrong pairs kept; and the correct pairs dropped, as examples."""
    differ("1", "1", lang, "en")
    _mentions.cache_clear()
    _words.cache_clear()
    start = time.perf_counter()
    dropped = [(a, b) for a, b in sets["correct"] if differ(a, b, lang, "en")]
    seconds = time.perf_counter() - start
    kept = {kind: sum(not differ(a, b, lang, "en") for a, b in sets[kind])
            for kind in ("shuffled", "perturbed", "shifted")}
    return ({"correct_dropped": len(dropped) / len(sets["correct"]),
             **{f"{k}_kept": v / max(len(sets[k]), 1) for k, v in kept.items()},
             "us_per_pair": 1e6 * seconds / len(sets["correct"])}, dropped)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=0, help="print this many correct pairs still dropped, per row")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data", help="newstest/ and tatoeba/ here")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "numbers_filter.json")
    args = ap.parse_args()
    rows = []
    sources = [*((key, read_pairs(args.data, files)) for key, files in SOURCES.items()),
               *((("written", lang), written_pairs(lang)) for lang in WRITTEN),
               *((("later", lang), written_pairs(lang, LATER)) for lang in WRITTEN if lang != "th"),
               *((("numbers", lang), written_pairs(lang, NUMBERS)) for lang in WRITTEN),
               *((("numbers-2", lang), written_pairs(lang, NUMBERS_2)) for lang in NUMBERS_2_LANGS),
               *((("numbers-3", lang), written_pairs(lang, NUMBERS_3)) for lang in NUMBERS_2_LANGS)]
    for (corpus, lang), correct in sources:
        sets = pair_sets(correct, args.seed)
        before, _ = measure(lang, sets, before_differ)
        after, dropped = measure(lang, sets, after_differ)
        rows.append({"corpus": corpus, "lang": lang, **{k: len(v) for k, v in sets.items()},
                     "before": before, "after": after, "dropped_examples": dropped[:20]})
        for a, b in dropped[:args.examples]:
            print(f"  {corpus} {lang}: {a}  |||  {b}")
    print("| corpus | lang | correct | correct dropped before -> after | wrong with numbers | shuffled kept "
          "before -> after | perturbed | perturbed kept before -> after | shifted | shifted kept before -> after "
          "| us/pair before, after |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        b, a = r["before"], r["after"]
        print(f"| {r['corpus']} | {r['lang']} | {r['correct']} | {b['correct_dropped']:.1%} -> "
              f"{a['correct_dropped']:.1%} | {r['shuffled']} | {b['shuffled_kept']:.1%} -> {a['shuffled_kept']:.1%} | "
              f"{r['perturbed']} | {b['perturbed_kept']:.1%} -> {a['perturbed_kept']:.1%} | "
              f"{r['shifted']} | {b['shifted_kept']:.1%} -> {a['shifted_kept']:.1%} | "
              f"{b['us_per_pair']:.0f}, {a['us_per_pair']:.0f} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
