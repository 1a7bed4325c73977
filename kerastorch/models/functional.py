"""`Functional`: a model defined by a graph of layer calls on `KerasTensor`s.

`keras.Model(inputs, outputs)` returns one. The graph is ordered once, the
way Keras orders it (so `model.layers`, weights and `summary()` come in
Keras's order), and a call runs the layers in that order on real tensors.
"""

import collections

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.masking import set_keras_mask
from kerastorch.layers import call_context
from kerastorch.layers.core.input_layer import InputLayer
from kerastorch.models.model import Model
from kerastorch.utils import tree


# Not public in Keras either; the path is the one Keras writes in configs, so
# a nested functional model serializes (and reads back) as in Keras.
@keras_export("keras.src.models.functional.Functional")
class Functional(Model):
    """A model built from symbolic inputs and outputs.

    Args:
        inputs: A `KerasTensor` from `keras.Input`, or a list / dict of them.
        outputs: The KerasTensor(s) computed from `inputs`, as a single
            tensor, list or dict.
        name: Model name.
        trainable: Whether the model's weights are trained.

    Example:

    ```python
    inputs = kerastorch.Input(shape=(784,))
    x = kerastorch.layers.Dense(64, activation="relu")(inputs)
    outputs = kerastorch.layers.Dense(10)(x)
    model = kerastorch.Model(inputs, outputs)
    ```
    """

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        if isinstance(inputs, dict):
            for key, tensor in inputs.items():
                _check_keras_tensor(tensor, "inputs")
        inputs, outputs = _as_structure(inputs), _as_structure(outputs)
        for tensor in tree.flatten(inputs):
            _check_keras_tensor(tensor, "inputs")
        for tensor in tree.flatten(outputs):
            _check_keras_tensor(tensor, "outputs")
        self._inputs_struct, self._outputs_struct = _replay_from_intermediate_inputs(
            inputs, outputs)
        self.inputs = tree.flatten(self._inputs_struct)
        self.outputs = tree.flatten(self._outputs_struct)
        self._nodes, self._nodes_by_depth, ordered_layers = _map_graph(
            self.inputs, self.outputs)
        # A plain list (not a ModuleList): each layer is registered once, below.
        object.__setattr__(self, "_graph_layers", ordered_layers)
        for layer in ordered_layers:
            self.add_module(_module_name(layer, self), layer)
        self._plan = self._make_plan()
        self.built = True

    @property
    def layers(self) -> list:
        """The model's layers in graph order, input layers included.

        `keras.ops` nodes of the graph are not layers (they show in `summary()`
        and in the config, as in Keras).
        """
        return [layer for layer in self._graph_layers if not layer._is_operation]

    @property
    def input_names(self) -> list:
        """Names of the input layers."""
        return [t._keras_history[0].name for t in self.inputs]

    @property
    def output_names(self) -> list:
        """Names of the layers producing the outputs."""
        return [t._keras_history[0].name for t in self.outputs]

    @property
    def input_shape(self):
        """Shape(s) of the symbolic input(s)."""
        return tree.map_structure(lambda t: t.shape, _unwrap_single(self._inputs_struct))

    @property
    def output_shape(self):
        """Shape(s) of the symbolic output(s)."""
        return tree.map_structure(lambda t: t.shape, _unwrap_single(self._outputs_struct))

    @property
    def input(self):
        """The symbolic input structure."""
        return _unwrap_single(self._inputs_struct)

    @property
    def output(self):
        """The symbolic output structure."""
        return _unwrap_single(self._outputs_struct)

    def _make_plan(self):
        """Per node: the layer, its argument templates, and its output tensors.

        Tensors, not their ids, are stored: `copy.deepcopy(model)` and pickling
        copy them all consistently, ids would go stale.
        """
        plan = []
        input_ids = {id(t) for t in self.inputs}
        for node in self._nodes:
            if node.is_input or _produces_only(node, input_ids):
                continue
            # The recorded `training` value is the one of the symbolic call; at
            # run time each layer takes the model call's own flag instead, except
            # that a value the user gave explicitly holds when the model call has
            # no flag of its own (as in Keras).
            kwargs = {k: v for k, v in node.call_kwargs.items() if k != "training"}
            plan.append((node.layer, node.call_args, kwargs, node.flat_outputs,
                         node.explicit_training))
        return plan

    def call(self, inputs, training=None, mask=None):
        flat_inputs = self._flatten_inputs(inputs)
        values = {}
        flat_masks = tree.flatten(mask) if mask is not None else [None] * len(flat_inputs)
        for spec, value, input_mask in zip(self.inputs, flat_inputs, flat_masks):
            tensor = _to_input_tensor(value, spec, self)
            set_keras_mask(tensor, input_mask if input_mask is not None
                           else getattr(value, "_keras_mask", None))
            values[id(spec)] = tensor
        outer_flag = call_context.current_training() is not None
        for layer, call_args, call_kwargs, output_specs, explicit_training in self._plan:

            def fetch(x):
                return values[id(x)] if isinstance(x, KerasTensor) else x

            args = [tree.map_structure(fetch, a) for a in call_args]
            kwargs = {k: tree.map_structure(fetch, v) for k, v in call_kwargs.items()}
            if explicit_training is not None and not outer_flag:
                kwargs["training"] = explicit_training
            outputs = layer(*args, **kwargs)
            for spec, value in zip(output_specs, tree.flatten(outputs)):
                values[id(spec)] = value
        flat_outputs = [values[id(t)] for t in self.outputs]
        return _unwrap_single(tree.pack_sequence_as(self._outputs_struct, flat_outputs))

    def _flatten_inputs(self, inputs):
        struct = self._inputs_struct
        if isinstance(struct, dict):
            if not isinstance(inputs, dict):
                if isinstance(inputs, (list, tuple)) and len(inputs) == len(struct):
                    return list(inputs)
                raise ValueError(
                    f"Model '{self.name}' expects a dict of inputs with keys "
                    f"{sorted(struct)}, but received: {type(inputs).__name__}"
                )
            missing = [k for k in struct if k not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' is missing inputs {missing}; it expects "
                    f"keys {sorted(struct)} and received keys {sorted(inputs)}."
                )
            return [inputs[k] for k in sorted(struct)]
        if len(self.inputs) == 1:
            if isinstance(inputs, (list, tuple)) and len(inputs) == 1:
                return list(inputs)
            if isinstance(inputs, dict) and len(inputs) == 1:
                return list(inputs.values())
            return [inputs]
        if isinstance(inputs, dict):
            names = self.input_names
            if all(n in inputs for n in names):
                return [inputs[n] for n in names]
        flat = tree.flatten(inputs)
        if len(flat) != len(self.inputs):
            raise ValueError(
                f"Model '{self.name}' expects {len(self.inputs)} input(s), but it "
                f"received {len(flat)} input tensors."
            )
        return flat

    def get_config(self) -> dict:
        """Returns the graph description (layers and their connections)."""
        from kerastorch.models.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a functional model from `get_config()`."""
        from kerastorch.models.functional_config import functional_from_config

        return functional_from_config(cls, config, custom_objects=custom_objects)


def _as_structure(x):
    """The inputs / outputs structure as kept: dicts in sorted-key order, as Keras."""
    if isinstance(x, dict):
        return {key: x[key] for key in sorted(x)}
    return x


def _unwrap_single(struct):
    if isinstance(struct, (list, tuple)) and len(struct) == 1:
        return struct[0]
    return struct


def _check_keras_tensor(tensor, what):
    if not isinstance(tensor, KerasTensor):
        raise ValueError(
            f"All `{what}` values must be KerasTensors (from `keras.Input` or a "
            f"layer called on one). Received: {tensor} (of type {type(tensor).__name__})"
        )
    if tensor._keras_history is None:
        raise ValueError(f"The KerasTensor {tensor} was not produced by a layer.")


def _replay_from_intermediate_inputs(inputs, outputs):
    """Returns `(inputs, outputs)` with intermediate input tensors replaced by `Input`s.

    As in Keras, a model may start from tensors computed by layers (not only
    from `keras.Input`): each such tensor gets a new `InputLayer`, and the layer
    calls between the inputs and the outputs are replayed from them, so the
    new model owns a graph of its own.
    """
    from kerastorch.layers.core.input_layer import Input

    flat_inputs = tree.flatten(inputs)
    if all(_producing_node(t).is_input for t in flat_inputs):
        return inputs, outputs
    replaced = {}
    for tensor in flat_inputs:
        if _producing_node(tensor).is_input:
            replaced[id(tensor)] = tensor
        else:
            replaced[id(tensor)] = Input(batch_shape=tensor.shape, dtype=tensor.dtype)

    ordered, seen = [], set()

    def visit(tensor):
        node = _producing_node(tensor)
        if id(tensor) in replaced or node.is_input or id(node) in seen:
            return
        seen.add(id(node))
        for parent in node.flat_inputs:
            visit(parent)
        ordered.append(node)

    for tensor in tree.flatten(outputs):
        visit(tensor)

    def fetch(x):
        return replaced.get(id(x), x) if isinstance(x, KerasTensor) else x

    for node in ordered:
        args = [tree.map_structure(fetch, a) for a in node.call_args]
        kwargs = {k: tree.map_structure(fetch, v) for k, v in node.call_kwargs.items()}
        new_outputs = node.layer(*args, **kwargs)
        for old, new in zip(node.flat_outputs, tree.flatten(new_outputs)):
            replaced.setdefault(id(old), new)
    return tree.map_structure(fetch, inputs), tree.map_structure(fetch, outputs)


def _producing_node(tensor):
    layer, node_index, _ = tensor._keras_history
    return layer._inbound_nodes[node_index]


def _to_input_tensor(value, spec, model):
    if isinstance(value, torch.Tensor):
        return value
    if value is None:
        return None
    from kerastorch.backend.tensors import convert_to_tensor

    return convert_to_tensor(value, dtype=spec.dtype, device=model._weights_device())


def _module_name(layer, model) -> str:
    name = layer.name.replace(".", "_") or "layer"
    candidate, index = name, 1
    while candidate in model._modules or hasattr(type(model), candidate):
        candidate = f"{name}_{index}"
        index += 1
    return candidate


def _map_graph(inputs, outputs):
    """Orders the graph's nodes and layers the way Keras's `map_graph` does.

    Returns:
        `(nodes, nodes_by_depth, layers)`: nodes in execution order (deepest
        first), the same grouped by depth (deepest first), and the layers
        ordered by depth, ties broken by discovery order.
    """
    finished, in_progress = set(), set()
    nodes_in_decreasing_depth = []
    layer_indices = {}
    input_ids = {id(t) for t in inputs}

    def visit(tensor):
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        if id(node) in finished:
            return
        if id(node) in in_progress:
            raise ValueError(f"Tensor {tensor} from layer '{layer.name}' is part of a cycle.")
        layer_indices.setdefault(layer, len(layer_indices))
        in_progress.add(id(node))
        if not node.is_input and id(tensor) not in input_ids:
            for parent_tensor in node.flat_inputs:
                visit(parent_tensor)
        finished.add(id(node))
        in_progress.discard(id(node))
        nodes_in_decreasing_depth.append(node)

    for tensor in outputs:
        visit(tensor)

    node_depths, layer_depths = {}, {}
    for node in reversed(nodes_in_decreasing_depth):
        depth = max(node_depths.setdefault(node, 0), layer_depths.get(node.layer, 0))
        layer_depths[node.layer] = depth
        node_depths[node] = depth
        for parent in node.parent_nodes:
            node_depths[parent] = max(depth + 1, node_depths.get(parent, 0))
    for tensor in inputs:
        layer = tensor._keras_history[0]
        if layer not in layer_depths:
            layer_depths[layer] = 0
            layer_indices[layer] = -1
            node_depths[layer._inbound_nodes[0]] = 0

    nodes_by_depth = collections.defaultdict(list)
    for node, depth in node_depths.items():
        nodes_by_depth[depth].append(node)
    layers_by_depth = collections.defaultdict(list)
    for layer, depth in layer_depths.items():
        layers_by_depth[depth].append(layer)

    _check_connected(nodes_by_depth, inputs)
    ordered_nodes, ordered_layers = [], []
    depth_keys = sorted(nodes_by_depth, reverse=True)
    for depth in depth_keys:
        ordered_nodes.extend(nodes_by_depth[depth])
    for depth in sorted(layers_by_depth, reverse=True):
        ordered_layers.extend(sorted(layers_by_depth[depth], key=lambda l: layer_indices[l]))
    return ordered_nodes, {d: nodes_by_depth[d] for d in depth_keys}, ordered_layers


def _produces_only(node, tensor_ids) -> bool:
    """Whether every output of `node` is among `tensor_ids` (model inputs)."""
    return all(id(t) in tensor_ids for t in node.flat_outputs)


def _check_connected(nodes_by_depth, inputs):
    computable = {id(t) for t in inputs}
    for depth in sorted(nodes_by_depth, reverse=True):
        for node in nodes_by_depth[depth]:
            if _produces_only(node, computable):
                continue
            if node.is_input and not any(id(t) in computable for t in node.flat_outputs):
                if isinstance(node.layer, InputLayer):
                    raise ValueError(
                        "Graph disconnected: cannot find parent for tensor "
                        f"{node.flat_outputs[0]} at layer '{node.layer.name}'. The "
                        "following previous layers were accessed without issue: "
                        "this input is not among the model's `inputs`."
                    )
            for tensor in node.flat_inputs:
                if id(tensor) not in computable:
                    raise ValueError(
                        f"Graph disconnected: cannot find parent for tensor {tensor} "
                        f"at layer '{node.layer.name}'. Make sure every input the "
                        "outputs depend on is listed in the model's `inputs`."
                    )
            computable.update(id(t) for t in node.flat_outputs)
