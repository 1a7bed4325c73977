"""User-registered serializable objects and custom-object scopes.

`register_keras_serializable` names a class or function `"package>name"` in
configs; `CustomObjectScope` makes extra names visible to every
deserialization that runs inside it (nested `from_config` calls included).
"""

import inspect

from kerastorch.api_export import keras_export

_GLOBAL_CUSTOM_OBJECTS = {}
_GLOBAL_CUSTOM_NAMES = {}
# The innermost `CustomObjectScope`'s objects (the scopes' union, as in Keras).
_SCOPE_OBJECTS = [{}]


@keras_export(
    "keras.saving.CustomObjectScope",
    "keras.saving.custom_object_scope",
    "keras.utils.CustomObjectScope",
    "keras.utils.custom_object_scope",
)
class CustomObjectScope:
    """Exposes custom classes and functions to deserialization inside a `with` block.

    Configs deserialized in the scope (by `load_model`, `from_config`,
    `deserialize_keras_object`, ...) can name these objects, at any depth.

    Args:
        custom_objects: Dict of `{name: object}`; several dicts may be given.

    Example:

    ```python
    with kerastorch.saving.custom_object_scope({"my_regularizer": my_regularizer}):
        layer = kerastorch.layers.Dense.from_config(config)
    ```
    """

    def __init__(self, *custom_objects):
        self.custom_objects = {}
        for objects in custom_objects:
            self.custom_objects.update(objects or {})

    def __enter__(self):
        _SCOPE_OBJECTS.append({**_SCOPE_OBJECTS[-1], **self.custom_objects})
        return self

    def __exit__(self, *exc):
        _SCOPE_OBJECTS.pop()


custom_object_scope = CustomObjectScope


@keras_export("keras.saving.register_keras_serializable",
              "keras.utils.register_keras_serializable")
def register_keras_serializable(package: str = "Custom", name: str = None):
    """Registers a class or function so configs can name it as `"package>name"`.

    Args:
        package: The package part of the registered name.
        name: The name part; defaults to the object's `__name__`.

    Returns:
        A decorator that registers its argument and returns it unchanged.

    Raises:
        ValueError: When decorating a class that has no `get_config()`.

    Example:

    ```python
    @register_keras_serializable(package="MyLayers")
    class MyDense(kerastorch.layers.Layer): ...

    assert get_registered_name(MyDense) == "MyLayers>MyDense"
    ```
    """

    def decorator(obj):
        registered_name = f"{package}>{name if name is not None else obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _GLOBAL_CUSTOM_OBJECTS[registered_name] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered_name
        return obj

    return decorator


@keras_export("keras.saving.get_custom_objects", "keras.utils.get_custom_objects")
def get_custom_objects() -> dict:
    """Returns the live global dict of registered name -> object.

    Objects of a `custom_object_scope` are not in it.

    Returns:
        The dict; adding to it registers an object.

    Example:

    ```python
    get_custom_objects()["MyObject"] = MyObject
    ```
    """
    return _GLOBAL_CUSTOM_OBJECTS


@keras_export("keras.saving.get_registered_name", "keras.utils.get_registered_name")
def get_registered_name(obj) -> str:
    """Returns the name `obj` was registered under, else its `__name__`.

    Args:
        obj: A class or function.

    Returns:
        `"package>name"` for a registered object, its Python name otherwise.

    Example:

    >>> get_registered_name(MyDense)
    'MyLayers>MyDense'
    """
    return get_registered_name_or_none(obj) or obj.__name__


@keras_export("keras.saving.get_registered_object", "keras.utils.get_registered_object")
def get_registered_object(name: str, custom_objects: dict = None, module_objects: dict = None):
    """Returns the object registered or in scope under `name`, or `None`.

    Looked up, in order: the enclosing `custom_object_scope`s, the global
    registry, `custom_objects`, then `module_objects`.

    Args:
        name: The name to look up.
        custom_objects: Optional dict of user names -> objects.
        module_objects: Optional dict of library names -> objects.

    Returns:
        The object, or `None` when no source has it.

    Example:

    >>> get_registered_object("MyLayers>MyDense")
    <class 'MyDense'>
    """
    for objects in (_SCOPE_OBJECTS[-1], _GLOBAL_CUSTOM_OBJECTS, custom_objects or {},
                    module_objects or {}):
        if name in objects:
            return objects[name]
    return None


def scope_custom_objects() -> dict:
    """The objects of the enclosing `custom_object_scope`s (empty outside any)."""
    return _SCOPE_OBJECTS[-1]


def get_registered_name_or_none(obj):
    """Returns the `"package>name"` an object was registered under, or `None`."""
    key = obj if isinstance(obj, type) or callable(obj) else type(obj)
    try:
        return _GLOBAL_CUSTOM_NAMES.get(key) or _GLOBAL_CUSTOM_NAMES.get(type(obj))
    except TypeError:
        return None
