"""The legacy HDF5 format of tf.keras (Keras 2), which Keras 3 still reads and writes.

A model file (`model.save("m.h5")`) has the attributes `model_config`,
`training_config` (JSON, see `legacy_config.py`), `keras_version` and
`backend`, a group `model_weights` and, for a compiled model, a group
`optimizer_weights`. `model_weights` (the root of a weights-only file) lists
the model's layers in its attribute `layer_names` and holds one group per
layer whose attribute `weight_names` (`dense/kernel:0`, or Keras 3's
`sequential/dense/kernel`) names its datasets, trainable weights first.
Weights load by position in the model's layers (or, `by_name=True`, by layer
name); optimizer state by position for a Keras 3 file, by variable name for a
Keras 2 one.
"""

import contextlib
import io
import json
import os
import warnings

import numpy as np
import torch

from kerastorch.saving import legacy_config
from kerastorch.saving.saving_lib import KERAS_VERSION, atomic_write
from kerastorch.saving.weights_store import _h5py, _safe_get_dataset, _safe_get_group

# The largest attribute HDF5 stores in an object header; longer lists are split.
HDF5_OBJECT_HEADER_LIMIT = 64512
_BACKEND = "torch"
_OPTIMIZER_STATE_WARNING = (
    "Error in loading the saved optimizer state. As a result, your model is starting "
    "with a freshly initialized optimizer."
)
# Keras 2 slot names (new optimizers, then `optimizers.legacy` ones) -> kerastorch's.
_KERAS2_SLOT_NAMES = {"m": "momentum", "v": "velocity", "vhat": "velocity_hat", "u": "norm",
                      "rms": "velocity", "mg": "average_gradient",
                      "accum_grad": "accumulated_grad", "accum_var": "accumulated_delta_var"}
_KERAS2_ITERATION_NAMES = ("iter", "iteration")


# ------------------------------------------------------------------ writing
def save_model_to_hdf5(model, filepath, include_optimizer: bool = True) -> None:
    """Writes `model` (config, weights, compile arguments, optimizer state) to a `.h5` file.

    The file is what Keras 3 writes (`legacy_h5_format.save_model_to_hdf5`),
    so Keras 3 and tf.keras load it. It is written next to `filepath` first
    and renamed over it, so a failed save leaves any previous file intact.

    Args:
        model: A model whose `get_config()` describes it (Sequential or functional).
        filepath: The path (missing folders are created), or an open `h5py.File`.
        include_optimizer: Whether to save the compile arguments and optimizer state.

    Example:

    ```python
    save_model_to_hdf5(model, "model.h5")
    ```
    """
    h5py = _h5py()
    if isinstance(filepath, h5py.File):
        _write_model(filepath, model, include_optimizer)
        return
    _write_atomically(filepath, lambda f: _write_model(f, model, include_optimizer))


def save_weights_to_hdf5(model, filepath) -> None:
    """Writes the weights of `model` to a legacy `.h5` weights file (tf.keras's `save_weights`).

    Args:
        model: A built model.
        filepath: The path.

    Example:

    ```python
    save_weights_to_hdf5(model, "weights.h5")
    ```
    """
    _write_atomically(filepath, lambda f: save_weights_to_hdf5_group(f, model))


def _write_atomically(filepath, write) -> None:
    buffer = io.BytesIO()
    with _h5py().File(buffer, "w") as f:
        write(f)
    folder = os.path.dirname(os.fspath(filepath))
    if folder:
        os.makedirs(folder, exist_ok=True)
    with atomic_write(filepath) as f:
        f.write(buffer.getvalue())


def _write_model(f, model, include_optimizer: bool) -> None:
    metadata = {"keras_version": KERAS_VERSION, "backend": _BACKEND,
                "model_config": legacy_config.legacy_model_config(model)}
    compiled = getattr(model, "compiled", False) and model.optimizer is not None
    if include_optimizer and compiled:
        metadata["training_config"] = legacy_config.legacy_training_config(model)
    for key, value in metadata.items():
        if isinstance(value, dict):
            value = json.dumps(value, default=_json_default).encode("utf8")
        f.attrs[key] = value
    save_weights_to_hdf5_group(f.create_group("model_weights"), model)
    if include_optimizer and compiled:
        _save_variables(f, "optimizer_weights", model.optimizer.variables)


