"""The registry that gives each public class its Keras name.

`@keras_export("keras.layers.Dense")` records, for a class or function, the
public Keras path it answers to. Serialization writes `module` / `class_name`
from it (so a config saved by kerastorch reads in Keras) and deserialization
resolves a Keras `module` + `class_name` back to our object.
"""

_REGISTRY = {}  # "keras.layers.Dense" -> object
_PUBLIC_PATHS = {}  # id(object) -> ("keras.layers", "Dense")


def keras_export(*paths: str):
    """Decorator recording the public Keras path(s) of a class or function.

    Args:
        *paths: Public names such as `"keras.layers.Dense"`; the first is the
            canonical one used when serializing.

    Example:

    ```python
    @keras_export("keras.layers.Dense")
    class Dense(Layer): ...
    ```
    """

    def decorator(obj):
        for path in paths:
            _REGISTRY[path] = obj
        module, _, name = paths[0].rpartition(".")
        _PUBLIC_PATHS.setdefault(id(obj), (module, name))
        return obj

    return decorator


def get_public_path(obj):
    """Returns `(module, name)` for an exported object, or `None`."""
    return _PUBLIC_PATHS.get(id(obj))


def lookup(path: str):
    """Returns the object exported as `path` (e.g. `"keras.layers.Dense"`), or `None`."""
    return _REGISTRY.get(path)


def lookup_by_name(name: str, module_prefix: str = "keras"):
    """Returns an exported object whose last name component is `name`.

    Used for files whose `module` differs between Keras backends: a built-in is
    resolved by its class name within `module_prefix` (e.g. `"keras.optimizers"`).
    """
    for path, obj in _REGISTRY.items():
        module, _, last = path.rpartition(".")
        if last == name and module.startswith(module_prefix):
            return obj
    return None
