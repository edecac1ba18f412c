"""Our LASER2/LASER3 vectors against the official `laser_encoders` package, sentence by sentence, on real text.

Builds LASER-format checkpoints with random weights (a LASER2 BiLSTM and two LASER3
transformers: post-norm with max-pooling, and pre-norm with GELU, `<s>` and the `cls`
criterion on its own SentencePiece model), a SentencePiece model trained on the text, then
embeds the same sentences with our encoder (this environment) and with laser_encoders
(`benchmarks/laser_official.py`, run by --reference-python). Prints a table (cosine per
sentence, and whether the preprocessed pieces are identical) and writes JSON. Passes when
every cosine is >= 0.9999.

The reference environment (not the project's dependencies; fairseq 0.12.2 does not build on
Python 3.11, its maintained fork fairseq-fixed does):

    python3.11 -m venv /work/laser-ref-venv && R=/work/laser-ref-venv/bin
    $R/pip install torch==2.13.0 cython numpy setuptools wheel cffi hydra-core==1.3.2 omegaconf==2.3.0 \\
        regex sacrebleu tqdm bitarray scikit-learn packaging sacremoses==0.1.0 unicategories sentencepiece requests
    $R/pip install --no-deps laser_encoders==0.0.2
    $R/pip install --no-deps --no-build-isolation fairseq-fixed==0.12.3.1    # ~10 min: C++ extensions

    PYTHONPATH=. .venv/bin/python benchmarks/laser_equivalence.py --reference-python /work/laser-ref-venv/bin/python
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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.pipeline.encoders.laser_models import (  # noqa: E402
    laser3_config,
    train_spm,
    write_laser2,
    write_laser3,
)

DATA = REPO.parent / "shared" / "data"
# Text the real data may lack: control and format characters, every quote Moses rewrites, full-width forms
ODD = ["Tab\there\x07 bell\u200b zero-width", "‘single’ „low“ «guillemets» ‚comma‘ ``tex''", "ＡＢＣ！ full-width",
       "URL https://example.com/a?b=1 and e-mail a.b@c.de", "Emoji 🙂 and 中文 mixed, 1 234,5 km …",
       "  leading and   inner  spaces ", "ALL CAPS SHOUTING", "x"]


def sentences(data: Path, per_file: int) -> list[str]:
    """The first `per_file` non-blank lines of every newstest and Tatoeba file, then the odd cases."""
    out = []
    for path in sorted((data / "newstest").glob("newstest*")) + sorted((data / "tatoeba").glob("tatoeba.*")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        out += lines[:per_file]
    return out + ODD


def build(directory: Path, texts: list[str], vocab_size: int) -> dict[str, dict]:
    """laser2, laser3:wol_Latn (LASER2's vocabulary) and laser3:amh_Ethi (its own spm and cvocab)."""
    pieces = train_spm(directory / "laser2.spm", texts, vocab_size)
    write_laser2(directory / "laser2.pt", pieces, embed_dim=64, hidden_size=96, num_layers=3, seed=1)
    write_laser3(directory / "laser3-wol_Latn.v1.pt", directory / "laser2.cvocab", pieces,
                 laser3_config(embed_dim=64, ffn_dim=128, layers=3, heads=4), seed=2)
    own = train_spm(directory / "laser3-amh_Ethi.v1.spm", texts, vocab_size // 2)
    write_laser3(directory / "laser3-amh_Ethi.v1.pt", directory / "laser3-amh_Ethi.v1.cvocab", own,
                 laser3_config(embed_dim=48, ffn_dim=96, layers=2, heads=3, encoder_normalize_before=True,
                               activation_fn="gelu", sentemb_criterion="cls", prepend_bos=True), seed=3)
    return {
        "laser2": {"model": "laser2.pt", "spm": "laser2.spm", "cvocab": "laser2.cvocab"},
        "laser3:wol_Latn": {"model": "laser3-wol_Latn.v1.pt", "spm": "laser2.spm", "cvocab": "laser2.cvocab"},
        "laser3:amh_Ethi": {"model": "laser3-amh_Ethi.v1.pt", "spm": "laser3-amh_Ethi.v1.spm",
                            "cvocab": "laser3-amh_Ethi.v1.cvocab"},
    }


def official(python: str, directory: Path, files: dict, texts_file: Path, out: Path) -> tuple[np.ndarray, list[str]]:
    done = subprocess.run([python, str(REPO / "benchmarks" / "laser_official.py"),
                           *(str(directory / files[k]) for k in ("model", "spm", "cvocab")), str(texts_file), str(out)],
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"laser_official.py failed:\n{done.stderr[-3000:]}")
    print("  reference:", done.stdout.strip().splitlines()[-1])
    return np.load(f"{out}.npy"), Path(f"{out}.tok.txt").read_text(encoding="utf-8").split("\n")


def compare(name: str, directory: Path, texts: list[str], reference: np.ndarray, ref_tokens: list[str]) -> dict:
    from pipeline.encoders.laser import LaserEncoder

    encoder = LaserEncoder(name.partition(":")[2] or None, device="cpu")
    ours = encoder.encode(texts, batch_size=64)
    model = encoder._load()
    same_pieces = sum(" ".join(model.preprocessor.pieces(t)) == " ".join(r.split()) for t, r in zip(texts, ref_tokens))
    reference = reference / np.linalg.norm(reference, axis=1, keepdims=True)
    cosines = (ours * reference).sum(axis=1)
    worst = int(np.argmin(cosines))
    return {"encoder": name, "sentences": len(texts), "dim": int(ours.shape[1]),
            "min_cosine": float(cosines.min()), "mean_cosine": float(cosines.mean()),
            "below_0.9999": int((cosines < 0.9999).sum()), "same_pieces": int(same_pieces),
            "worst_sentence": texts[worst][:80]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference-python", required=True, help="python of the environment with laser_encoders")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--per-file", type=int, default=200, help="lines taken from each data file")
    ap.add_argument("--vocab-size", type=int, default=8000)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks/results/laser_equivalence.json")
    args = ap.parse_args()

    t0 = time.time()
    texts = sentences(args.data, args.per_file)
    rows = []
    with tempfile.TemporaryDirectory(prefix="laser-eq-") as tmp:
        directory = Path(tmp)
        models = build(directory, texts, args.vocab_size)
        os.environ["LASER_MODEL_DIR"] = str(directory)
        texts_file = directory / "texts.txt"
        texts_file.write_text("\n".join(texts), encoding="utf-8")
        print(f"{len(texts)} sentences from {args.data}, checkpoints built in {time.time() - t0:.0f}s")
        for name, files in models.items():
            reference, tokens = official(args.reference_python, directory, files, texts_file, directory / "ref")
            rows.append(compare(name, directory, texts, reference, tokens))

    print("\n| encoder | sentences | dim | min cosine | mean cosine | below 0.9999 | same pieces | worst sentence |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['encoder']} | {r['sentences']} | {r['dim']} | {r['min_cosine']:.7f} | {r['mean_cosine']:.7f} | "
              f"{r['below_0.9999']} | {r['same_pieces']} | {r['worst_sentence']!r} |")
    passed = all(r["below_0.9999"] == 0 for r in rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"passed": passed, "results": rows}, indent=2, ensure_ascii=False) + "\n")
    print(f"\n{'PASS' if passed else 'FAIL'}: every cosine >= 0.9999; wrote {args.out} ({time.time() - t0:.0f}s)")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