def _json_default(obj):
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "value": obj.decode("utf-8")}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__"}
    raise TypeError(f"Unable to serialize {obj} to JSON. Unrecognized type {type(obj)}.")


def save_weights_to_hdf5_group(group, model) -> None:
    """Writes the weights of each layer of `model` to `group`, as Keras 3 does.

    Args:
        group: An `h5py.Group` (the file's root for a weights file).
        model: The model.
    """
    save_attributes_to_hdf5_group(group, "layer_names",
                                  [layer.name.encode("utf8") for layer in model.layers])
    group.attrs["backend"] = _BACKEND.encode("utf8")
    group.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    # Sorted by name so that group names strictly grow (no prefix clashes).
    for layer in sorted(model.layers, key=lambda layer: layer.name):
        _save_subset(group.create_group(layer.name), _legacy_weights(layer))
    _save_subset(group.create_group("top_level_model_weights"), _top_level_weights(model))


def _save_subset(group, weights) -> None:
    names = [w.path.encode("utf8") for w in weights]
    save_attributes_to_hdf5_group(group, "weight_names", names)
    for name, weight in zip(names, weights):
        group.create_dataset(name, data=_to_numpy(weight))


def _save_variables(f, group_name: str, variables) -> None:
    if variables:
        _save_subset(f.create_group(group_name), variables)


def _to_numpy(tensor) -> np.ndarray:
    tensor = tensor.detach().cpu()
    if tensor.dtype == torch.bfloat16:
        tensor = tensor.float()  # HDF5 has no bfloat16 type.
    return tensor.numpy()


def _legacy_weights(layer) -> list:
    """A layer's weights in the legacy order: trainable ones first."""
    return layer.trainable_weights + layer.non_trainable_weights


def _top_level_weights(model) -> list:
    return model._trainable_list + model._non_trainable_list


def save_attributes_to_hdf5_group(group, name: str, data: list) -> None:
    """Stores the list `data` as attribute `name`, split in `name0`, `name1`, ... if too long.

    Args:
        group: An `h5py.Group`.
        name: The attribute's name.
        data: A list of byte strings.

    Raises:
        RuntimeError: If one item is longer than an HDF5 object header allows.
    """
    too_long = [x for x in data if len(x) > HDF5_OBJECT_HEADER_LIMIT]
    if too_long:
        raise RuntimeError(
            "The following attributes cannot be saved to HDF5 file because they are "
            f"larger than {HDF5_OBJECT_HEADER_LIMIT} bytes: {too_long}"
        )
    array = np.asarray(data)
    num_chunks = 1
    chunks = np.array_split(array, num_chunks)
    while any(chunk.nbytes > HDF5_OBJECT_HEADER_LIMIT for chunk in chunks):
        num_chunks += 1
        chunks = np.array_split(array, num_chunks)
    if num_chunks > 1:
        for index, chunk in enumerate(chunks):
            group.attrs[f"{name}{index}"] = chunk
    else:
        group.attrs[name] = data


# ------------------------------------------------------------------ reading
def load_model_from_hdf5(filepath, custom_objects: "dict | None" = None, compile: bool = True,
                         safe_mode: bool = True):
    """Loads a model saved in the legacy HDF5 format (by tf.keras, Keras 3 or kerastorch).

    Args:
        filepath: The path, or an open `h5py.File`.
        custom_objects: Dict of names -> custom classes or functions.
        compile: Whether to compile the model from its saved `training_config`
            and restore the optimizer state.
        safe_mode: Whether to refuse configs that hold Python bytecode.

    Returns:
        The model, compiled if it was saved compiled and `compile=True`.

    Raises:
        ValueError: If the file is not a legacy Keras model file, is damaged,
            or its weights do not fit its model.

    Example:

    ```python
    model = load_model_from_hdf5("model.h5")
    ```
    """
    with _open(filepath) as f:
        with _reading(filepath):
            model_config = _json_attribute(f, "model_config")
        if model_config is None:
            raise ValueError(f"No model config found in the file at {filepath}.")
        model = legacy_config.deserialize_model(model_config, custom_objects=custom_objects,
                                                safe_mode=safe_mode)
        with _reading(filepath):
            group = _safe_get_group(f, "model_weights")
        weights_by_name = _read_file(filepath, load_weights_from_hdf5_group, group, model)
        if not compile:
            return model
        with _reading(filepath):
            training_config = _json_attribute(f, "training_config")
        if training_config is None:
            warnings.warn("No training configuration found in the save file, so the model "
                          "was *not* compiled. Compile it manually.", stacklevel=3)
            return model
        model.compile(**legacy_config.compile_args_from_training_config(
            training_config, num_outputs=len(model.outputs), custom_objects=custom_objects))
        if "optimizer_weights" in f:
            model.optimizer.build(model.trainable_weights)
            _read_file(filepath, _load_optimizer_state, f, model, weights_by_name)
    return model


