"""Keras's config format: `{"module", "class_name", "config", "registered_name"}`.

`serialize_keras_object` writes it for any object exported with
`keras_export` (or registered by the user), and `deserialize_keras_object`
resolves it back, so configs are interchangeable with Keras's.
"""

import inspect

import numpy as np
import torch

from kerastorch import api_export
from kerastorch.backend.dtypes import standardize_dtype, to_torch_dtype
from kerastorch.saving import object_registration

# Where a function config with no module (or Keras's "builtins") is looked up.
_BUILTIN_FUNCTION_MODULES = ("keras.losses", "keras.metrics", "keras.activations")


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
    if isinstance(obj, torch.Tensor):
        return _serialize_values("__tensor__", obj.detach().cpu().tolist(), obj.dtype)
    if isinstance(obj, np.ndarray) and obj.ndim > 0:
        return _serialize_values("__numpy__", obj.tolist(), obj.dtype)
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
    return serialized


def _serialize_values(class_name: str, values, dtype) -> dict:
    return {"class_name": class_name, "config": {"value": values, "dtype": standardize_dtype(dtype)}}


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """Rebuilds an object from `serialize_keras_object`'s output.

    A function config resolves to the function: a user one, one of
    `module_objects`, or (with module `"builtins"`, as Keras writes it) a
    built-in loss, metric or activation function. `"__numpy__"` and
    `"__tensor__"` configs give back the array or (CPU) tensor. Lists and
    plain dicts are deserialized item by item; plain values are returned as
    they are (inside a structure, strings too).

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
    custom_objects = {**object_registration.get_custom_objects(), **(custom_objects or {})}
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
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__tensor__":
        return torch.tensor(inner["value"], dtype=to_torch_dtype(inner["dtype"]))
    if class_name == "function":
        name = inner
        obj = custom_objects.get(name) or module_objects.get(name)
        if obj is None and config.get("module") in (None, "builtins"):
            obj = _lookup_builtin_function(name)
        if obj is None:
            raise TypeError(_not_found("function", name, config))
        return obj
    cls = (
        custom_objects.get(registered_name or class_name)
        or custom_objects.get(class_name)
        or module_objects.get(class_name)
        or _lookup_builtin(config.get("module"), class_name)
    )
    if cls is None:
        raise TypeError(_not_found("class", class_name, config))
    scope = _SAFE_MODE[-1]
    with SafeModeScope(safe_mode if scope is None else scope):
        return cls.from_config(inner)


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
