"""How much clean text the default noise rules and language ID drop: the cost side of ingestion filtering.

Every line of the Tatoeba files in ../shared/data/tatoeba (1000 per language; human-checked sentences, so
every drop is a false one, though many Tatoeba lines are very short: "Hi.", "Go!") goes through the shard
stage's noise rules (`pipeline.text.filters.SentenceFilter`, default `ShardConfig`) and then language ID with
the default `LidConfig` (lid.176, threshold 0.5, script check), the same rules the pipeline applies.

    .venv/bin/python benchmarks/clean_loss.py
"""

import json
from collections import Counter
from pathlib import Path

from pipeline.config import LidConfig, ShardConfig
from pipeline.lid import LanguageIdentifier, lid_drop_reasons
from pipeline.text.filters import SentenceFilter
from pipeline.text.normalize import normalize_text

REPO = Path(__file__).resolve().parents[1]
TATOEBA = REPO.parent / "shared" / "data" / "tatoeba"
FILES = {"en": "deu-eng.eng", "de": "deu-eng.deu", "fr": "fra-eng.fra", "es": "spa-eng.spa", "ru": "rus-eng.rus",
         "zh": "cmn-eng.cmn", "ja": "jpn-eng.jpn"}


def losses(lang: str, identifier: LanguageIdentifier) -> dict:
    lines = [normalize_text(s) for s in (TATOEBA / f"tatoeba.{FILES[lang]}").read_text(encoding="utf-8").splitlines()]
    lines = [s for s in lines if s]
    rules = SentenceFilter(lang, ShardConfig())
    drops = Counter(reason for s in lines if (reason := rules.problem(s)))
    passed = [s for s in lines if rules.problem(s) is None]
    labels, scores = identifier.predict(passed)
    drops.update(r for r in lid_drop_reasons(lang, passed, labels, scores, LidConfig()) if r)
    return {"lang": lang, "lines": len(lines), "kept": len(lines) - sum(drops.values()), "drops": dict(drops)}


def main() -> None:
    identifier = LanguageIdentifier()
    rows = [losses(lang, identifier) for lang in FILES]
    print("| lang | lines | kept | dropped by the noise rules and LID (reason: lines) |")
    print("|---|---:|---:|---|")
    for r in rows:
        drops = ", ".join(f"{k}: {v}" for k, v in sorted(r["drops"].items(), key=lambda kv: -kv[1])) or "-"
        print(f"| {r['lang']} | {r['lines']} | {r['kept'] / r['lines']:.1%} | {drops} |")
    out = REPO / "benchmarks" / "results" / "clean_loss.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
