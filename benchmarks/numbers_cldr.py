"""The numbers_differ pair filter on the forms CLDR says each locale writes dates, times and numbers in.

For each locale, babel (CLDR) writes one date in its four date formats and four skeletons, one time, and
numbers as decimals, percentages, currency amounts and compact amounts ("2,5 mln", "250억", "2.5 หมื่น");
each is paired with the English forms a translation may use (correct pairs: must be kept) and with an
English form of another value (wrong pairs: must be dropped). This covers every language the default
encoder has, including those we have no aligned text in, with the forms their own style guides fix; it
says nothing of spelled-out numbers (benchmarks/numbers_filter.py reads those in real text).

Needs babel (`pip install -e '.[bench]'`).

    PYTHONPATH=. .venv/bin/python benchmarks/numbers_cldr.py [--locales ar,it,ko] [--show]
"""

import argparse
import datetime as dt
import json
from pathlib import Path

from pipeline.mining.cues import same_numbers

REPO = Path(__file__).resolve().parents[1]
LOCALES = "ar it ko nl pl pt pt_PT th tr de es fr ru zh ja".split()
DAY, TIME = dt.date(2019, 9, 29), dt.time(14, 30)
EN_DATES = ["September 29, 2019", "29 September 2019", "Sunday, September 29, 2019", "9/29/2019", "29/09/2019"]
EN_TIMES = ["2:30 p.m.", "14:30", "2.30pm"]
# value, its English forms, another value's English form (compact amounts; the wrong one of another size)
COMPACT = [(45_000, ["45,000", "45 thousand"], "46,000"), (2_500_000, ["2.5 million", "2,500,000"], "3.5 million"),
           (3_000_000_000, ["3 billion", "3bn", "3,000,000,000"], "4 billion"),
           (1_200_000_000_000, ["1.2 trillion", "1,200 billion"], "1.3 trillion")]


def cases(locale: str) -> list[tuple[str, str, list[str], bool]]:
    """(kind, the locale's text, English texts, whether they state the same numbers)."""
    from babel import dates, numbers

    out = []
    for fmt in ("full", "long", "medium", "short"):
        text = dates.format_date(DAY, fmt, locale=locale)
        out += [(f"date {fmt}", text, EN_DATES, True), (f"date {fmt}", text, ["September 28, 2019"], False)]
    for skeleton, english in (("yMMMM", ["September 2019"]), ("MMMMd", ["September 29", "29 September"]),
                              ("yMMMMd", EN_DATES), ("yMd", EN_DATES)):
        out.append((f"date {skeleton}", dates.format_skeleton(skeleton, DAY, locale=locale), english, True))
    for fmt in ("short", "medium"):
        text = dates.format_time(TIME, fmt, locale=locale)
        out += [(f"time {fmt}", text, EN_TIMES, True), (f"time {fmt}", text, ["2:45 p.m."], False)]
    for kind, text, right, wrong in (
            ("decimal", numbers.format_decimal(1234567.89, locale=locale), "1,234,567.89", "1,234,576.89"),
            ("decimal", numbers.format_decimal(3.5, locale=locale), "3.5", "35"),
            ("integer", numbers.format_decimal(12500, locale=locale), "12,500", "12,600"),
            ("percent", numbers.format_percent(0.125, "#,##0.#%", locale=locale), "12.5%", "1.25%"),
            ("currency", numbers.format_currency(1234.5, "USD", locale=locale), "$1,234.50", "$12,345"),
            ("currency", numbers.format_currency(250000, "EUR", locale=locale), "€250,000", "€25,000")):
        out += [(kind, text, [right], True), (kind, text, [wrong], False)]
    for style in ("short", "long"):
        for value, right, wrong in COMPACT:
            text = numbers.format_compact_decimal(value, format_type=style, locale=locale, fraction_digits=1)
            out += [(f"compact {style}", text, right, True), (f"compact {style}", text, [wrong], False)]
    return out


def judged(locale: str, text: str, english: list[str], same: bool) -> bool:
    """Right: a correct pair kept with at least one English form, a wrong one dropped."""
    lang = locale.split("_")[0]
    answers = [same_numbers(text, e, lang, "en") for e in english]
    return any(a is True for a in answers) if same else all(a is False for a in answers)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--locales", default=",".join(LOCALES))
    ap.add_argument("--show", action="store_true", help="print every case judged wrong")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "numbers_cldr.json")
    args = ap.parse_args()
    rows = []
    for locale in args.locales.split(","):
        found = [(kind, text, english, same, judged(locale, text, english, same))
                 for kind, text, english, same in cases(locale)]
        kept = [ok for _, _, _, same, ok in found if same]
        dropped = [ok for _, _, _, same, ok in found if not same]
        wrong = [f"{kind}: {text!r} vs {english[0]!r}" for kind, text, english, _, ok in found if not ok]
        rows.append({"locale": locale, "correct": len(kept), "correct_kept": sum(kept), "wrong": len(dropped),
                     "wrong_dropped": sum(dropped), "judged_wrong": wrong})
        if args.show and wrong:
            print("\n".join(f"  {locale} {w}" for w in wrong))
    print("| locale | correct pairs kept | wrong pairs dropped |")
    print("|---|---:|---:|")
    for r in rows:
        print(f"| {r['locale']} | {r['correct_kept']} of {r['correct']} | {r['wrong_dropped']} of {r['wrong']} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
