"""LASER-format model directories with random weights, built from torch primitives (not from our loader).

`write_laser2` saves a BiLSTM checkpoint the way LASER2's `laser2.pt` is laid out (`params`,
`model`, `dictionary`); `write_laser3` a fairseq transformer checkpoint the way the LASER3
files are (`cfg.model` an argparse.Namespace, `model` under fairseq's parameter names) with
its `.cvocab`; `train_spm` a SentencePiece model on the given text. The benchmarks build
real-size models with the same functions.
"""

import argparse
import io
from pathlib import Path

import torch
from torch import nn

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]


def train_spm(path: Path, lines: list[str], vocab_size: int = 400) -> list[str]:
    """Writes a SentencePiece model trained on `lines` to `path`; returns its pieces (specials left out)."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size,
                                   character_coverage=1.0, hard_vocab_limit=False, num_threads=1,
                                   minloglevel=2)
    path.write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())
            if not (processor.is_control(i) or processor.is_unknown(i))]


def write_laser2(path: Path, pieces: list[str], embed_dim: int = 16, hidden_size: int = 12, num_layers: int = 2,
                 seed: int = 0, extra_rows: int = 0, legacy_format: bool = False) -> Path:
    """A LASER2-layout BiLSTM checkpoint: pieces take indices 4.., `extra_rows` unused rows pad the vocabulary."""
    torch.manual_seed(seed)
    rows = len(SPECIALS) + len(pieces) + extra_rows
    params = {"num_embeddings": rows, "padding_idx": 1, "embed_dim": embed_dim, "hidden_size": hidden_size,
              "num_layers": num_layers, "bidirectional": True, "left_pad": False, "padding_value": 0.0}
    lstm = nn.LSTM(embed_dim, hidden_size, num_layers=num_layers, bidirectional=True)
    embedding = torch.randn(rows, embed_dim)
    embedding[1] = 0
    weights = {"embed_tokens.weight": embedding, **{f"lstm.{k}": v for k, v in lstm.state_dict().items()}}
    dictionary = {p: len(SPECIALS) + i for i, p in enumerate(pieces)}
    torch.save({"params": params, "model": weights, "dictionary": dictionary}, path,
               _use_new_zipfile_serialization=not legacy_format)
    return path


def laser3_config(embed_dim: int = 16, ffn_dim: int = 24, layers: int = 2, heads: int = 4, **overrides):
    """The hyperparameters a LASER3 checkpoint's cfg.model holds (a subset of fairseq's transformer args)."""
    cfg = dict(encoder_embed_dim=embed_dim, encoder_ffn_embed_dim=ffn_dim, encoder_layers=layers,
               encoder_attention_heads=heads, encoder_normalize_before=False, activation_fn="relu",
               no_scale_embedding=False, encoder_learned_pos=False, no_token_positional_embeddings=False,
               layernorm_embedding=False, max_source_positions=512, sentemb_criterion="maxpool",
               prepend_bos=False, left_pad_source=True, dropout=0.1, arch="laser_transformer")
    return argparse.Namespace(**{**cfg, **overrides})


def write_laser3(path: Path, vocab_path: Path, pieces: list[str], cfg: argparse.Namespace, seed: int = 0) -> Path:
    """A LASER3-layout transformer checkpoint and its fairseq dictionary file (`piece count` lines).

    A pre-norm encoder (final layer norm) gets an embedding row for `<mask>`, which laser_encoders
    appends to the dictionary of such encoders."""
    torch.manual_seed(seed)
    vocab_path.write_text("".join(f"{p} {1000 - i}\n" for i, p in enumerate(pieces)), encoding="utf-8")
    dim, ffn = cfg.encoder_embed_dim, cfg.encoder_ffn_embed_dim
    rows = len(SPECIALS) + len(pieces) + bool(cfg.encoder_normalize_before)
    embedding = torch.randn(rows, dim) * dim ** -0.5
    embedding[1] = 0
    weights = {"embed_tokens.weight": embedding, "embed_positions._float_tensor": torch.zeros(1),
               "version": torch.tensor([3.0])}
    for i in range(cfg.encoder_layers):
        shapes = {**{f"self_attn.{p}_proj": (dim, dim) for p in ("k", "v", "q", "out")},
                  "fc1": (dim, ffn), "fc2": (ffn, dim)}
        for name, (n_in, n_out) in shapes.items():
            linear = nn.Linear(n_in, n_out)
            weights[f"layers.{i}.{name}.weight"] = linear.weight.data
            weights[f"layers.{i}.{name}.bias"] = linear.bias.data
        for norm in ("self_attn_layer_norm", "final_layer_norm"):
            _random_norm(weights, f"layers.{i}.{norm}", dim)
    if cfg.encoder_normalize_before:
        _random_norm(weights, "layer_norm", dim)
    if cfg.layernorm_embedding:
        _random_norm(weights, "layernorm_embedding", dim)
    if cfg.encoder_learned_pos:
        weights["embed_positions.weight"] = torch.randn(cfg.max_source_positions + 2, dim) * 0.5
        weights["embed_positions.weight"][1] = 0
        del weights["embed_positions._float_tensor"]
    torch.save({"cfg": {"model": cfg, "task": None}, "model": weights, "args": None}, path)
    return path


def _random_norm(weights: dict, name: str, dim: int) -> None:
    weights[f"{name}.weight"] = 1 + 0.3 * torch.randn(dim)
    weights[f"{name}.bias"] = 0.1 * torch.randn(dim)


def model_dir(directory: Path, lines: list[str], laser3_langs: tuple[str, ...] = (), vocab_size: int = 400) -> Path:
    """LASER_MODEL_DIR with laser2.pt/.spm/.cvocab and `laser3-LANG.v1.pt` for each of `laser3_langs`."""
    directory.mkdir(parents=True, exist_ok=True)
    pieces = train_spm(directory / "laser2.spm", lines, vocab_size)
    write_laser2(directory / "laser2.pt", pieces)
    vocab = directory / "laser2.cvocab"
    for seed, lang in enumerate(laser3_langs, 1):
        write_laser3(directory / f"laser3-{lang}.v1.pt", vocab, pieces, laser3_config(), seed=seed)
    if not laser3_langs:
        vocab.write_text("".join(f"{p} 1\n" for p in pieces), encoding="utf-8")
    return directory
