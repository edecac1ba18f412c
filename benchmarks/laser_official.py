"""Embed sentences with the official `laser_encoders` package: the reference side of laser_equivalence.py.

Runs in a separate environment that has laser_encoders and a fairseq (not the project's own
dependencies; see laser_equivalence.py for how it is built):

    REFERENCE_PYTHON benchmarks/laser_official.py MODEL.pt SPM CVOCAB TEXTS.txt OUT_PREFIX

Writes OUT_PREFIX.npy (one raw, unnormalised row per line of TEXTS.txt) and OUT_PREFIX.tok.txt
(LaserTokenizer's output per line), with the package's own classes and defaults.
"""

import argparse
import sys
from importlib.metadata import version
from pathlib import Path

import fairseq
import numpy as np
import torch
from laser_encoders.laser_tokenizer import LaserTokenizer
from laser_encoders.models import SentenceEncoder


def main() -> None:
    model, spm, cvocab, texts, out = sys.argv[1:6]
    lines = Path(texts).read_text(encoding="utf-8").split("\n")
    tokenizer = LaserTokenizer(spm_model=Path(spm))
    tokenized = [tokenizer.tokenize(line) for line in lines]
    # torch >= 2.6 loads with weights_only=True by default; LASER3 configs are argparse.Namespace objects
    with torch.serialization.safe_globals([argparse.Namespace]):
        encoder = SentenceEncoder(model, spm_vocab=cvocab, max_sentences=64, cpu=True)
    vectors = encoder.encode_sentences(tokenized)
    np.save(f"{out}.npy", vectors.astype(np.float32))
    Path(f"{out}.tok.txt").write_text("\n".join(tokenized), encoding="utf-8")
    print(f"laser_encoders {version('laser_encoders')}, fairseq {fairseq.__version__}, torch {torch.__version__}")


if __name__ == "__main__":
    main()
