"""What a re-run costs: a full run, a no-op re-run, a threshold change and a new crawl file.

Tatoeba sides as crawls: German (deu-eng), French (fra-eng) and English, where English
comes as two files, the second of which (the English of fra-eng) arrives later. Pairs
de-en, fr-en and de-fr. Every scenario runs the real flow in this process, after the
Prefect server and the encoder are warmed up, so the times compare work done.
Also checks that the incremental run mines exactly what a one-shot run over both files mines.

    .venv/bin/python benchmarks/resume.py
"""

import json
import shutil
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
from prefect import flow

from flows.mining import mining_flow
from pipeline.encoders import get_encoder
from pipeline.lid import LanguageIdentifier

DATA = Path(__file__).resolve().parents[2] / "shared/data/tatoeba"
RESULTS = Path(__file__).resolve().parent / "results" / "resume.json"
PAIRS = ["de-en", "fr-en", "de-fr"]


def write_inputs(root: Path, english: list[str]) -> Path:
    for lang, src in (("de", "deu-eng.deu"), ("fr", "fra-eng.fra")):
        (root / lang).mkdir(parents=True)
        shutil.copy(DATA / f"tatoeba.{src}", root / lang / "crawl.txt")
    (root / "en").mkdir()
    for name, src in zip(("a.txt", "b.txt"), english):
        shutil.copy(DATA / f"tatoeba.{src}", root / "en" / name)
    config = root / "run.yaml"
    config.write_text("workdir: work\nlanguages: {de: {inputs: [de]}, fr: {inputs: [fr]}, en: {inputs: [en]}}\n"
                      f"pairs: [{', '.join(PAIRS)}]\nshard: {{max_rows_per_shard: 250}}\n")
    return config


def timed(config: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    summary = mining_flow(str(config))
    return time.perf_counter() - start, summary


def tasks_run(summary) -> str:
    return ", ".join(f"{stage} {n['ran']}/{n['ran'] + n['skipped']}" for stage, n in summary.work.items())


@flow
def _warm_up() -> None:
    get_encoder("muse").encode(["warm up"], 1)
    LanguageIdentifier().predict(["warm up"])


def main() -> None:
    _warm_up()
    tmp = Path(tempfile.mkdtemp(prefix="bench-resume-"))
    rows = []
    one_shot = write_inputs(tmp / "one_shot", ["deu-eng.eng", "fra-eng.eng"])
    full_s, summary = timed(one_shot)
    rows.append(("full run, both English files", full_s, summary))

    incremental = write_inputs(tmp / "incremental", ["deu-eng.eng"])
    rows.append(("first drop only (a.txt)", *timed(incremental)))
    rows.append(("no-op re-run", *timed(incremental)))
    incremental.write_text(incremental.read_text() + "mine: {scoring: margin, threshold: 1.2}\n")
    rows.append(("mine: {scoring: margin, threshold: 1.2}", *timed(incremental)))
    incremental.write_text(incremental.read_text().replace("mine: {scoring: margin, threshold: 1.2}\n", ""))
    timed(incremental)  # back to the default threshold
    shutil.copy(DATA / "tatoeba.fra-eng.eng", tmp / "incremental" / "en" / "b.txt")
    rows.append(("new crawl file b.txt added", *timed(incremental)))

    same = all(pq.read_table(tmp / "one_shot/work/pairs" / p / "pairs.parquet")
               == pq.read_table(tmp / "incremental/work/pairs" / p / "pairs.parquet") for p in PAIRS)
    print("| scenario | seconds | vs full run | tasks run (of all) |\n|---|---:|---:|---|")
    for name, seconds, s in rows:
        print(f"| {name} | {seconds:.1f} | {seconds / full_s:.2f} | {tasks_run(s)} |")
    print(f"\nIncremental pairs identical to the one-shot run: {same}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": [{"scenario": n, "seconds": round(t, 2), "ratio": round(t / full_s, 3),
                                             "work": s.work} for n, t, s in rows],
                                   "incremental_equals_one_shot": same}, indent=2) + "\n")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
