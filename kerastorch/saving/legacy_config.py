"""The model and training configs of legacy HDF5 files, read into (and written from) Keras 3's.

A legacy `.h5` model file holds two JSON attributes. `model_config` is
`{"class_name", "config"}` with the layers in the same form (no `"module"`);
tf.keras (Keras 2) also writes Keras 2 argument names (`batch_input_shape`,
`alpha` of `LeakyReLU`, `time_major` of recurrent layers, ...) and functional
`inbound_nodes` as `[[["layer", node_index, tensor_index, {kwargs}], ...]]`.
`training_config` holds the `compile()` arguments, with the optimizer as
`optimizer_config` (Keras 2 names: `"Custom>Adam"`, `lr`, `decay`).

`model_config_from_legacy` turns a model config of either writer into the
config `deserialize_keras_object` rebuilds; `compile_args_from_training_config`
the training config into `compile()` arguments. `legacy_model_config` and
`legacy_training_config` write them as Keras 3 writes them.
"""

import inspect

from kerastorch.saving import object_registration
from kerastorch.saving.serialization_lib import deserialize_keras_object

_MODEL_CLASSES = ("Sequential", "Functional", "Model")
# Keras 2 arguments that Keras 3 layers no longer take, each with the values at which
# dropping it changes nothing (`None`: any value); other values are left for the
# layer to refuse.
_ANY = None
_CONV_WITHOUT_GROUPS = {"groups": (1,)}
_SEPARABLE_CONV = {"groups": (1,), "kernel_initializer": _ANY, "kernel_regularizer": _ANY,
                   "kernel_constraint": _ANY}
_SPATIAL_DROPOUT = {"trainable": (True,), "noise_shape": (None,)}
_DROPPED_ARGUMENTS = {
    "Embedding": {"input_length": _ANY},
    "MultiHeadAttention": {"query_shape": _ANY, "key_shape": _ANY, "value_shape": _ANY,
                           "softmax_robust_masking": (False,)},
    "BatchNormalization": {"fused": _ANY},
    "Conv1DTranspose": _CONV_WITHOUT_GROUPS, "Conv2DTranspose": _CONV_WITHOUT_GROUPS,
    "Conv3DTranspose": _CONV_WITHOUT_GROUPS, "DepthwiseConv1D": _CONV_WITHOUT_GROUPS,
    "DepthwiseConv2D": _CONV_WITHOUT_GROUPS, "SeparableConv1D": _SEPARABLE_CONV,
    "SeparableConv2D": _SEPARABLE_CONV, "SpatialDropout1D": _SPATIAL_DROPOUT,
    "SpatialDropout2D": _SPATIAL_DROPOUT, "SpatialDropout3D": _SPATIAL_DROPOUT,
}
_RENAMED_ARGUMENTS = {"LeakyReLU": {"alpha": "negative_slope"}}
# Recurrent layers and cells (Keras 2's `implementation` only chose kernels).
_RECURRENT_LAYERS = ("RNN", "SimpleRNN", "LSTM", "GRU", "ConvLSTM1D", "ConvLSTM2D",
                     "ConvLSTM3D", "SimpleRNNCell", "LSTMCell", "GRUCell")
# Configs of sub-layers held by wrappers and recurrent layers.
_NESTED_LAYER_KEYS = ("layer", "backward_layer", "cell", "cells")
_LAMBDA_LEGACY_ARGUMENTS = ("module", "function_type", "output_shape_type",
                            "output_shape_module")
# Keras 2 optimizer arguments Keras 3 does not take (serialization flags).
_OPTIMIZER_DROPPED_ARGUMENTS = ("is_legacy_optimizer", "jit_compile")
# Metric names `compile()` resolves from the loss, left as strings (as Keras does).
_COMPILE_RESOLVED_METRICS = ("accuracy", "acc", "crossentropy", "ce")


