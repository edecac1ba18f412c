"""A small builder of ONNX graphs on the `onnx` package, for onnxruntime to run.

`Graph` collects inputs, outputs, constants and nodes under short generated names and
serializes the model with `onnx.helper`. Importing `onnx` costs about a second and 20 MB, so
only the first use imports this module: `muse` keeps the bytes in the user's cache
(`onnx_cache`) and later starts read them back.
"""

import numpy as np
from onnx import helper, numpy_helper

IR_VERSION = 8          # what onnxruntime has read since 1.10; the package's own default is newer
OPSET = 17


def elem_type(dtype) -> int:
    return helper.np_dtype_to_tensor_dtype(np.dtype(dtype))


class Graph:
    """Nodes, constants and inputs/outputs of one graph; `model()` is the serialized ModelProto."""

    def __init__(self):
        self.nodes, self.constants, self.inputs, self.outputs = [], [], [], []
        self._names = 0

    def input(self, name: str, dtype, shape: tuple) -> str:
        """A graph input; a str in `shape` is a dimension known only at run time."""
        self.inputs.append(helper.make_tensor_value_info(name, elem_type(dtype), shape))
        return name

    def output(self, name: str, dtype, shape: tuple) -> None:
        self.outputs.append(helper.make_tensor_value_info(name, elem_type(dtype), shape))

    def const(self, array, dtype=np.float32) -> str:
        name = self._name()
        self.constants.append(numpy_helper.from_array(np.asarray(array, dtype=dtype), name))
        return name

    def op(self, op_type: str, *inputs: str, out: str | None = None, domain: str = "", **attributes) -> str:
        """A node; `domain` "com.microsoft" for onnxruntime's own operators; "" for an omitted optional input."""
        out = out or self._name()
        self.nodes.append(helper.make_node(op_type, list(inputs), [out], domain=domain, **attributes))
        return out

    def model(self) -> bytes:
        graph = helper.make_graph(self.nodes, "g", self.inputs, self.outputs, initializer=self.constants)
        opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)]
        return helper.make_model(graph, opset_imports=opsets, ir_version=IR_VERSION).SerializeToString()

    def _name(self) -> str:
        self._names += 1
        return f"v{self._names}"