def load_weights_from_hdf5(model, filepath, by_name: bool = False,
                           skip_mismatch: bool = False) -> None:
    """Loads a legacy `.h5` weights file (or the weights of a `.h5` model file) into `model`.

    Args:
        model: A built model.
        filepath: The path.
        by_name: Whether to match layers by name (layers missing from the
            file are left alone) instead of by position.
        skip_mismatch: Whether to skip (with a warning) the weights whose
            shape (or, `by_name`, the layers whose weight count) differs.

    Raises:
        ValueError: If the file is damaged or its weights do not fit the model.

    Example:

    ```python
    load_weights_from_hdf5(model, "weights.h5", by_name=True)
    ```
    """
    with _open(filepath) as f:
        group = f
        with _reading(filepath):
            if "layer_names" not in f.attrs and "model_weights" in f:
                group = _safe_get_group(f, "model_weights")
            if not _has_list_attribute(group, "layer_names"):
                raise KeyError("no `layer_names` attribute: this file holds no layer weights")
        load = load_weights_from_hdf5_group_by_name if by_name else load_weights_from_hdf5_group
        _read_file(filepath, load, group, model, skip_mismatch=skip_mismatch)


def load_weights_from_hdf5_group(group, model, skip_mismatch: bool = False) -> dict:
    """Loads the weights of `group` into the layers of `model` that have weights, in order.

    Args:
        group: The `h5py.Group` written by `save_weights_to_hdf5_group`.
        model: The model.
        skip_mismatch: Whether weights of a different shape are skipped with
            a warning instead of raising.

    Returns:
        The model's variables by their saved names (`"dense/kernel:0"`).

    Raises:
        ValueError: On a different number of layers or weights, or (without
            `skip_mismatch`) a different shape; nothing is loaded then.
    """
    layers = [layer for layer in model.layers if _legacy_weights(layer)]
    names = [name for name in load_attributes_from_hdf5_group(group, "layer_names")
             if load_attributes_from_hdf5_group(_safe_get_group(group, name), "weight_names")]
    if len(names) != len(layers):
        raise ValueError(
            "Layer count mismatch when loading weights from file. Model expected "
            f"{len(layers)} layers, found {len(names)} saved layers."
        )
    assignments = {}
    for index, (name, layer) in enumerate(zip(names, layers)):
        saved = _load_subset(_safe_get_group(group, name))
        variables = _legacy_weights(layer)
        if len(saved) != len(variables):
            raise ValueError(
                f"Weight count mismatch for layer #{index} (named {layer.name} in the "
                f"current model, {name} in the save file). Layer expects "
                f"{len(variables)} weight(s). Received {len(saved)} saved weight(s)"
            )
        _match(assignments, variables, saved, skip_mismatch,
               f"layer #{index} (named {layer.name})")
    if "top_level_model_weights" in group:
        saved = _load_subset(_safe_get_group(group, "top_level_model_weights"))
        variables = _top_level_weights(model)
        if len(saved) != len(variables):
            raise ValueError(
                "Weight count mismatch for top-level weights when loading weights from "
                f"file. Model expects {len(variables)} top-level weight(s). Received "
                f"{len(saved)} saved top-level weight(s)"
            )
        _match(assignments, variables, saved, skip_mismatch, "top-level model")
    return _assign(assignments)


