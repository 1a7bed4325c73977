"""`keras.layers.serialize` / `deserialize`: layers to and from config dicts."""

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib


@keras_export("keras.layers.serialize")
def serialize(layer) -> dict:
    """Returns the serialized configuration of a layer (Keras's format).

    Args:
        layer: A `Layer` instance.

    Returns:
        A dict with `module`, `class_name`, `config` and `registered_name`.

    Example:

    >>> serialize(kerastorch.layers.Dense(3))["class_name"]
    'Dense'
    """
    return serialization_lib.serialize_keras_object(layer)


@keras_export("keras.layers.deserialize")
def deserialize(config, custom_objects=None) -> Layer:
    """Returns a layer rebuilt from its serialized configuration.

    Args:
        config: A dict as returned by `serialize`.
        custom_objects: Optional dict mapping names to custom classes or functions.

    Returns:
        A `Layer` instance.

    Raises:
        ValueError: If the config does not describe a layer.

    Example:

    >>> layer = deserialize(serialize(kerastorch.layers.Dense(3)))
    >>> layer.units
    3
    """
    obj = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
    if not isinstance(obj, Layer):
        raise ValueError(
            "`keras.layers.deserialize` was passed a `config` object that is not a "
            f"`keras.layers.Layer`. Received: {config}"
        )
    return obj
