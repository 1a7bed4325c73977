"""Constraints, as `keras.constraints`: classes, aliases, and `get` / `serialize` / `deserialize`."""

from kerastorch.api_export import keras_export
from kerastorch.constraints.constraints import Constraint as Constraint
from kerastorch.constraints.constraints import MaxNorm as MaxNorm
from kerastorch.constraints.constraints import MinMaxNorm as MinMaxNorm
from kerastorch.constraints.constraints import NonNeg as NonNeg
from kerastorch.constraints.constraints import UnitNorm as UnitNorm
from kerastorch.saving import serialization_lib

max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

ALL_OBJECTS = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)

# Names `get` and `deserialize` accept: class names and their snake-case forms.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(
    {
        "constraint": Constraint,
        "max_norm": MaxNorm,
        "min_max_norm": MinMaxNorm,
        "non_neg": NonNeg,
        "unit_norm": UnitNorm,
    }
)


@keras_export("keras.constraints.serialize")
def serialize(constraint) -> dict:
    """Returns the Keras config of a constraint.

    Args:
        constraint: A `Constraint` instance.

    Returns:
        A config dict in Keras's format.

    Example:

    >>> serialize(MaxNorm(1.0))["config"]
    {'max_value': 1.0, 'axis': 0}
    """
    return serialization_lib.serialize_keras_object(constraint)


@keras_export("keras.constraints.deserialize")
def deserialize(config, custom_objects: "dict | None" = None):
    """Returns the constraint a config or name describes.

    Args:
        config: A config dict from `serialize`, or a constraint name.
        custom_objects: Optional dict of user classes/functions by name.

    Returns:
        A `Constraint` instance (or class, for a bare name).

    Example:

    >>> deserialize({"class_name": "UnitNorm", "config": {"axis": 0}}).axis
    0
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


@keras_export("keras.constraints.get")
def get(identifier):
    """Returns a constraint from a name, a config, a class, a function or an instance.

    A name or class gives an instance with default arguments (`"max_norm"`
    is `MaxNorm(2, axis=0)`).

    Args:
        identifier: `None`, a string, a config dict, a class, an instance,
            or a function.

    Returns:
        A constraint (callable), or `None`.

    Raises:
        ValueError: if `identifier` cannot be interpreted.

    Example:

    >>> get("non_neg")
    <kerastorch.constraints.constraints.NonNeg object at ...>
    """
    return serialization_lib.resolve_identifier(identifier, ALL_OBJECTS_DICT, "constraint")
