"""The toy `hashing` encoder: deterministic in every process, normalised, and no model to load."""

import json
import os
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest

from pipeline.encoders import canonical_encoder_name, encoder_slug, get_encoder
from pipeline.encoders.base import BLANK, TRUNCATED
from pipeline.encoders.hashing import DIM, HashingEncoder
from tests.conftest import REPO

TEXTS = ["The train to the airport leaves every twenty minutes.",
         "Le train pour l'aéroport part toutes les vingt minutes.",
         "Ma sœur cultive des tomates dans son jardin.",
         "東京は日本の首都です。"]

# Run in a fresh interpreter with a different hash seed: Python's own hash() would differ there.
CHILD = """
import json, sys
from pipeline.encoders.hashing import HashingEncoder
print(json.dumps(HashingEncoder().encode(json.loads(sys.stdin.read())).tolist()))
"""


@pytest.fixture(scope="module")
def encoder():
    return HashingEncoder(device="cpu")


def test_same_vectors_in_another_process(encoder):
    child = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(TEXTS), capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": "12345"}, cwd=REPO)
    assert np.array_equal(np.asarray(json.loads(child.stdout), dtype=np.float32), encoder.encode(TEXTS))


def test_rows_are_float32_unit_vectors_in_input_order(encoder):
    vectors = encoder.encode(TEXTS, batch_size=3)
    assert vectors.shape == (len(TEXTS), DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert np.array_equal(vectors, np.concatenate([encoder.encode([t]) for t in TEXTS]))


def test_blank_texts_are_zero_rows_and_counted(encoder):
    counts = Counter()
    vectors = encoder.encode(["", "  \t", TEXTS[0], "x" * 5000], counts=counts)
    assert not vectors[:2].any() and np.allclose(np.linalg.norm(vectors[2:], axis=1), 1.0, atol=1e-6)
    assert counts[BLANK] == 2 and counts[TRUNCATED] == 1
    assert encoder.encode([]).shape == (0, DIM)


def test_near_identical_texts_are_closer_than_unrelated_ones(encoder):
    a, b, c = encoder.encode(["The museum is closed on Mondays.", "the museum is closed on mondays",
                              "Quantum computers may one day break today's encryption."])
    assert a @ b > 0.9 and a @ b > a @ c + 0.3


def test_registered_under_its_name():
    assert canonical_encoder_name("hashing") == encoder_slug("hashing") == "hashing"
    encoder = get_encoder("hashing", "cpu")
    assert isinstance(encoder, HashingEncoder) and encoder.name == "hashing"
    assert np.allclose(encoder.encode(TEXTS), HashingEncoder().encode(TEXTS))


def test_imports_no_torch():
    code = "import sys, pipeline.encoders.hashing; print('torch' in sys.modules)"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert child.stdout.strip() == "False"
