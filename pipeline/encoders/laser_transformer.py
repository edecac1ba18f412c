"""The LASER3 encoders' network: fairseq's transformer encoder at inference, then LASER's pooling.

Scaled token embeddings plus positions (sinusoidal, or learned), optionally a layer norm on
them, padded rows zeroed, post- or pre-norm self-attention layers, an optional final layer
norm, then max-pooling over the non-padded positions (or the `<s>` position with the `cls`
criterion). Module names match fairseq's, so a checkpoint's weights load as they are.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

from pipeline.errors import BitextError

ACTIVATIONS = {
    "relu": F.relu,
    "gelu": lambda x: F.gelu(x.float()).type_as(x),
    "gelu_accurate": lambda x: F.gelu(x.float(), approximate="tanh").type_as(x),
    "tanh": torch.tanh,
    "linear": lambda x: x,
}
# fairseq's defaults for hyperparameters a checkpoint may leave out
DEFAULTS = {"encoder_normalize_before": False, "activation_fn": "relu", "no_scale_embedding": False,
            "encoder_learned_pos": False, "no_token_positional_embeddings": False, "layernorm_embedding": False,
            "max_source_positions": 1024, "sentemb_criterion": "maxpool"}
REQUIRED = ("encoder_embed_dim", "encoder_ffn_embed_dim", "encoder_layers", "encoder_attention_heads")
NOT_WEIGHTS = ("version", "_float_tensor")    # fairseq's format counters and dtype markers


def settings(config: dict, path) -> dict:
    """The hyperparameters used, fairseq's defaults filled in; unknown activations are an error naming the file."""
    missing = [k for k in REQUIRED if k not in config]
    if missing:
        raise BitextError(f"{path}: not a LASER checkpoint: its cfg.model lacks {', '.join(missing)}")
    cfg = {**DEFAULTS, **{k: v for k, v in config.items() if v is not None}}
    if cfg["activation_fn"] not in ACTIVATIONS:
        raise BitextError(f"{path}: activation {cfg['activation_fn']!r} is not supported "
                          f"(supported: {', '.join(ACTIVATIONS)})")
    return cfg


def sinusoidal_table(rows: int, dim: int, padding_idx: int) -> torch.Tensor:
    """fairseq's sinusoidal positions: sines then cosines of geometric frequencies; the padding row is zero."""
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float) * -(math.log(10000) / (half - 1)))
    angles = torch.arange(rows, dtype=torch.float).unsqueeze(1) * freq.unsqueeze(0)
    table = torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)
    if dim % 2:
        table = torch.cat([table, torch.zeros(rows, 1)], dim=1)
    table[padding_idx] = 0
    return table


def positions(tokens: torch.Tensor, padding_idx: int) -> torch.Tensor:
    """Each token's position counted from padding_idx + 1; padding keeps padding_idx (fairseq make_positions)."""
    real = tokens.ne(padding_idx).long()
    return torch.cumsum(real, dim=1) * real + padding_idx


class SelfAttention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.k_proj, self.v_proj, self.q_proj, self.out_proj = (nn.Linear(dim, dim) for _ in range(4))

    def forward(self, x: torch.Tensor, keep: torch.Tensor | None) -> torch.Tensor:
        """x: time x batch x dim; keep: batch x 1 x 1 x time, True where a key is a real token."""
        time, batch, dim = x.shape

        def heads(y):
            return y.view(time, batch, self.heads, dim // self.heads).permute(1, 2, 0, 3)

        out = F.scaled_dot_product_attention(heads(self.q_proj(x)), heads(self.k_proj(x)), heads(self.v_proj(x)),
                                             attn_mask=keep)
        return self.out_proj(out.permute(2, 0, 1, 3).reshape(time, batch, dim))


class EncoderLayer(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        dim = cfg["encoder_embed_dim"]
        self.pre_norm = bool(cfg["encoder_normalize_before"])
        self.activation = ACTIVATIONS[cfg["activation_fn"]]
        self.self_attn = SelfAttention(dim, cfg["encoder_attention_heads"])
        self.self_attn_layer_norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, cfg["encoder_ffn_embed_dim"])
        self.fc2 = nn.Linear(cfg["encoder_ffn_embed_dim"], dim)
        self.final_layer_norm = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor, keep: torch.Tensor | None) -> torch.Tensor:
        x = self._residual(x, self.self_attn_layer_norm, lambda y: self.self_attn(y, keep))
        return self._residual(x, self.final_layer_norm, lambda y: self.fc2(self.activation(self.fc1(y))))

    def _residual(self, x, norm, block):
        if self.pre_norm:
            return x + block(norm(x))
        return norm(x + block(x))


class LaserTransformer(nn.Module):
    def __init__(self, cfg: dict, num_embeddings: int, weights: dict, padding_idx: int = 1, bos_idx: int = 0):
        super().__init__()
        dim = cfg["encoder_embed_dim"]
        self.padding_idx, self.bos_idx = padding_idx, bos_idx
        self.cls = cfg["sentemb_criterion"] == "cls"
        self.embed_scale = 1.0 if cfg["no_scale_embedding"] else math.sqrt(dim)
        self.embed_tokens = nn.Embedding(num_embeddings, dim, padding_idx=padding_idx)
        self.max_positions = cfg["max_source_positions"]
        rows = self.max_positions + padding_idx + 1
        if cfg["no_token_positional_embeddings"]:
            self.embed_positions = None
        elif cfg["encoder_learned_pos"] or "embed_positions.weight" in weights:
            self.embed_positions = nn.Embedding(rows, dim, padding_idx=padding_idx)
        else:
            self.register_buffer("sinusoidal", sinusoidal_table(rows, dim, padding_idx), persistent=False)
            self.embed_positions = None
        self.layernorm_embedding = nn.LayerNorm(dim) if "layernorm_embedding.weight" in weights else None
        self.layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg["encoder_layers"]))
        self.layer_norm = nn.LayerNorm(dim) if "layer_norm.weight" in weights else None
        self.output_dim = dim

    def load_weights(self, weights: dict) -> None:
        self.load_state_dict({k: v for k, v in weights.items() if not k.endswith(NOT_WEIGHTS)})

    def _embed(self, tokens: torch.Tensor) -> torch.Tensor:
        x = self.embed_scale * self.embed_tokens(tokens)
        where = positions(tokens, self.padding_idx)
        if self.embed_positions is not None:
            x = x + self.embed_positions(where)
        elif hasattr(self, "sinusoidal"):
            x = x + self.sinusoidal[where].to(x.dtype)
        if self.layernorm_embedding is not None:
            x = self.layernorm_embedding(x)
        return x

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """(batch, time) token ids, padded with padding_idx on either side -> (batch, dim) sentence vectors."""
        padding = tokens.eq(self.padding_idx)
        has_pads = bool(padding.any())
        x = self._embed(tokens)
        if has_pads:
            x = x * (1 - padding.unsqueeze(-1).type_as(x))
        x = x.transpose(0, 1)                                             # time x batch x dim
        keep = ~padding[:, None, None, :] if has_pads else None
        for layer in self.layers:
            x = layer(x, keep)
        if self.layer_norm is not None:
            x = self.layer_norm(x)
        if self.cls:
            first_bos = tokens.eq(self.bos_idx).int().argmax(dim=1)
            return x[first_bos, torch.arange(x.shape[1], device=x.device)]
        if has_pads:
            x = x.float().masked_fill(padding.t().unsqueeze(-1), float("-inf")).type_as(x)
        return x.max(dim=0).values