def load_weights_from_hdf5_group_by_name(group, model, skip_mismatch: bool = False) -> dict:
    """Loads the weights of `group` into the layers of `model` of the same names.

    Args:
        group: The `h5py.Group` written by `save_weights_to_hdf5_group`.
        model: The model.
        skip_mismatch: Whether layers with a different number of weights, and
            weights of a different shape, are skipped with a warning.

    Returns:
        The model's variables by their saved names.

    Raises:
        ValueError: (Without `skip_mismatch`) on a different number of
            weights or a different shape; nothing is loaded then.
    """
    layers_by_name = {}
    for layer in model.layers:
        layers_by_name.setdefault(layer.name, []).append(layer)
    assignments = {}
    for index, name in enumerate(load_attributes_from_hdf5_group(group, "layer_names")):
        saved = _load_subset(_safe_get_group(group, name))
        for layer in layers_by_name.get(name, []):
            variables = _legacy_weights(layer)
            if len(saved) != len(variables):
                message = (f"Layer expects {len(variables)} weight(s). Received "
                           f"{len(saved)} saved weight(s)")
                if skip_mismatch:
                    warnings.warn(
                        f"Skipping loading of weights for layer #{index} (named {layer.name}) "
                        f"due to mismatch in number of weights. {message}", stacklevel=4)
                    continue
                raise ValueError(
                    f"Weight count mismatch for layer #{index} (named {layer.name}). {message}")
            _match(assignments, variables, saved, skip_mismatch,
                   f"layer #{index} (named {layer.name})")
    if "top_level_model_weights" in group:
        saved = _load_subset(_safe_get_group(group, "top_level_model_weights"))
        variables = _top_level_weights(model)
        if len(saved) == len(variables):
            _match(assignments, variables, saved, skip_mismatch, "top-level model")
        else:
            message = (f"Model expects {len(variables)} top-level weight(s). Received "
                       f"{len(saved)} saved top-level weight(s)")
            if not skip_mismatch:
                raise ValueError(
                    f"Weight count mismatch for top-level weights of model. {message}")
            warnings.warn("Skipping loading top-level weights for model due to mismatch "
                          f"in number of weights. {message}", stacklevel=4)
    return _assign(assignments)


def _match(assignments: dict, variables, saved, skip_mismatch: bool, where: str) -> None:
    """Pairs each variable with its saved `(name, value)`, checking shapes."""
    for variable, (name, value) in zip(variables, saved):
        if tuple(variable.shape) != tuple(value.shape):
            message = (f"Shape mismatch in {where} for weight {variable.path}. Weight "
                       f"expects shape {tuple(variable.shape)}. Received saved weight "
                       f"with shape {tuple(value.shape)}")
            if not skip_mismatch:
                raise ValueError(message)
            warnings.warn(f"Skipping loading weights: {message}", stacklevel=5)
            continue
        assignments[name] = (variable, value)


def _assign(assignments: dict) -> dict:
    with torch.no_grad():
        for variable, value in assignments.values():
            variable.copy_(torch.as_tensor(value))
    return {name: variable for name, (variable, _) in assignments.items()}


def _load_subset(group) -> list:
    """`(name, array)` of each weight of a layer group, in `weight_names` order."""
    return [(name, np.asarray(_safe_get_dataset(group, name)))
            for name in load_attributes_from_hdf5_group(group, "weight_names")]


def _has_list_attribute(group, name: str) -> bool:
    return name in group.attrs or f"{name}0" in group.attrs


def load_attributes_from_hdf5_group(group, name: str) -> list:
    """Reads the list attribute `name` (joining `name0`, `name1`, ... chunks), as strings.

    Args:
        group: An `h5py.Group`.
        name: The attribute's name.

    Returns:
        The list (empty if there is no such attribute).
    """
    if name in group.attrs:
        chunks = [group.attrs[name]]
    else:
        chunks = []
        while f"{name}{len(chunks)}" in group.attrs:
            chunks.append(group.attrs[f"{name}{len(chunks)}"])
    return [item.decode("utf8") if hasattr(item, "decode") else item
            for chunk in chunks for item in chunk]


