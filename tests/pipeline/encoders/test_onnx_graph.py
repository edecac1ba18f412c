"""`onnx_graph`'s graphs run in onnxruntime and compute what numpy does; `onnx_cache` keeps them and rebuilds
damaged files."""

import numpy as np
import onnxruntime as ort
import pytest
from onnxruntime.capi.onnxruntime_pybind11_state import InvalidProtobuf

from pipeline.encoders.muse_onnx import ZERO_POINT, gather_rows, quantized_columns, session
from pipeline.encoders.onnx_cache import DIGEST, cached_model, model_key
from pipeline.encoders.onnx_graph import Graph


def run(graph: Graph, **feed) -> np.ndarray:
    return session(graph.model()).run(None, feed)[0]


def test_a_float_graph_with_constants_attributes_and_dynamic_shapes_equals_numpy():
    rng = np.random.default_rng(0)
    w, b = rng.standard_normal((6, 4), dtype=np.float32), rng.standard_normal(4, dtype=np.float32)
    g = Graph()
    x = g.input("x", np.float32, ("n", 6))
    y = g.op("Add", g.op("MatMul", x, g.const(w)), g.const(b))
    y = g.op("LayerNormalization", y, g.const(np.ones(4)), g.const(np.zeros(4)), axis=-1, epsilon=1e-6)
    g.op("ReduceMax", g.op("Relu", y), axes=[1], keepdims=1, out="out")
    g.output("out", np.float32, ("n", 1))
    for rows in (1, 5):
        a = rng.standard_normal((rows, 6), dtype=np.float32)
        z = a @ w + b
        z = (z - z.mean(1, keepdims=True)) / np.sqrt(z.var(1, keepdims=True) + 1e-6)
        assert np.allclose(run(g, x=a), np.maximum(z, 0).max(1, keepdims=True), atol=1e-5)


def test_an_int8_product_with_a_zero_point_and_int64_gather_equals_numpy():
    """Exact even at the extremes (rows of 255 against a column at the largest weight), which on a CPU with AVX2
    but no VNNI is what the 7-bit weights are for: 8-bit ones saturate MLAS's 16-bit pair sums there."""
    rng = np.random.default_rng(1)
    columns = rng.standard_normal((8, 3), dtype=np.float32)
    columns[:, 0] = 1.0                                   # every weight of column 0 at the largest value
    weights, scale = quantized_columns(columns)
    g = Graph()
    q = g.input("q", np.uint8, ("n", 8))
    rows = g.input("rows", np.int64, ("m",))
    products = g.op("MatMulInteger", q, g.const(weights, np.int8), g.const(ZERO_POINT, np.uint8))
    g.op("Gather", products, rows, axis=0, out="out")
    g.output("out", np.int32, ("m", 3))
    a = rng.integers(0, 256, (4, 8), dtype=np.uint8)
    a[0], a[1] = 255, 0
    picked = np.array([3, 0, 1, 3])
    assert np.array_equal(run(g, q=a, rows=picked), ((a.astype(np.int32) - ZERO_POINT) @ weights)[picked])
    assert np.abs(weights).max() == 63 and np.allclose(weights * scale, weights.astype(np.float32) * scale)


def test_quantized_columns_keep_each_column_within_half_a_step():
    w = np.array([[1.0, -0.001], [-0.5, 0.002], [0.25, 0.0]], dtype=np.float32)
    q, scale = quantized_columns(w)
    assert q.dtype == np.int8 and np.all(np.abs(q * scale - w) <= scale / 2 + 1e-9)
    assert quantized_columns(np.zeros((2, 2), np.float32))[1].min() > 0   # an all-zero column: no division by 0


def test_gather_rows_point_each_window_slot_at_its_token_and_outside_at_the_zero_row():
    # two sentences of 2 and 1 tokens; t = 3 is "outside"; a width-2 window starting at the token itself
    pos = np.array([[0, 1], [1, 3], [2, 3]])
    assert gather_rows(pos, 2, 0).tolist() == [[0, 3], [2, 7], [4, 7]]


def test_a_session_runs_on_the_cpu_and_refuses_bytes_that_are_not_a_model():
    g = Graph()
    g.op("Relu", g.input("x", np.float32, ("n",)), out="y")
    g.output("y", np.float32, ("n",))
    s = session(g.model())
    assert isinstance(s, ort.InferenceSession) and s.get_providers() == ["CPUExecutionProvider"]
    with pytest.raises(InvalidProtobuf):   # bytes onnxruntime cannot read are refused, not silently run
        session(b"not a model")


def relu_model(calls: list) -> bytes:
    calls.append(1)
    g = Graph()
    g.op("Add", g.op("Relu", g.input("x", np.float32, ("n",))), g.const([1.0, 2.0]), out="y")
    g.output("y", np.float32, ("n",))
    return g.model()


def test_a_cached_model_is_built_once_rebuilt_when_damaged_and_keyed_by_its_weights_and_code(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    calls, x = [], np.array([-1.0, 3.0], np.float32)
    weights, code = [np.ones(2, np.float32)], [tmp_path / "builder.py"]
    code[0].write_text("v1")
    built = cached_model("m", lambda: relu_model(calls), model_key(weights, code))
    [path] = (tmp_path / "cache").glob("m-*.onnx")
    assert cached_model("m", lambda: relu_model(calls), model_key(weights, code)) == built and len(calls) == 1
    assert session(built).run(None, {"x": x})[0].tolist() == [1.0, 5.0]
    for damage in (lambda b: b[:-7], lambda b: b[:100] + bytes([b[100] ^ 1]) + b[101:], lambda b: b""):
        path.write_bytes(damage(path.read_bytes()))
        assert cached_model("m", lambda: relu_model(calls), model_key(weights, code)) == built
        assert path.read_bytes()[DIGEST:] == built      # the file is whole again
    assert len(calls) == 4
    cached_model("m", lambda: relu_model(calls), model_key([np.zeros(2, np.float32)], code))    # other weights
    code[0].write_text("v2")
    cached_model("m", lambda: relu_model(calls), model_key(weights, code))                      # changed code
    assert len(calls) == 6 and len(list((tmp_path / "cache").glob("m-*.onnx"))) == 1    # the newest replaces the rest
    assert not path.exists() and cached_model("m", lambda: relu_model(calls), model_key(weights, code)) == built
    assert len(calls) == 6


def test_a_cache_dir_that_cannot_be_written_builds_the_model_in_memory(tmp_path, monkeypatch):
    (tmp_path / "blocked").write_text("a file where the cache directory would be")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "blocked" / "bitext"))
    calls = []
    model = cached_model("m", lambda: relu_model(calls), model_key([], []))
    assert session(model).run(None, {"x": np.zeros(2, np.float32)})[0].tolist() == [1.0, 2.0]
    cached_model("m", lambda: relu_model(calls), model_key([], []))
    assert len(calls) == 2 and list(tmp_path.iterdir()) == [tmp_path / "blocked"]
