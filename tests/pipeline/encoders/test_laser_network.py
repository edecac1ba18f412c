"""LASER2 and LASER3 embeddings against plain torch computed one sentence at a time from the same files.

The references run each sentence alone (no padding, no packing, no batching) through torch's
own nn.LSTM and nn.TransformerEncoderLayer loaded with the checkpoint's weights, so batching,
padding masks, positions, pooling and the weight mapping are all checked. The preprocessing is
checked against what the Moses rules and LASER's tokenizer say.
"""

import argparse
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import sentencepiece as spm
import torch
from torch import nn

from pipeline.encoders.base import BLANK, TRUNCATED
from pipeline.encoders.laser import LaserEncoder
from pipeline.encoders.laser_text import LaserPreprocessor

from .laser_models import laser3_config, train_spm, write_laser2, write_laser3

ROWS = [line.split("\t") for line in (Path(__file__).parent / "data" / "muse_languages.tsv").read_text().splitlines()]
TEXTS = [text for _, text in ROWS]
ASCII = ["the cat sat on the mat", "a b", "good morning to you all my friends", "x", "the train leaves at nine"]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    directory = tmp_path_factory.mktemp("laser")
    pieces = train_spm(directory / "laser2.spm", TEXTS * 3 + ASCII, vocab_size=300)
    write_laser2(directory / "laser2.pt", pieces, embed_dim=12, hidden_size=10, num_layers=3)
    return directory, pieces


def use_dir(monkeypatch, directory: Path) -> None:
    monkeypatch.setenv("LASER_MODEL_DIR", str(directory))


def reference_ids(directory: Path, text: str, vocabulary: dict, bos: bool = False) -> list[int]:
    """Plain lowercase ASCII needs no normalisation: LASER's ids are the spm pieces of the lowercased text."""
    pieces = spm.SentencePieceProcessor(model_file=str(directory / "laser2.spm")).encode(text.lower(), out_type=str)
    return [0] * bos + [vocabulary.get(p, 3) for p in pieces] + [2]


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_laser2_equals_a_plain_lstm_run_one_sentence_at_a_time(models, monkeypatch):
    directory, _ = models
    use_dir(monkeypatch, directory)
    state = torch.load(directory / "laser2.pt", weights_only=True)
    params = state["params"]
    lstm = nn.LSTM(params["embed_dim"], params["hidden_size"], params["num_layers"], bidirectional=True)
    lstm.load_state_dict({k.removeprefix("lstm."): v for k, v in state["model"].items() if k.startswith("lstm.")})
    expected = []
    with torch.no_grad():
        for text in ASCII:
            ids = torch.tensor(reference_ids(directory, text, state["dictionary"]))
            out, _ = lstm(state["model"]["embed_tokens.weight"][ids].unsqueeze(1))
            expected.append(out[:, 0].max(dim=0).values.numpy())
    got = LaserEncoder(device="cpu").encode(ASCII, batch_size=3)    # padded, packed batches of mixed lengths
    assert got.shape == (len(ASCII), 2 * params["hidden_size"])
    cosines = (got * unit(np.array(expected))).sum(axis=1)
    assert cosines.min() > 0.99999, cosines


def sinusoids(length: int, dim: int) -> torch.Tensor:
    """Positions 2.. (fairseq counts from padding index + 1): sin in the first half of the dims, cos in the second."""
    half = dim // 2
    rates = [10000 ** (-i / (half - 1)) for i in range(half)]
    return torch.tensor([[math.sin(p * r) for r in rates] + [math.cos(p * r) for r in rates]
                         for p in range(2, 2 + length)])


# fairseq's names -> torch's nn.TransformerEncoderLayer names (q, k and v projections are one matrix there)
TORCH_NAMES = {"self_attn.out_proj": "self_attn.out_proj", "fc1": "linear1", "fc2": "linear2",
               "self_attn_layer_norm": "norm1", "final_layer_norm": "norm2"}


def torch_transformer(weights: dict, cfg, i: int) -> nn.TransformerEncoderLayer:
    layer = nn.TransformerEncoderLayer(cfg.encoder_embed_dim, cfg.encoder_attention_heads, cfg.encoder_ffn_embed_dim,
                                       dropout=0.0, activation=cfg.activation_fn,
                                       norm_first=cfg.encoder_normalize_before)
    w = {k.removeprefix(f"layers.{i}."): v for k, v in weights.items() if k.startswith(f"layers.{i}.")}
    state = {f"{new}.{kind}": w[f"{old}.{kind}"] for old, new in TORCH_NAMES.items() for kind in ("weight", "bias")}
    for kind in ("weight", "bias"):
        state[f"self_attn.in_proj_{kind}"] = torch.cat([w[f"self_attn.{p}_proj.{kind}"] for p in "qkv"])
    layer.load_state_dict(state)
    return layer.eval()


