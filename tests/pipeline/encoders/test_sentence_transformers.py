"""The sentence-transformers backend with a tiny randomly initialised BERT built here."""

from pathlib import Path

import numpy as np
import pytest

from pipeline.encoders import get_encoder
from pipeline.errors import BitextError

VOCAB = (["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list("abcdefghijklmnopqrstuvwxyzäöüéèàçñ.,")
         + ["##" + c for c in "abcdefghijklmnopqrstuvwxyz"])


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    import torch
    from sentence_transformers import SentenceTransformer
    try:
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    root = tmp_path_factory.mktemp("tiny-st")
    (root / "vocab.txt").write_text("\n".join(VOCAB) + "\n")
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(VOCAB), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    BertModel(config).save_pretrained(root / "hf")
    BertTokenizerFast(vocab_file=str(root / "vocab.txt")).save_pretrained(root / "hf")
    model = SentenceTransformer(modules=[Transformer(str(root / "hf"), max_seq_length=48), Pooling(32, "mean")])
    model.save(str(root / "st"))
    return root / "st"


def test_tiny_model_loads_from_a_local_path_and_embeds(tiny_model):
    encoder = get_encoder(f"sentence-transformers:{tiny_model}", "cpu")
    vectors = encoder.encode(["hallo welt.", "bonjour le monde.", "hallo welt."], batch_size=2)
    assert vectors.shape == (3, 32) and encoder.dim == 32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[2], atol=1e-6)
    assert not np.allclose(vectors[0], vectors[1])


def test_missing_weights_fail_at_once_with_a_hint():
    with pytest.raises(BitextError, match="weights not found locally.*local directory"):
        get_encoder("sentence-transformers:bitext-tests/no-such-model").encode(["x"])


def test_missing_local_directory_is_named(tmp_path):
    with pytest.raises(BitextError, match="no such directory"):
        get_encoder(f"st:{tmp_path}/nothing").encode(["x"])


def test_one_off_mining_runs_on_the_sentence_transformers_backend(tiny_model, tmp_path):
    from bitext_cli import main
    from pipeline.schemas import PAIRS, read_table

    (tmp_path / "a.txt").write_text("hallo welt.\nguten morgen.\ndas ist gut.\n")
    (tmp_path / "b.txt").write_text("hello world.\ngood morning.\nthat is good.\n")
    main(["mine", "--src-lang", "de", "--src", str(tmp_path / "a.txt"), "--tgt-lang", "en",
          "--tgt", str(tmp_path / "b.txt"), "--out", str(tmp_path / "p.parquet"),
          "--encoder", f"st:{tiny_model}", "--threshold", "0", "--min-cosine", "-1", "--device", "cpu", "-k", "2"])
    table = read_table(tmp_path / "p.parquet", PAIRS)
    assert 1 <= table.num_rows <= 3
    assert set(table.column("src_text").to_pylist()) <= {"hallo welt.", "guten morgen.", "das ist gut."}


def test_e5_models_get_their_query_prefix(tiny_model, tmp_path):
    import shutil

    from pipeline.encoders.sentence_transformers import SentenceTransformerEncoder

    e5 = tmp_path / "multilingual-e5-tiny"
    shutil.copytree(tiny_model, e5)
    assert SentenceTransformerEncoder(str(e5), "cpu").prefix == "query: "
    assert SentenceTransformerEncoder(str(tiny_model), "cpu").prefix == ""
    with_prefix = SentenceTransformerEncoder(str(e5), "cpu").encode(["hallo welt."])
    plain = SentenceTransformerEncoder(str(tiny_model), "cpu")
    assert np.allclose(with_prefix, plain.encode(["query: hallo welt."]), atol=1e-5)
    assert not np.allclose(with_prefix, plain.encode(["hallo welt."]), atol=1e-3)


def test_long_texts_are_truncated_and_counted(tiny_model):
    from collections import Counter

    counts = Counter()
    vectors = get_encoder(f"st:{tiny_model}", "cpu").encode(["abc " * 200, "", "abc"], counts=counts)
    assert counts == {"truncated_to_model_max_length": 1, "blank_text_zero_vector": 1}
    assert np.isfinite(vectors).all() and not vectors[1].any()


def test_worker_pool_gives_the_same_embeddings(tiny_model, monkeypatch):
    """The one-process-per-GPU path, run with two CPU processes (no GPU here)."""
    from pipeline.encoders import sentence_transformers as st

    texts = ["hallo welt.", "bonjour le monde.", "das ist gut.", "guten morgen.", "x"]
    expected = st.SentenceTransformerEncoder(str(tiny_model), "cpu").encode(texts, batch_size=2)
    monkeypatch.setattr(st, "cuda_devices", lambda device: ["cpu", "cpu"])
    pooled = st.SentenceTransformerEncoder(str(tiny_model), "cpu")
    try:
        assert np.allclose(pooled.encode(texts, batch_size=2), expected, atol=1e-5)
    finally:
        pooled.close()
