"""LASER2's network: token embeddings, a (bi)LSTM stack, max-pooling over time.

The same computation as `LaserLstmEncoder` in laser_encoders (itself fairseq's LSTM encoder
cut down to inference): packed sequences so padding never enters the recurrence, padded
positions set to -inf before the max. Parameter names match the checkpoint's, so its weights
load as they are.
"""

import torch
from torch import nn


class LaserLstm(nn.Module):
    def __init__(self, num_embeddings: int, padding_idx: int, embed_dim: int = 320, hidden_size: int = 512,
                 num_layers: int = 1, bidirectional: bool = False, left_pad: bool = True, padding_value: float = 0.0):
        super().__init__()
        # left_pad is stored in LASER2's params but not used at inference (sequences are packed)
        self.padding_idx = padding_idx
        self.padding_value = padding_value
        self.embed_tokens = nn.Embedding(num_embeddings, embed_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(input_size=embed_dim, hidden_size=hidden_size, num_layers=num_layers,
                            bidirectional=bidirectional)
        self.output_dim = hidden_size * (2 if bidirectional else 1)

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """(batch, time) right-padded token ids and their lengths -> (batch, output_dim) sentence vectors."""
        x = self.embed_tokens(tokens).transpose(0, 1)                      # time x batch x embed
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), enforce_sorted=False)
        out, _ = self.lstm(packed)                                         # zero initial states, as LASER
        out, _ = nn.utils.rnn.pad_packed_sequence(out, padding_value=self.padding_value,
                                                  total_length=tokens.shape[1])
        padding = tokens.eq(self.padding_idx).t().unsqueeze(-1)
        if padding.any():
            out = out.float().masked_fill(padding, float("-inf")).type_as(out)
        return out.max(dim=0).values
