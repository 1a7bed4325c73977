"""`Node`: one call of a layer on symbolic tensors, an edge of the layer graph."""

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.utils import tree


class Node:
    """Records `layer(*call_args, **call_kwargs) -> outputs` on KerasTensors.

    Creating a node stamps each output KerasTensor with
    `_keras_history = (layer, node_index, tensor_index)` so a model can walk
    back from its outputs to its inputs.

    Args:
        layer: The called layer.
        call_args: The positional arguments of the call (with KerasTensors).
        call_kwargs: The keyword arguments of the call.
        outputs: The symbolic output structure.
    """

    def __init__(self, layer, call_args=(), call_kwargs=None, outputs=None):
        self.layer = layer
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        self.outputs = outputs
        # The `training` value the user passed explicitly in the symbolic call
        # (Keras's Monte Carlo dropout idiom), as opposed to a resolved default.
        self.explicit_training = None
        self.flat_outputs = tree.flatten(outputs) if outputs is not None else []
        self.flat_inputs = [
            x for x in tree.flatten((self.call_args, self.call_kwargs))
            if isinstance(x, KerasTensor)
        ]
        node_index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for tensor_index, tensor in enumerate(self.flat_outputs):
            tensor._keras_history = (layer, node_index, tensor_index)

    @property
    def parent_nodes(self) -> list:
        """The nodes that produced this node's inputs."""
        parents = []
        for x in self.flat_inputs:
            history = x._keras_history
            if history is not None:
                layer, node_index, _ = history
                parents.append(layer._inbound_nodes[node_index])
        return parents

    @property
    def input_tensors(self):
        """The first call argument (the layer's input)."""
        return self.call_args[0] if self.call_args else None

    @property
    def output_tensors(self):
        """The symbolic outputs."""
        return self.outputs

    @property
    def is_input(self) -> bool:
        """Whether this node is an `InputLayer`'s (it has no inputs)."""
        return not self.flat_inputs