# ------------------------------------------------------------------ reading
def model_config_from_legacy(config) -> dict:
    """Returns the Keras 3 config of the model a legacy `model_config` describes.

    Args:
        config: The decoded `model_config` attribute: `{"class_name",
            "config"}`, written by tf.keras (Keras 2) or by Keras 3.

    Returns:
        A config in Keras 3's format, for `deserialize_keras_object`.

    Raises:
        TypeError: If `config` is a list.
        ValueError: If it is not a Keras config.

    Example:

    ```python
    model = deserialize_keras_object(model_config_from_legacy(config))
    ```
    """
    if isinstance(config, list):
        raise TypeError(
            "`model_from_config` expects a dictionary, not a list. Received: "
            f"config={config}. Did you meant to use `Sequential.from_config(config)`?"
        )
    if not isinstance(config, dict) or "config" not in config or "class_name" not in config:
        raise ValueError(
            "The provided configuration is not a valid Keras configuration. Expected "
            f"a dictionary containing a 'config' key. Received: config={config}"
        )
    return _entry_from_legacy(config)


def _entry_from_legacy(entry: dict) -> dict:
    """One serialized layer (or model), its nested layers converted too."""
    class_name, config = entry["class_name"], entry["config"]
    if class_name == "Sequential" or isinstance(config, list):
        config = _sequential_from_legacy(config)
    elif _is_functional_config(config):
        config = _functional_from_legacy(config)
    else:
        config = _layer_arguments_from_legacy(class_name, dict(config))
    converted = {
        "module": entry.get("module"),
        "class_name": class_name,
        "config": config,
        "registered_name": entry.get("registered_name"),
    }
    if "shared_object_id" in entry:
        converted["shared_object_id"] = entry["shared_object_id"]
    return converted


def _is_functional_config(config) -> bool:
    return isinstance(config, dict) and "layers" in config and "input_layers" in config


def _layer_arguments_from_legacy(class_name: str, config: dict) -> dict:
    """Keras 2 layer arguments in Keras 3's names (the arguments Keras 3 reads too)."""
    batch_input_shape = config.pop("batch_input_shape", None)
    if class_name == "InputLayer" and batch_input_shape is not None:
        config["batch_shape"] = batch_input_shape
    axis = config.get("axis")
    if isinstance(axis, list) and len(axis) == 1:
        config["axis"] = int(axis[0])
    if isinstance(config.get("dtype"), dict) and \
            config["dtype"].get("class_name") == "Policy":
        config["dtype"] = config["dtype"]["config"]["name"]  # A Keras 2 mixed-precision policy.
    for key, values in _DROPPED_ARGUMENTS.get(class_name, {}).items():
        if key in config and (values is _ANY or config[key] in values):
            del config[key]
    for old, new in _RENAMED_ARGUMENTS.get(class_name, {}).items():
        if old in config:
            config[new] = config.pop(old)
    if class_name in _RECURRENT_LAYERS:
        if config.pop("time_major", False):
            raise ValueError(
                f"Layer '{config.get('name')}' ({class_name}) was saved with "
                "`time_major=True`, which Keras 3 does not support: the saved model "
                "cannot be rebuilt."
            )
        config.pop("implementation", None)
    if class_name == "Lambda":
        _lambda_from_legacy(config)
    for key in _NESTED_LAYER_KEYS:
        value = config.get(key)
        if isinstance(value, dict) and "class_name" in value:
            config[key] = _entry_from_legacy(value)
        elif isinstance(value, list):
            config[key] = [_entry_from_legacy(v) if isinstance(v, dict) else v for v in value]
    return config


def _lambda_from_legacy(config: dict) -> None:
    """Keras 2 `Lambda` functions (`[code, defaults, closure]` or a name) in Keras 3's form."""
    types = {"function": config.get("function_type"),
             "output_shape": config.get("output_shape_type")}
    for key in _LAMBDA_LEGACY_ARGUMENTS:
        config.pop(key, None)
    for key, kind in types.items():
        value = config.get(key)
        if isinstance(value, (list, tuple)) and (kind == "lambda" or key == "function"):
            config[key] = {"class_name": "__lambda__", "config": {
                "code": value[0], "defaults": value[1], "closure": value[2]}}
        elif isinstance(value, str) and kind == "function":
            config[key] = _function_config(value)


def _function_config(name: str) -> dict:
    return {"module": "builtins", "class_name": "function", "config": name,
            "registered_name": "function"}


