"""Losses, as `keras.losses`: classes, functions, and `get` / `serialize` / `deserialize`."""

from kerastorch.api_export import keras_export
from kerastorch.losses.loss import Loss as Loss
from kerastorch.losses.loss import LossFunctionWrapper as LossFunctionWrapper
from kerastorch.losses.probabilistic import BinaryCrossentropy as BinaryCrossentropy
from kerastorch.losses.probabilistic import CategoricalCrossentropy as CategoricalCrossentropy
from kerastorch.losses.probabilistic import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy
from kerastorch.losses.probabilistic import binary_crossentropy as binary_crossentropy
from kerastorch.losses.probabilistic import categorical_crossentropy as categorical_crossentropy
from kerastorch.losses.probabilistic import sparse_categorical_crossentropy as sparse_categorical_crossentropy
from kerastorch.losses.regression import MeanAbsoluteError as MeanAbsoluteError
from kerastorch.losses.regression import MeanSquaredError as MeanSquaredError
from kerastorch.losses.regression import mean_absolute_error as mean_absolute_error
from kerastorch.losses.regression import mean_squared_error as mean_squared_error
from kerastorch.saving import serialization_lib

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
bce = BCE = binary_crossentropy

ALL_OBJECTS = (
    Loss,
    LossFunctionWrapper,
    # Probabilistic
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
    # Regression
    MeanSquaredError,
    MeanAbsoluteError,
    mean_squared_error,
    mean_absolute_error,
)

# Names `get` and `deserialize` accept: class and function names, plus Keras's aliases.
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(
    {
        "bce": binary_crossentropy,
        "BCE": binary_crossentropy,
        "mae": mean_absolute_error,
        "MAE": mean_absolute_error,
        "mse": mean_squared_error,
        "MSE": mean_squared_error,
    }
)


@keras_export("keras.losses.serialize")
def serialize(loss) -> dict:
    """Returns the Keras config of a `Loss` instance or a loss function.

    Args:
        loss: A `Loss` or a loss function.

    Returns:
        A config dict in Keras's format.

    Example:

    >>> serialize(MeanSquaredError())["class_name"]
    'MeanSquaredError'
    """
    return serialization_lib.serialize_keras_object(loss)


@keras_export("keras.losses.deserialize")
def deserialize(name, custom_objects: "dict | None" = None):
    """Returns the loss (class instance or function) a config or name describes.

    Args:
        name: A config dict from `serialize`, or a loss name.
        custom_objects: Optional dict of user classes/functions by name.

    Returns:
        A `Loss` instance or a loss function.

    Raises:
        ValueError: if a name or function config names no known loss.

    Example:

    >>> deserialize({"class_name": "MeanSquaredError", "config": {}})
    <MeanSquaredError(<function mean_squared_error ...>, kwargs={})>
    """
    return serialization_lib.deserialize_keras_object(
        name, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


@keras_export("keras.losses.get")
def get(identifier):
    """Returns a loss from a name, a config, a class, a function or an instance.

    A class name gives an instance with default arguments, a function name
    (or alias such as `"mse"`) the function itself.

    Args:
        identifier: `None`, a string, a config dict, a `Loss` class or
            instance, or a function.

    Returns:
        A `Loss` instance, a loss function, or `None`.

    Raises:
        ValueError: if `identifier` cannot be interpreted.

    Example:

    >>> get("mse") is mean_squared_error
    True
    >>> get("CategoricalCrossentropy")
    <CategoricalCrossentropy(...)>
    """
    return serialization_lib.resolve_identifier(identifier, ALL_OBJECTS_DICT, "loss")
