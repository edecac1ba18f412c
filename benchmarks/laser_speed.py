"""LASER2's embedding speed on this machine, next to `muse`, on the same Tatoeba lines.

No LASER weights can be downloaded here and speed does not depend on the weights' values, so
the benchmark builds a random LASER2 checkpoint of the real size (5-layer BiLSTM, 512 hidden
units each way, 320-dim embeddings, 50 004-row vocabulary) with a SentencePiece model trained
on the benchmark's own data (the real one has 50 000 pieces over 93 languages; ours is smaller
and fitted to this text, so sentences may have somewhat fewer pieces than with the real one:
the table gives the pieces per sentence). Each run is a fresh process, timed from outside
(Python start, imports, load, encoding); the encoders alternate, and the medians are reported.

    PYTHONPATH=. .venv/bin/python benchmarks/laser_speed.py [--lines 2000] [--repeats 3]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

DATA = REPO.parent / "shared" / "data"
ENCODERS = ["muse", "laser2"]


def worker(encoder: str, texts_file: str) -> None:
    """Load and encode in this process; print the seconds of each as JSON (the parent times the whole process)."""
    start = time.perf_counter()
    from pipeline.encoders import get_encoder

    texts = Path(texts_file).read_text(encoding="utf-8").split("\n")
    model = get_encoder(encoder, "cpu")
    model.encode(texts[:1])
    loaded = time.perf_counter()
    model.encode(texts)
    print(json.dumps({"load_s": loaded - start, "encode_s": time.perf_counter() - loaded}))


def lines(data: Path, n: int) -> list[str]:
    """Every k-th non-blank line of the Tatoeba files, so that all twelve language sides are in."""
    every = [line for p in sorted((data / "tatoeba").glob("tatoeba.*"))
             for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return every[::max(1, len(every) // n)][:n]


def build(directory: Path, data: Path) -> float:
    """A real-size random laser2 in `directory`; returns the mean pieces per sentence of the spm on the text."""
    from tests.pipeline.encoders.laser_models import train_spm, write_laser2

    text = [line for p in sorted(data.rglob("*")) if p.is_file() and p.name != "README.md"
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    pieces = train_spm(directory / "laser2.spm", text, vocab_size=50000)
    write_laser2(directory / "laser2.pt", pieces, embed_dim=320, hidden_size=512, num_layers=5,
                 extra_rows=50004 - 4 - len(pieces))
    return len(pieces)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks/results/laser_speed.json")
    ap.add_argument("--worker", nargs=2, metavar=("ENCODER", "TEXTS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(*args.worker)

    from measure import load_average, print_table, run_worker

    texts = lines(args.data, args.lines)
    with tempfile.TemporaryDirectory(prefix="laser-speed-") as tmp:
        directory = Path(tmp)
        n_pieces = build(directory, args.data)
        os.environ["LASER_MODEL_DIR"] = str(directory)
        texts_file = directory / "texts.txt"
        texts_file.write_text("\n".join(texts), encoding="utf-8")
        from pipeline.encoders.laser import LaserEncoder

        model = LaserEncoder(device="cpu")._load()
        tokens = statistics.mean(len(model.token_ids(t)[0]) for t in texts)
        runs = {name: [] for name in ENCODERS}
        for _ in range(args.repeats):
            for name in ENCODERS:
                runs[name].append({**run_worker(Path(__file__), ["--worker", name, str(texts_file)]),
                                   "load_average": load_average()})
    medians = {name: {k: statistics.median(r[k] for r in rs) for k in ("wall_s", "load_s", "encode_s")}
               for name, rs in runs.items()}
    muse_wall = medians["muse"]["wall_s"]
    print(f"{len(texts)} Tatoeba lines; laser2: random weights, real size, {n_pieces} spm pieces in a 50 004-row "
          f"vocabulary, {tokens:.1f} tokens per sentence; median of {args.repeats} alternating runs\n")
    print_table(["encoder", "sentences", "seconds", "of which load + encode", "sentences/s", "muse is x faster"],
                [[name, len(texts), f"{m['wall_s']:.1f}", f"{m['load_s'] + m['encode_s']:.1f}",
                  f"{len(texts) / m['wall_s']:.0f}", f"{m['wall_s'] / muse_wall:.2f}"] for name, m in medians.items()])
    for name, rs in runs.items():
        print(f"{name}: " + " / ".join(f"{r['wall_s']:.1f}" for r in rs) + " s; load average "
              + " / ".join(str(r["load_average"]) for r in rs))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"lines": len(texts), "tokens_per_sentence": tokens, "spm_pieces": n_pieces,
                                    "runs": runs, "medians": medians}, indent=2) + "\n")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
