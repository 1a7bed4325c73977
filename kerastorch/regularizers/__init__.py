"""Regularizers, as `keras.regularizers`: classes, aliases, and `get` / `serialize` / `deserialize`."""

from kerastorch.api_export import keras_export
from kerastorch.regularizers.regularizers import L1 as L1
from kerastorch.regularizers.regularizers import L1L2 as L1L2
from kerastorch.regularizers.regularizers import L2 as L2
from kerastorch.regularizers.regularizers import (
    OrthogonalRegularizer as OrthogonalRegularizer,
)
from kerastorch.regularizers.regularizers import Regularizer as Regularizer
from kerastorch.saving import serialization_lib

l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

ALL_OBJECTS = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)

# Names `get` and `deserialize` accept: class names and Keras's snake-case
# forms of them. As in Keras, that is "l1l2", not the attribute name "l1_l2".
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(
    {
        "regularizer": Regularizer,
        "l1": L1,
        "l2": L2,
        "l1l2": L1L2,
        "orthogonal_regularizer": OrthogonalRegularizer,
    }
)


@keras_export("keras.regularizers.serialize")
def serialize(regularizer) -> dict:
    """Returns the Keras config of a regularizer.

    Args:
        regularizer: A `Regularizer` instance.

    Returns:
        A config dict in Keras's format.

    Example:

    >>> serialize(L2(0.1))["config"]
    {'l2': 0.1}
    """
    return serialization_lib.serialize_keras_object(regularizer)


@keras_export("keras.regularizers.deserialize")
def deserialize(config, custom_objects: "dict | None" = None):
    """Returns the regularizer a config or name describes.

    Args:
        config: A config dict from `serialize`, or a regularizer name.
        custom_objects: Optional dict of user classes/functions by name.

    Returns:
        A `Regularizer` instance (or class, for a bare name).

    Example:

    >>> deserialize({"class_name": "L2", "config": {"l2": 0.1}})
    <kerastorch.regularizers.regularizers.L2 object at ...>
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


@keras_export("keras.regularizers.get")
def get(identifier):
    """Returns a regularizer from a name, a config, a class, a function or an instance.

    A name or class gives an instance with default arguments (`"l2"` is
    `L2(0.01)`).

    Args:
        identifier: `None`, a string, a config dict, a class, an instance,
            or a function.

    Returns:
        A regularizer (callable), or `None`.

    Raises:
        ValueError: if `identifier` cannot be interpreted.

    Example:

    >>> get("l2").get_config()
    {'l2': 0.01}
    """
    return serialization_lib.resolve_identifier(identifier, ALL_OBJECTS_DICT, "regularizer")
