"""User-registered serializable objects (`register_keras_serializable`)."""

from kerastorch.api_export import keras_export

_GLOBAL_CUSTOM_OBJECTS = {}
_GLOBAL_CUSTOM_NAMES = {}


@keras_export("keras.saving.register_keras_serializable")
def register_keras_serializable(package: str = "Custom", name: str = None):
    """Registers a class or function so configs can name it as `"package>name"`.

    Args:
        package: The package part of the registered name.
        name: The name part; defaults to the object's `__name__`.

    Example:

    ```python
    @register_keras_serializable(package="MyLayers")
    class MyDense(kerastorch.layers.Layer): ...
    ```
    """

    def decorator(obj):
        registered_name = f"{package}>{name or obj.__name__}"
        if not hasattr(obj, "get_config") and isinstance(obj, type):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _GLOBAL_CUSTOM_OBJECTS[registered_name] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered_name
        return obj

    return decorator


@keras_export("keras.saving.get_custom_objects", "keras.utils.get_custom_objects")
def get_custom_objects() -> dict:
    """Returns the global dict of registered name -> object."""
    return _GLOBAL_CUSTOM_OBJECTS


def get_registered_name_or_none(obj):
    """Returns the `"package>name"` an object was registered under, or `None`."""
    key = obj if isinstance(obj, type) or callable(obj) else type(obj)
    try:
        return _GLOBAL_CUSTOM_NAMES.get(key) or _GLOBAL_CUSTOM_NAMES.get(type(obj))
    except TypeError:
        return None
