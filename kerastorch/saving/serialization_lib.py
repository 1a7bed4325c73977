"""Keras's config format: `{"module", "class_name", "config", "registered_name"}`.

`serialize_keras_object` writes it for any object exported with
`keras_export` (or registered by the user), and `deserialize_keras_object`
resolves it back, so configs are interchangeable with Keras's.
"""

import inspect

from kerastorch import api_export
from kerastorch.saving import object_registration


def serialize_keras_object(obj):
    """Returns the Keras serialization of `obj`.

    Built-in functions (e.g. activations) serialize to their name, objects with
    `get_config` to the full dict, plain values to themselves.

    Args:
        obj: The object to serialize.

    Returns:
        A JSON-friendly value.
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    registered_name = object_registration.get_registered_name_or_none(obj)
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        if registered_name is not None:
            return {
                "module": obj.__module__,
                "class_name": "function",
                "config": registered_name,
                "registered_name": "function",
            }
        return obj.__name__
    cls = obj if inspect.isclass(obj) else type(obj)
    public = api_export.get_public_path(cls)
    module, class_name = public if public else (cls.__module__, cls.__name__)
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


def deserialize_keras_object(config, module_objects=None, custom_objects=None):
    """Rebuilds an object from `serialize_keras_object`'s output.

    Args:
        config: A dict in Keras's format, a name string, or `None`.
        module_objects: Dict of name -> object to resolve plain names and
            built-in class names against.
        custom_objects: Dict of user names -> objects, tried first.

    Returns:
        The object (instances are made with `cls.from_config(config)`).
    """
    if config is None:
        return None
    custom_objects = {**object_registration.get_custom_objects(), **(custom_objects or {})}
    module_objects = module_objects or {}
    if isinstance(config, str):
        obj = custom_objects.get(config) or module_objects.get(config)
        if obj is None:
            raise ValueError(f"Could not interpret serialized object: {config}")
        return obj
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret serialized object: {config}")
    class_name = config["class_name"]
    inner = config.get("config", {})
    registered_name = config.get("registered_name")
    if class_name == "function":
        name = inner
        obj = custom_objects.get(name) or module_objects.get(name)
        if obj is None:
            raise ValueError(f"Could not locate function '{name}'.")
        return obj
    cls = (
        custom_objects.get(registered_name or class_name)
        or custom_objects.get(class_name)
        or module_objects.get(class_name)
        or _lookup_builtin(config.get("module"), class_name)
    )
    if cls is None:
        raise TypeError(
            f"Could not locate class '{class_name}'. Make sure custom classes are "
            "decorated with `@keras.saving.register_keras_serializable()` or "
            "passed via `custom_objects`. Full object config: "
            f"{config}"
        )
    return cls.from_config(inner)


def _lookup_builtin(module, class_name):
    if module:
        found = api_export.lookup(f"{module}.{class_name}")
        if found is not None:
            return found
        return api_export.lookup_by_name(class_name, module.split(".")[0])
    return api_export.lookup_by_name(class_name)


_SAFE_MODE = [True]


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
    """Whether loading bytecode is currently refused."""
    return _SAFE_MODE[-1]
