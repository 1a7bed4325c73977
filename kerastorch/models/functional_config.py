"""The config of a functional model, in Keras's format, and rebuilding from it.

Each layer entry holds its own config plus `inbound_nodes`: the call arguments
with every KerasTensor written as `{"class_name": "__keras_tensor__", "config":
{"shape", "dtype", "keras_history": [layer_name, node_index, tensor_index]}}`.
Node indices count only the calls that belong to this model, as in Keras.
"""

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.saving.serialization_lib import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerastorch.utils import tree


def functional_config(model) -> dict:
    """Returns the Keras config of a `Functional` model."""
    model_nodes = {id(node) for nodes in model._nodes_by_depth.values() for node in nodes}
    reindex = {}
    for layer in model._graph_layers:
        kept = [i for i, node in enumerate(layer._inbound_nodes) if id(node) in model_nodes]
        for new_index, old_index in enumerate(kept):
            reindex[(id(layer), old_index)] = new_index

    def history_of(tensor):
        layer, node_index, tensor_index = tensor._keras_history
        return [layer.name, reindex.get((id(layer), node_index), node_index), tensor_index]

    def serialize_arg(value):
        if isinstance(value, KerasTensor):
            return {
                "class_name": "__keras_tensor__",
                "config": {"shape": value.shape, "dtype": value.dtype,
                           "keras_history": history_of(value)},
            }
        return serialize_keras_object(value)

    layer_configs = []
    for layer in model._graph_layers:
        entry = serialize_keras_object(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = [
            {"args": tuple(tree.map_structure(serialize_arg, a) for a in node.call_args),
             "kwargs": {k: tree.map_structure(serialize_arg, v)
                        for k, v in node.call_kwargs.items()}}
            for node in layer._inbound_nodes
            if id(node) in model_nodes and not node.is_input
        ]
        layer_configs.append(entry)

    def endpoints(struct):
        if isinstance(struct, dict):
            return {k: history_of(v) for k, v in struct.items()}
        if not isinstance(struct, (list, tuple)):
            return endpoint_of(struct)
        flat = [endpoint_of(t) for t in struct]
        return flat[0] if len(flat) == 1 else flat

    def endpoint_of(tensor):
        # Keras's functional models start with a node of their own, so Keras
        # counts a nested functional model's nodes from 1 in the endpoints.
        history = history_of(tensor)
        if _is_functional(tensor._keras_history[0]):
            history[1] += 1
        return history

    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layer_configs,
        "input_layers": endpoints(model._inputs_struct),
        "output_layers": endpoints(model._outputs_struct),
    }


def functional_from_config(cls, config, custom_objects=None):
    """Rebuilds a functional model of class `cls` from `functional_config`'s output."""
    from kerastorch import layers as layers_module

    created = {}
    tensors = {}
    pending = []
    for layer_config in config["layers"]:
        layer = deserialize_keras_object(layer_config, module_objects=vars(layers_module),
                                         custom_objects=custom_objects)
        name = layer_config.get("name", layer.name)
        created[name] = layer
        if _is_input_layer(layer):
            tensors[(name, 0, 0)] = layer.output
        for node_index, node in enumerate(layer_config.get("inbound_nodes", [])):
            pending.append((name, node_index, node))

    def resolve(value):
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            key = tuple(value["config"]["keras_history"])
            if key not in tensors:
                raise LookupError(key)
            return tensors[key]
        return value

    while pending:
        remaining = []
        for name, node_index, node in pending:
            try:
                args = [_map_config(resolve, a) for a in node["args"]]
                kwargs = {k: _map_config(resolve, v) for k, v in node["kwargs"].items()}
            except LookupError:
                remaining.append((name, node_index, node))
                continue
            outputs = created[name](*args, **kwargs)
            for tensor_index, tensor in enumerate(tree.flatten(outputs)):
                tensors[(name, node_index, tensor_index)] = tensor
        if len(remaining) == len(pending):
            raise ValueError(
                "Could not rebuild the functional model: the layer graph refers to "
                f"tensors that no layer produces ({[p[:2] for p in remaining]})."
            )
        pending = remaining

    def endpoints(spec):
        if isinstance(spec, dict):
            return {k: endpoint_tensor(v) for k, v in spec.items()}
        if spec and isinstance(spec[0], (list, tuple)):
            return [endpoint_tensor(v) for v in spec]
        return endpoint_tensor(spec)

    def endpoint_tensor(history):
        name, node_index, tensor_index = history
        if _is_functional(created[name]):
            node_index -= 1  # See `functional_config`'s endpoints.
        return tensors[(name, node_index, tensor_index)]

    return cls(endpoints(config["input_layers"]), endpoints(config["output_layers"]),
               name=config.get("name"), trainable=config.get("trainable", True))


def _map_config(fn, value):
    """Applies `fn` to every dict-or-leaf of a config value (KerasTensor dicts included)."""
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        return fn(value)
    if isinstance(value, list):
        return [_map_config(fn, v) for v in value]
    if isinstance(value, dict):
        return {k: _map_config(fn, v) for k, v in value.items()}
    return fn(value)


def _is_functional(layer) -> bool:
    from kerastorch.models.functional import Functional
    from kerastorch.models.sequential import Sequential

    return isinstance(layer, Functional) and not isinstance(layer, Sequential)


def _is_input_layer(layer) -> bool:
    from kerastorch.layers.core.input_layer import InputLayer

    return isinstance(layer, InputLayer)
