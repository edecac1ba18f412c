"""Peak memory and throughput of shard + language ID (`bitext shard`) on a crawl and on one 10 times larger.

The crawls are generated here, seeded, outside the repository: English documents whose sentences join
two real Tatoeba English sentences (6,000 distinct, so about 36 million combinations: deduplication does
not collapse the larger crawl to the smaller one's content), with crawl noise mixed in: boilerplate
lines from a fixed set, exact repeats of earlier sentences, German/French/Spanish/Russian sentences,
short menu words, URL-only lines and over-long keyword dumps. Each crawl is split into plain-text files
of about 8 MB.

Each size runs `bitext shard --lang en` (the same code path as the pipeline: read, split, filter,
deduplicate, language ID, write shards) in a child process; peak RSS is that child's ru_maxrss.

    .venv/bin/python benchmarks/ingest.py                # 1x = 12 MB, 10x = 120 MB
    .venv/bin/python benchmarks/ingest.py --mb 2         # a quick look
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
TATOEBA = REPO.parent / "shared" / "data" / "tatoeba"
FOREIGN = ["deu", "fra", "spa", "rus"]
BOILERPLATE = ["Home | News | Contact | Imprint", "We use cookies to improve your experience. Accept all",
               "Share on Facebook", "© 2024 Example Media. All rights reserved.", "Subscribe to our newsletter",
               "Read more", "Privacy policy | Terms of use", "Skip to main content"]
FILE_BYTES = 8 << 20


def tatoeba(name: str) -> list[str]:
    return [s for s in (TATOEBA / name).read_text(encoding="utf-8").splitlines() if s.strip()]


def make_crawl(out: Path, target_bytes: int, seed: int) -> int:
    """Write plain-text crawl files under `out` totalling about `target_bytes`; returns the bytes written."""
    rng = random.Random(seed)
    english = sorted({s for lang in FOREIGN + ["cmn", "jpn"] for s in tatoeba(f"tatoeba.{lang}-eng.eng")})
    foreign = [s for lang in FOREIGN for s in tatoeba(f"tatoeba.{lang}-eng.{lang}")]
    out.mkdir(parents=True, exist_ok=True)
    written, recent, part = 0, [], 0
    while written < target_bytes:
        with open(out / f"crawl-{part:04d}.txt", "w", encoding="utf-8") as fh:
            size = 0
            while size < FILE_BYTES and written + size < target_bytes:
                doc = "\n".join(_paragraph(rng, english, foreign, recent) for _ in range(rng.randint(3, 8)))
                fh.write(doc + "\n\n")
                size += len(doc.encode("utf-8")) + 2
        written, part = written + size, part + 1
    return written


def _paragraph(rng: random.Random, english: list[str], foreign: list[str], recent: list[str]) -> str:
    roll = rng.random()
    if roll < 0.06:
        return rng.choice(BOILERPLATE)
    if roll < 0.08:
        return rng.choice(foreign)
    if roll < 0.09:
        return rng.choice(["OK", "Menu", "Login", "»", "1"])
    if roll < 0.095:
        return f"https://www.example.com/article/{rng.randint(1, 10**6)}"
    if roll < 0.097:
        return " ".join(rng.choice(english).split()[0] for _ in range(150))   # keyword dump
    if roll < 0.12 and recent:
        return rng.choice(recent)                                            # exact repeat
    sentences = []
    for _ in range(rng.randint(1, 3)):
        a, b = rng.choice(english), rng.choice(english)
        sentences.append(f"{a.rstrip('.!?')}, and {b[0].lower()}{b[1:]}")
    paragraph = " ".join(sentences)
    recent.append(sentences[0])
    del recent[:-1000]
    return paragraph


def run_shard(crawl: Path, out: Path) -> dict:
    """`bitext shard` in a child process: wall time and that child's peak RSS."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "bitext"), "shard", "--lang", "en", "--out",
                             str(out), str(crawl)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stdout, stderr = proc.stdout.read().decode(), proc.stderr.read().decode()
    if status != 0:
        raise SystemExit(f"bitext shard failed on {crawl}:\n{stderr}")
    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in (out / "lid" / "en").glob("*/part-*.parquet"))
    return {"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "sentences_out": rows,
            "summary": stdout.strip().splitlines()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=12.0, help="size of the 1x crawl in MB of raw text")
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bitext-bench-ingest"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    results = []
    for factor in (1, args.scale):
        crawl = args.work / f"crawl-{factor}x"
        shutil.rmtree(crawl, ignore_errors=True)
        raw = make_crawl(crawl, int(args.mb * factor * 1e6), args.seed + factor)
        run = run_shard(crawl, args.work / f"out-{factor}x")
        results.append({"input": f"{factor}x", "raw_mb": raw / 1e6, **run, "mb_per_s": raw / 1e6 / run["wall_s"]})
        shutil.rmtree(crawl, ignore_errors=True)

    print("| input | raw text MB | sentences kept | wall s | MB/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['input']} | {r['raw_mb']:.1f} | {r['sentences_out']} | {r['wall_s']:.1f} | {r['mb_per_s']:.2f} "
              f"| {r['peak_rss_mb']:.0f} |")
    ratio = results[1]["peak_rss_mb"] / results[0]["peak_rss_mb"]
    print(f"\nPeak RSS {args.scale}x / 1x: {ratio:.3f} (target <= 1.2)")
    for r in results:
        print(f"{r['input']}: " + " | ".join(r["summary"][:2]))
    out = REPO / "benchmarks" / "results" / "ingest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"runs": results, "rss_ratio": ratio, "args": {k: str(v) for k, v in
                                                                             vars(args).items()}}, indent=2))


if __name__ == "__main__":
    main()