def layer_norm(x: torch.Tensor, weights: dict, name: str) -> torch.Tensor:
    return nn.functional.layer_norm(x, (x.shape[-1],), weights[f"{name}.weight"], weights[f"{name}.bias"])


@pytest.mark.parametrize("cfg", [
    laser3_config(),                                                     # post-norm, relu, max-pooling
    laser3_config(encoder_normalize_before=True, activation_fn="gelu", embed_dim=20, heads=5),
    laser3_config(sentemb_criterion="cls", prepend_bos=True, encoder_learned_pos=True, layernorm_embedding=True),
], ids=["post-norm", "pre-norm-gelu", "cls-learned-positions"])
def test_laser3_equals_torch_transformer_layers_run_one_sentence_at_a_time(models, monkeypatch, tmp_path, cfg):
    directory, pieces = models
    for name in ("laser2.spm",):
        (tmp_path / name).write_bytes((directory / name).read_bytes())
    write_laser3(tmp_path / "laser3-wol_Latn.v1.pt", tmp_path / "laser2.cvocab", pieces, cfg, seed=3)
    use_dir(monkeypatch, tmp_path)
    with torch.serialization.safe_globals([argparse.Namespace]):
        weights = torch.load(tmp_path / "laser3-wol_Latn.v1.pt", weights_only=True)["model"]
    vocabulary = {p: 4 + i for i, p in enumerate(pieces)}
    layers = [torch_transformer(weights, cfg, i) for i in range(cfg.encoder_layers)]
    expected = []
    with torch.no_grad():
        for text in ASCII:
            ids = torch.tensor(reference_ids(tmp_path, text, vocabulary, bos=cfg.prepend_bos))
            x = weights["embed_tokens.weight"][ids] * math.sqrt(cfg.encoder_embed_dim)
            if cfg.encoder_learned_pos:
                x = x + weights["embed_positions.weight"][2:2 + len(ids)]
            else:
                x = x + sinusoids(len(ids), cfg.encoder_embed_dim)
            if cfg.layernorm_embedding:
                x = layer_norm(x, weights, "layernorm_embedding")
            x = x.unsqueeze(1)
            for layer in layers:
                x = layer(x)
            if cfg.encoder_normalize_before:
                x = layer_norm(x, weights, "layer_norm")
            expected.append((x[0, 0] if cfg.sentemb_criterion == "cls" else x[:, 0].max(dim=0).values).numpy())
    got = LaserEncoder("wol_Latn", device="cpu").encode(ASCII, batch_size=3)
    assert got.shape == (len(ASCII), cfg.encoder_embed_dim)
    cosines = (got * unit(np.array(expected))).sum(axis=1)
    assert cosines.min() > 0.99999, cosines


def test_batch_size_and_order_do_not_change_embeddings_of_real_text(models, monkeypatch):
    use_dir(monkeypatch, models[0])
    encoder = LaserEncoder(device="cpu")
    one_by_one = encoder.encode(TEXTS, batch_size=1)
    assert np.allclose(encoder.encode(TEXTS, batch_size=64), one_by_one, atol=1e-5)
    assert np.allclose(encoder.encode(TEXTS[::-1], batch_size=5)[::-1], one_by_one, atol=1e-5)
    assert len({v.tobytes() for v in one_by_one}) == len(set(TEXTS))


def test_blank_texts_are_zero_rows_and_long_ones_truncated_and_counted(models, monkeypatch):
    use_dir(monkeypatch, models[0])
    counts = Counter()
    long = "the cat sat on the mat. " * 400
    vectors = LaserEncoder(device="cpu").encode(["", " \t", long, "the cat sat on the mat."], counts=counts)
    assert counts == {BLANK: 2, TRUNCATED: 1}
    assert not vectors[:2].any() and np.allclose(np.linalg.norm(vectors[2:], axis=1), 1.0, atol=1e-5)


def test_preprocessing_follows_laser_control_characters_moses_punctuation_lowercase(models):
    pre = LaserPreprocessor(models[0] / "laser2.spm")
    assert pre.normalize("Bell\x07Tab\u200bZero") == "bell tab zero"           # category C -> space
    assert pre.normalize("«Oui»  dit-il…") == '"oui" dit-il...'                # French quotes, runs of spaces
    assert pre.normalize("‘single’ and ‚low‘") == '"single" and "low"'         # Moses 4.0 quotes, as LASER
    assert pre.normalize("ＡＢＣ！ 1,5 km") == "ａｂｃ！ 1,5 km"   # LASER leaves Moses' unicode-punct step off
    assert pre.pieces("HELLO World") == pre.pieces("hello world")
    assert all(" " not in p for p in pre.pieces("Le  train   part."))