def _input_layer_entry(batch_shape) -> dict:
    return {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": batch_shape}, "registered_name": None}


def _sequential_from_legacy(config) -> dict:
    """A Sequential config; a Keras 2 shape given to the first layer becomes an `InputLayer`."""
    if isinstance(config, list):  # Keras 2.0 wrote the bare list of layers.
        config = {"name": None, "layers": config}
    config = dict(config)
    layers = []
    for entry in config["layers"]:
        inner = entry.get("config")
        shape = inner.get("batch_input_shape") if isinstance(inner, dict) else None
        if shape is not None and not layers and entry["class_name"] != "InputLayer":
            layers.append(_input_layer_entry(shape))
        layers.append(_entry_from_legacy(entry))
    build_input_shape = config.get("build_input_shape")
    if build_input_shape and not (layers and layers[0]["class_name"] == "InputLayer"):
        layers.insert(0, _input_layer_entry(build_input_shape))
    config["layers"] = layers
    return config


def _functional_from_legacy(config: dict) -> dict:
    """A functional config, its Keras 2 `inbound_nodes` and endpoints in Keras 3's form."""
    entries = config["layers"]
    keras2_nodes = any(isinstance(node, list) for entry in entries
                       for node in entry.get("inbound_nodes", []))
    # Keras 2 numbers the calls of a nested model from 1 (its own graph is node 0).
    node_offsets = {entry["name"]: int(keras2_nodes and _is_graph_network(entry))
                    for entry in entries}
    layers = []
    for entry in entries:
        layer = _entry_from_legacy(entry)
        layer["name"] = entry["name"]
        layer["inbound_nodes"] = [
            _node_from_legacy(node, node_offsets) if isinstance(node, list) else node
            for node in entry.get("inbound_nodes", [])
        ]
        layers.append(layer)
    converted = {**config, "layers": layers}
    if keras2_nodes:
        # kerastorch counts a nested functional model's endpoint nodes from 1 (as
        # Keras 3 writes them); only a nested Sequential's need the Keras 2 offset.
        endpoint_offsets = {entry["name"]: node_offsets[entry["name"]] for entry in entries
                            if entry["class_name"] == "Sequential"}
        for key in ("input_layers", "output_layers"):
            converted[key] = _endpoints_from_legacy(config[key], endpoint_offsets)
    return converted


def _is_graph_network(entry: dict) -> bool:
    config = entry.get("config")
    if entry["class_name"] in _MODEL_CLASSES[1:] or _is_functional_config(config):
        return True
    if entry["class_name"] == "Sequential" and isinstance(config, dict):
        first = (config.get("layers") or [{}])[0]
        return first.get("class_name") == "InputLayer" or \
            "batch_input_shape" in (first.get("config") or {})
    return False


def _is_node_reference(value) -> bool:
    return isinstance(value, list) and len(value) in (3, 4) and isinstance(value[0], str)


def _tensor_reference(name: str, node_index: int, tensor_index: int) -> dict:
    return {"class_name": "__keras_tensor__", "config": {
        "shape": None, "dtype": None, "keras_history": [name, node_index, tensor_index]}}


def _node_from_legacy(node_data: list, node_offsets: dict) -> dict:
    """A Keras 2 node (the first call argument's structure of `[layer, node, tensor,
    kwargs]` references) as Keras 3's `{"args": [...], "kwargs": {...}}`."""
    references, leaves = [], []

    def convert(data):
        if _is_node_reference(data):
            references.append(data)
            if data[0] == "_CONSTANT_VALUE":
                leaves.append(data[2])
            else:
                leaves.append(_tensor_reference(
                    data[0], data[1] - node_offsets.get(data[0], 0), data[2]))
            return leaves[-1]
        if isinstance(data, dict):
            return {key: convert(value) for key, value in data.items()}
        if isinstance(data, list):
            return [convert(value) for value in data]
        return data

    first_argument = convert(node_data)
    if not isinstance(first_argument, dict) and len(leaves) == 1:
        first_argument = leaves[0]  # Keras 2 unnests a single tensor.
    kwargs = references[0][3] if references and len(references[0]) == 4 else {}

    def convert_kwarg(value):
        if _is_node_reference(value) and value[0] in node_offsets:
            return _tensor_reference(value[0], value[1] - node_offsets[value[0]], value[2])
        if isinstance(value, dict):
            return {key: convert_kwarg(v) for key, v in value.items()}
        if isinstance(value, list):
            return [convert_kwarg(v) for v in value]
        return value

    return {"args": [first_argument], "kwargs": convert_kwarg(kwargs)}


def _endpoints_from_legacy(spec, offsets: dict):
    """Keras 2's model inputs / outputs (always a list) in Keras 3's form."""
    if _is_node_reference(spec):
        return [spec[0], spec[1] - offsets.get(spec[0], 0), spec[2]]
    if isinstance(spec, dict):
        return {key: _endpoints_from_legacy(value, offsets) for key, value in spec.items()}
    converted = [_endpoints_from_legacy(value, offsets) for value in spec]
    return converted[0] if len(converted) == 1 else converted


def compile_args_from_training_config(training_config: dict, num_outputs: int = 1,
                                      custom_objects: "dict | None" = None) -> dict:
    """Returns the `compile()` arguments a legacy `training_config` describes.

    Keras 2 names are translated: optimizer class names such as
    `"Custom>Adam"`, the `lr` / `decay` / `is_legacy_optimizer` arguments, the
    loss reduction `"auto"`, and the per-output lists of metrics.

    Args:
        training_config: The decoded `training_config` attribute.
        num_outputs: The number of outputs of the model.
        custom_objects: Dict of names -> custom classes or functions.

    Returns:
        A dict of `optimizer`, `loss`, `metrics`, `weighted_metrics` and
        `loss_weights`.

    Example:

    ```python
    model.compile(**compile_args_from_training_config(training_config))
    ```
    """
    from kerastorch import losses, metrics

    custom_objects = {**object_registration.get_custom_objects(), **(custom_objects or {})}

    def loss_from_legacy(config):
        if isinstance(config, str):
            return custom_objects.get(config, config)
        config = {**config, "config": dict(config["config"])}
        inner = config["config"]
        if inner.get("reduction") == "auto":
            inner["reduction"] = "sum_over_batch_size"
        _function_argument_from_legacy(config)
        return losses.deserialize(config, custom_objects=custom_objects)

    def metric_from_legacy(config):
        if isinstance(config, str):
            if config in _COMPILE_RESOLVED_METRICS:
                return config
            return custom_objects.get(config, config)
        config = {**config, "config": dict(config["config"])}
        _function_argument_from_legacy(config)
        return metrics.deserialize(config, custom_objects=custom_objects)

    def metrics_from_legacy(config):
        config = _nested_from_legacy(metric_from_legacy, config)
        if num_outputs == 1 and isinstance(config, list) and len(config) == 1 \
                and isinstance(config[0], list):
            return config[0]  # Keras 2 lists the metrics of each output.
        return config

    return {
        "optimizer": _optimizer_from_legacy(training_config["optimizer_config"], custom_objects),
        "loss": _nested_from_legacy(loss_from_legacy, training_config.get("loss")),
        "metrics": metrics_from_legacy(training_config.get("metrics")),
        "weighted_metrics": metrics_from_legacy(training_config.get("weighted_metrics")),
        "loss_weights": training_config.get("loss_weights"),
    }


def _function_argument_from_legacy(config: dict) -> None:
    """Keras 2 names the function of a wrapper by a string; built-in classes have none in Keras 3."""
    inner = config["config"]
    if not isinstance(inner.get("fn"), str):
        return
    if config["class_name"] in ("LossFunctionWrapper", "MeanMetricWrapper"):
        inner["fn"] = _function_config(inner["fn"])
    else:
        inner.pop("fn")


def _nested_from_legacy(convert, config):
    """Applies `convert` to each object config of a (per-output) structure of them."""
    if config is None:
        return None
    if isinstance(config, str) or (isinstance(config, dict) and "class_name" in config):
        return convert(config)
    if isinstance(config, dict):
        return {key: _nested_from_legacy(convert, value) for key, value in config.items()}
    if isinstance(config, (list, tuple)):
        return [_nested_from_legacy(convert, value) for value in config]
    raise ValueError(
        "Saved configuration not understood. Configuration should be a dictionary, "
        f"string, tuple or list. Received: config={config}."
    )


def _optimizer_from_legacy(config: dict, custom_objects: dict):
    from kerastorch import optimizers

    class_name = config["class_name"]
    if class_name not in custom_objects:
        class_name = class_name.split(">")[-1]  # tf.keras registers its optimizers as "Custom>".
    inner = {key: value for key, value in config["config"].items()
             if key not in _OPTIMIZER_DROPPED_ARGUMENTS}
    if "lr" in inner:
        learning_rate = inner.pop("lr")
        inner.setdefault("learning_rate", learning_rate)
    if not inner.get("decay"):
        inner.pop("decay", None)
    return optimizers.deserialize({"class_name": class_name, "config": inner},
                                  custom_objects=custom_objects)


def deserialize_model(config: dict, custom_objects: "dict | None" = None, safe_mode: bool = True):
    """Rebuilds the (uncompiled) model of a legacy `model_config`.

    Args:
        config: The decoded `model_config` attribute.
        custom_objects: Dict of names -> custom classes or functions.
        safe_mode: Whether to refuse configs that hold Python bytecode.

    Returns:
        The model, with fresh weights.

    Example:

    ```python
    model = deserialize_model(json.loads(h5_file.attrs["model_config"]))
    ```
    """
    return deserialize_keras_object(model_config_from_legacy(config),
                                    custom_objects=custom_objects, safe_mode=safe_mode)


# ------------------------------------------------------------------ writing
def legacy_model_config(model) -> dict:
    """Returns the `model_config` attribute Keras 3 writes for `model`.

    `{"class_name", "config"}`, with each layer (of nested models too) in the
    legacy form `{"class_name", "config"}` (plus `name` and `inbound_nodes` in
    a functional model): Keras 3's `get_config()` under its legacy option.

    Args:
        model: The model.

    Returns:
        A JSON-friendly dict.

    Example:

    >>> legacy_model_config(model)["class_name"]
    'Sequential'
    """
    config = model.get_config()
    if "layers" in config:
        config = _legacy_model_body(config)
    return {"class_name": type(model).__name__, "config": config}


def _legacy_model_body(config: dict) -> dict:
    config = dict(config)
    functional = "input_layers" in config
    layers = []
    for entry in config["layers"]:
        layer = _legacy_entry(entry)
        if functional:
            layer["name"] = entry["name"]
            layer["inbound_nodes"] = entry["inbound_nodes"]
        layers.append(layer)
    config["layers"] = layers
    return config


def _legacy_entry(entry: dict) -> dict:
    config = entry["config"]
    if isinstance(config, dict) and "layers" in config and \
            ("input_layers" in config or entry["class_name"] == "Sequential"):
        config = _legacy_model_body(config)
    return {"class_name": entry.get("registered_name") or entry["class_name"], "config": config}


def legacy_training_config(model) -> dict:
    """Returns the `training_config` attribute Keras 3 writes for a compiled `model`.

    The `compile()` arguments but the optimizer, each loss / metric object or
    function in the legacy form (`{"class_name", "config"}`, or the function's
    name), and `optimizer_config`.

    Args:
        model: A compiled model.

    Returns:
        A JSON-friendly dict.

    Example:

    >>> legacy_training_config(model)["optimizer_config"]["class_name"]
    'Adam'
    """
    config = {key: _legacy_serialize_nested(value)
              for key, value in model._compile_args.items() if key != "optimizer"}
    config["optimizer_config"] = {
        "class_name": object_registration.get_registered_name(type(model.optimizer)),
        "config": model.optimizer.get_config(),
    }
    return config


def _legacy_serialize_nested(value):
    if isinstance(value, dict):
        return {key: _legacy_serialize_nested(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_legacy_serialize_nested(v) for v in value]
    if callable(value):
        return _legacy_serialize(value)
    return value


def _legacy_serialize(obj):
    """Keras's legacy `serialize_keras_object`: a name for a function, else class and config."""
    obj = inspect.unwrap(obj)
    if not hasattr(obj, "get_config"):
        return object_registration.get_registered_name(obj)
    config = {}
    for key, item in obj.get_config().items():
        if isinstance(item, (str, dict, list, tuple, int, float, bool)) or item is None:
            config[key] = item
        else:
            config[key] = _legacy_serialize(item)
            if isinstance(config[key], dict):
                config[key]["__passive_serialization__"] = True
    return {"class_name": object_registration.get_registered_name(type(obj)), "config": config}
