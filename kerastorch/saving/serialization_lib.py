"""Keras's config format: `{"module", "class_name", "config", "registered_name"}`.

`serialize_keras_object` writes it for any object exported with
`keras_export` (or registered by the user), and `deserialize_keras_object`
resolves it back, so configs are interchangeable with Keras's.
"""

import inspect
import warnings

import numpy as np
import torch

from kerastorch import api_export
from kerastorch.api_export import keras_export
from kerastorch.backend import session
from kerastorch.backend.dtypes import standardize_dtype, to_torch_dtype
from kerastorch.saving import object_registration

# Where a function config with no module (or Keras's "builtins") is looked up.
_BUILTIN_FUNCTION_MODULES = ("keras.losses", "keras.metrics", "keras.activations")


@keras_export("keras.saving.serialize_keras_object", "keras.utils.serialize_keras_object")
def serialize_keras_object(obj):
    """Returns the Keras serialization of `obj`.

    As Keras writes them: a Python function becomes
    `{"module": "builtins", "class_name": "function", "config": name,
    "registered_name": "function"}` (its registered `"package>name"` if it has
    one), a NumPy array or a tensor a `"__numpy__"` / `"__tensor__"` dict of
    its values and dtype, a NumPy scalar a Python number, an object with
    `get_config` the full dict, and plain values themselves.

    Args:
        obj: The object to serialize.

    Returns:
        A JSON-friendly value.

    Example:

    >>> serialize_keras_object(np.array([1.0, 2.0]))
    {'class_name': '__numpy__', 'config': {'value': [1.0, 2.0], 'dtype': 'float64'}}
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        serialized = [serialize_keras_object(x) for x in obj]
        return tuple(serialized) if isinstance(obj, tuple) else serialized
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {
            "start": serialize_keras_object(obj.start),
            "stop": serialize_keras_object(obj.stop),
            "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, torch.Tensor):
        return _serialize_values("__tensor__", obj.detach().cpu().tolist(), obj.dtype)
    if isinstance(obj, np.ndarray) and obj.ndim > 0:
        return _serialize_values("__numpy__", obj.tolist(), obj.dtype.name)
    if isinstance(obj, (np.ndarray, np.generic)):
        return obj.item()
    registered_name = object_registration.get_registered_name_or_none(obj)
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return {
            "module": "builtins",
            "class_name": "function",
            "config": registered_name or obj.__name__,
            "registered_name": "function",
        }
    cls = obj if inspect.isclass(obj) else type(obj)
    public = api_export.get_public_path(cls)
    if public:
        module, class_name = public
        if module.startswith("keras.src."):
            # Keras's internal classes (op nodes) are not exported: Keras
            # writes their class name as the registered name.
            registered_name = registered_name or class_name
    else:
        # As Keras: a class of no public name is known by its registered name,
        # else its own name (what `custom_objects` keys it by); no `__main__`.
        module, class_name = cls.__module__, cls.__name__
        registered_name = registered_name or class_name
        if module == "__main__":
            module = None
    serialized = {
        "module": module,
        "class_name": class_name,
        "config": obj.get_config(),
        "registered_name": registered_name,
    }
    if hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            serialized["build_config"] = build_config
    if hasattr(obj, "get_compile_config"):
        compile_config = obj.get_compile_config()
        if compile_config is not None:
            serialized["compile_config"] = compile_config
    _record_serialized(obj, serialized)
    return serialized


def _serialize_values(class_name: str, values, dtype) -> dict:
    return {"class_name": class_name,
            "config": {"value": values, "dtype": standardize_dtype(dtype)}}


@keras_export("keras.saving.deserialize_keras_object",
              "keras.utils.deserialize_keras_object")
def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """Rebuilds an object from `serialize_keras_object`'s output.

    A function config resolves to the function: a user one, one of
    `module_objects`, or (with module `"builtins"`, as Keras writes it) a
    built-in loss, metric or activation function. `"__numpy__"` and
    `"__tensor__"` configs give back the array or (CPU) tensor. Lists and
    plain dicts are deserialized item by item; plain values are returned as
    they are (inside a structure, strings too).

    An object is made with `cls.from_config(config)` inside a
    `CustomObjectScope` of `custom_objects` (so nested configs see them),
    then built from its `build_config` and compiled from its
    `compile_config`, as Keras does; in an `ObjectSharingScope`, configs
    with the same `shared_object_id` give one object.

    Args:
        config: A dict in Keras's format, a name string, a list, or `None`.
        custom_objects: Dict of user names -> objects, tried first.
        safe_mode: Whether `from_config` may not load Python bytecode
            (`lambda`s); an enclosing `SafeModeScope` takes precedence.
        **kwargs: `module_objects`: dict of name -> object to resolve plain
            names and built-in class names against.

    Returns:
        The object (instances are made with `cls.from_config(config)`).

    Example:

    >>> deserialize_keras_object({"module": "builtins", "class_name": "function",
    ...                           "config": "relu", "registered_name": "function"})
    <function relu at ...>
    """
    module_objects = kwargs.pop("module_objects", None) or {}
    if kwargs:
        raise TypeError(f"Unexpected keyword argument(s): {sorted(kwargs)}")
    if config is None:
        return None
    custom_objects = {**object_registration.get_custom_objects(),
                      **object_registration.scope_custom_objects(), **(custom_objects or {})}
    if isinstance(config, str):
        obj = custom_objects.get(config) or module_objects.get(config)
        if obj is None:
            raise ValueError(f"Could not interpret serialized object: {config}")
        return obj
    return _deserialize(config, module_objects, custom_objects, safe_mode)


def _deserialize(config, module_objects, custom_objects, safe_mode):
    if isinstance(config, (list, tuple)):
        return [_deserialize(x, module_objects, custom_objects, safe_mode) for x in config]
    if config is None or isinstance(config, (bool, int, float, str)):
        return config
    if not isinstance(config, dict):
        raise ValueError(f"Could not interpret serialized object: {config}")
    if "class_name" not in config or "config" not in config:
        return {key: _deserialize(value, module_objects, custom_objects, safe_mode)
                for key, value in config.items()}
    class_name = config["class_name"]
    inner = config["config"] if config["config"] is not None else {}
    registered_name = config.get("registered_name")
    if class_name in _SPECIAL_VALUES:
        return _SPECIAL_VALUES[class_name](
            inner, lambda x: _deserialize(x, module_objects, custom_objects, safe_mode))
    if class_name == "function":
        name = inner
        obj = custom_objects.get(name) or module_objects.get(name)
        if obj is None and config.get("module") in (None, "builtins"):
            obj = _lookup_builtin_function(name)
        if obj is None:
            raise TypeError(_not_found("function", name, config))
        return obj
    shared = _shared_object(config)
    if shared is not None:
        return shared
    module = config.get("module") or ""
    cls = (
        custom_objects.get(registered_name or class_name)
        or custom_objects.get(class_name)
        # A Keras-internal module (`keras.src.ops.numpy.Multiply`, an op node)
        # names the class exactly: it wins over a same-named public one.
        or (api_export.lookup(f"{module}.{class_name}")
            if module.startswith("keras.src.") else None)
        or module_objects.get(class_name)
        or _lookup_builtin(config.get("module"), class_name)
    )
    if cls is None:
        raise TypeError(_not_found("class", class_name, config))
    if not hasattr(cls, "from_config"):
        raise TypeError(
            f"Unable to reconstruct an instance of '{class_name}' because the class is "
            f"missing a `from_config()` method. Full object config: {config}"
        )
    scope = _SAFE_MODE[-1]
    with SafeModeScope(safe_mode if scope is None else scope), \
            object_registration.CustomObjectScope(custom_objects):
        instance = cls.from_config(inner)
        build_config = config.get("build_config")
        if build_config and not getattr(instance, "built", True):
            instance.build_from_config(_shapes_as_tuples(build_config))
            instance.built = True
        if config.get("compile_config"):
            compile_from_config(instance, config["compile_config"])
    _record_deserialized(config, instance)
    return instance


def _shapes_as_tuples(value):
    """JSON's lists of dimensions as the shape tuples that layers record."""
    if isinstance(value, dict):
        return {key: _shapes_as_tuples(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        if all(d is None or isinstance(d, int) for d in value):
            return tuple(value)
        return [_shapes_as_tuples(v) for v in value]
    return value


_SPECIAL_VALUES = {
    "__numpy__": lambda c, _: np.array(c["value"], dtype=c["dtype"]),
    "__tensor__": lambda c, _: torch.tensor(c["value"], dtype=to_torch_dtype(c["dtype"])),
    "__bytes__": lambda c, _: c["value"].encode("utf-8"),
    "__ellipsis__": lambda c, _: Ellipsis,
    "__slice__": lambda c, load: slice(load(c["start"]), load(c["stop"]), load(c["step"])),
}


def compile_from_config(model, config) -> None:
    """Compiles `model` from a `get_compile_config()` dict, and builds its optimizer.

    A model's own `compile_from_config` (Keras's hook) takes precedence. With
    the optimizer built on the model's weights, saved optimizer state loads.

    Args:
        model: The model.
        config: Its serialized `compile()` arguments.

    Example:

    ```python
    compile_from_config(clone, model.get_compile_config())
    ```
    """
    if hasattr(model, "compile_from_config"):
        model.compile_from_config(config)
        return
    if getattr(type(model), "compile", None) is not _trainer_compile():
        warnings.warn(
            "`compile()` was not called as part of model loading because the model's "
            "`compile()` method is custom. All subclassed Models that have `compile()` "
            "overridden should also override `get_compile_config()` and "
            "`compile_from_config(config)`. Alternatively, you can call `compile()` "
            "manually after loading.",
            stacklevel=2,
        )
        return
    model.compile(**deserialize_keras_object(config))
    if model.built and model.optimizer is not None:
        model.optimizer.build(model.trainable_weights)


def _trainer_compile():
    from kerastorch.trainers.trainer import Trainer

    return Trainer.compile


def _not_found(kind: str, name: str, config) -> str:
    return (
        f"Could not locate {kind} '{name}'. Make sure custom classes and functions "
        "are decorated with `@keras.saving.register_keras_serializable()` or passed "
        "via `custom_objects`. If they are already decorated, make sure they are all "
        "imported so that the decorator is run before trying to load them. Full "
        f"object config: {config}"
    )


def resolve_identifier(identifier, module_objects: dict, kind: str):
    """Returns the object a package's `get(identifier)` names, as Keras's `get`s do.

    A config dict is deserialized, a name looked up in `module_objects`, and
    anything else taken as is; a class is then instantiated with its defaults.

    Args:
        identifier: `None`, a name, a config dict, a class, or an object.
        module_objects: Dict of the names the package accepts -> objects.
        kind: What is looked up, for the error message (`"loss"`).

    Returns:
        The object (an instance for a class), or `None` for `None`.

    Raises:
        ValueError: if the result is not callable.

    Example:

    >>> resolve_identifier("mse", kerastorch.losses.ALL_OBJECTS_DICT, "loss")
    <function mean_squared_error at ...>
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize_keras_object(identifier, module_objects=module_objects)
    elif isinstance(identifier, str):
        obj = module_objects.get(identifier)
    else:
        obj = identifier
    if not callable(obj):
        raise ValueError(f"Could not interpret {kind} identifier: {identifier}")
    return obj() if inspect.isclass(obj) else obj


def _lookup_builtin_function(name):
    for module in _BUILTIN_FUNCTION_MODULES:
        found = api_export.lookup(f"{module}.{name}")
        if found is not None and not inspect.isclass(found):
            return found
    return None


def _lookup_builtin(module, class_name):
    if module:
        found = api_export.lookup(f"{module}.{class_name}")
        if found is not None:
            return found
        return api_export.lookup_by_name(class_name, module.split(".")[0])
    return api_export.lookup_by_name(class_name)


# The innermost `SafeModeScope`'s value; `None` outside any scope.
_SAFE_MODE = [None]


class SafeModeScope:
    """Context manager that sets whether configs may load Python bytecode.

    Args:
        safe_mode: `True` (default everywhere) refuses to rebuild `lambda`s
            from their bytecode; `False` allows it for trusted files.
    """

    def __init__(self, safe_mode: bool = True):
        self.safe_mode = safe_mode

    def __enter__(self):
        _SAFE_MODE.append(self.safe_mode)
        return self

    def __exit__(self, *exc):
        _SAFE_MODE.pop()


def in_safe_mode() -> bool:
    """Whether loading bytecode is currently refused (it is, outside any scope)."""
    return _SAFE_MODE[-1] is not False


@keras_export("keras.config.enable_unsafe_deserialization")
def enable_unsafe_deserialization() -> None:
    """Allows, from now on, loading configs that hold Python bytecode (`lambda`s).

    Only for files you trust: it is the same as `safe_mode=False` everywhere.

    Example:

    ```python
    kerastorch.config.enable_unsafe_deserialization()
    model = kerastorch.models.load_model("model_with_lambdas.keras")
    ```
    """
    _SAFE_MODE[0] = False


def _reset_safe_mode() -> None:
    _SAFE_MODE[0] = None


# As in Keras, `clear_session()` turns unsafe deserialization off again.
session.register_reset_hook(_reset_safe_mode)


# The innermost `ObjectSharingScope`'s state; `None` outside any scope.
_SHARING = [None]


class ObjectSharingScope:
    """Context manager in which an object met twice is saved, and loaded, once.

    While saving, the configs of an object serialized more than once (a layer
    used in two nested models, a shared policy) get the same
    `"shared_object_id"`; while loading, the configs with that id rebuild a
    single object. `save_model` and `load_model` run inside one, as in Keras.

    Example:

    ```python
    with ObjectSharingScope():
        config = serialize_keras_object(model)
    ```
    """

    def __enter__(self):
        # `kept` holds the serialized objects, so that no id is reused meanwhile.
        _SHARING.append({"configs": {}, "objects": {}, "kept": []})
        return self

    def __exit__(self, *exc):
        _SHARING.pop()


def _record_serialized(obj, config) -> None:
    state = _SHARING[-1]
    if state is None:
        return
    previous = state["configs"].get(id(obj))
    if previous is None:
        state["configs"][id(obj)] = config
        state["kept"].append(obj)
    else:
        previous["shared_object_id"] = config["shared_object_id"] = id(obj)


def _shared_object(config):
    state = _SHARING[-1]
    if state is None or "shared_object_id" not in config:
        return None
    return state["objects"].get(config["shared_object_id"])


def _record_deserialized(config, obj) -> None:
    state = _SHARING[-1]
    if state is not None and "shared_object_id" in config:
        state["objects"][config["shared_object_id"]] = obj