# ---------------------------------------------------------- optimizer state
def _load_optimizer_state(f, model, weights_by_name: dict) -> None:
    """Restores the (built) optimizer's state, or warns as Keras does and keeps it fresh."""
    optimizer = model.optimizer
    saved = _load_subset(_safe_get_group(f, "optimizer_weights"))
    if saved and all(name.endswith(":0") for name, _ in saved):
        pairs = _keras2_optimizer_pairs(optimizer, saved, weights_by_name)
    else:
        pairs = list(zip(optimizer.variables, [value for _, value in saved]))
        if len(saved) != len(optimizer.variables):
            pairs = None
    if pairs is None or any(tuple(v.shape) != tuple(value.shape) for v, value in pairs):
        warnings.warn(_OPTIMIZER_STATE_WARNING, stacklevel=4)
        return
    with torch.no_grad():
        for variable, value in pairs:
            variable.copy_(torch.as_tensor(value))


def _keras2_optimizer_pairs(optimizer, saved, weights_by_name: dict):
    """`(variable, value)` pairs of a tf.keras optimizer's state, matched by name.

    tf.keras names a slot `<optimizer>/<slot>/<variable>:0` (`Adam/m/dense/kernel:0`;
    `optimizers.legacy`: `<optimizer>/<variable>/<slot>:0`) and the step counter
    `iteration:0` (`<optimizer>/iter:0`). Returns `None` unless every saved
    tensor and every state tensor of `optimizer` (but its learning rate) are matched.
    """
    variables = {name[:-2]: variable for name, variable in weights_by_name.items()}
    index = {id(v): i for i, v in enumerate(optimizer._trainable_variables)}
    pairs = []
    for name, value in saved:
        parts = name[:-2].split("/")
        if parts[-1] in _KERAS2_ITERATION_NAMES:
            pairs.append((optimizer._iterations, value))
            continue
        found = _keras2_slot(parts, variables)
        if found is None:
            return None
        slot, variable = found
        slots = optimizer._slots.get(_KERAS2_SLOT_NAMES.get(slot, slot))
        if slots is None or id(variable) not in index:
            return None
        pairs.append((slots[index[id(variable)]], value))
    restored = {id(variable) for variable, _ in pairs}
    expected = [v for v in optimizer.variables if v is not optimizer._learning_rate]
    if any(id(v) not in restored for v in expected):
        return None
    return pairs


def _keras2_slot(parts: list, variables: dict):
    """`(slot name, model variable)` named by the parts of a tf.keras slot name, or `None`."""
    for i in range(len(parts) - 1):  # <optimizer>/<slot>/<variable>
        variable = variables.get("/".join(parts[i + 1:]))
        if variable is not None:
            return parts[i], variable
    for i in range(len(parts) - 1):  # <optimizer>/<variable>/<slot> (optimizers.legacy)
        variable = variables.get("/".join(parts[i:-1]))
        if variable is not None:
            return parts[-1], variable
    return None


# --------------------------------------------------------------- file access
@contextlib.contextmanager
def _open(filepath):
    """Opens `filepath` (or uses an open `h5py.File`) for reading."""
    h5py = _h5py()
    if isinstance(filepath, h5py.File):
        yield filepath
        return
    with _reading(filepath):
        f = h5py.File(filepath, mode="r")
    with f:
        yield f


def _read_file(filepath, fn, *args, **kwargs):
    with _reading(filepath):
        return fn(*args, **kwargs)


def _json_attribute(f, name: str):
    value = f.attrs.get(name)
    if value is None:
        return None
    if hasattr(value, "decode"):
        value = value.decode("utf-8")
    return json.loads(value, object_hook=_decode_json_object)


def _decode_json_object(obj):
    """Keras's JSON encodings of tuples, bytes and `...` in legacy configs."""
    kind = obj.get("class_name")
    if kind == "__tuple__":
        return tuple(obj["items"])
    if kind == "__ellipsis__":
        return Ellipsis
    if kind == "__bytes__" and "value" in obj:
        return obj["value"].encode("utf-8")
    return obj


@contextlib.contextmanager
def _reading(filepath):
    """Turns the errors of reading a damaged or foreign file into one clear `ValueError`."""
    try:
        yield
    except FileNotFoundError:
        raise
    except (OSError, KeyError, EOFError, json.JSONDecodeError, UnicodeDecodeError,
            TypeError, IndexError) as error:
        raise ValueError(
            f"Could not read '{filepath}': it is not a valid legacy Keras HDF5 file (a "
            "`.h5` model or weights file written by `model.save` / `save_weights`), "
            f"or it is truncated or damaged. Cause: {type(error).__name__}: {error}"
        ) from error
