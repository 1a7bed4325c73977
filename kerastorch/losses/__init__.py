"""Losses, as `keras.losses`: classes, functions, and `get` / `serialize` / `deserialize`."""

from kerastorch.api_export import keras_export
from kerastorch.losses.ctc import CTC as CTC
from kerastorch.losses.ctc import ctc as ctc
from kerastorch.losses.divergence import KLDivergence as KLDivergence
from kerastorch.losses.divergence import Poisson as Poisson
from kerastorch.losses.divergence import kl_divergence as kl_divergence
from kerastorch.losses.divergence import poisson as poisson
from kerastorch.losses.focal import BinaryFocalCrossentropy as BinaryFocalCrossentropy
from kerastorch.losses.focal import CategoricalFocalCrossentropy as CategoricalFocalCrossentropy
from kerastorch.losses.focal import binary_focal_crossentropy as binary_focal_crossentropy
from kerastorch.losses.focal import categorical_focal_crossentropy as categorical_focal_crossentropy
from kerastorch.losses.generalized_crossentropy import (
    CategoricalGeneralizedCrossEntropy as CategoricalGeneralizedCrossEntropy,
)
from kerastorch.losses.generalized_crossentropy import (
    categorical_generalized_cross_entropy as categorical_generalized_cross_entropy,
)
from kerastorch.losses.hinge import CategoricalHinge as CategoricalHinge
from kerastorch.losses.hinge import Hinge as Hinge
from kerastorch.losses.hinge import SquaredHinge as SquaredHinge
from kerastorch.losses.hinge import categorical_hinge as categorical_hinge
from kerastorch.losses.hinge import hinge as hinge
from kerastorch.losses.hinge import squared_hinge as squared_hinge
from kerastorch.losses.loss import Loss as Loss
from kerastorch.losses.loss import LossFunctionWrapper as LossFunctionWrapper
from kerastorch.losses.probabilistic import BinaryCrossentropy as BinaryCrossentropy
from kerastorch.losses.probabilistic import CategoricalCrossentropy as CategoricalCrossentropy
from kerastorch.losses.probabilistic import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy
from kerastorch.losses.probabilistic import binary_crossentropy as binary_crossentropy
from kerastorch.losses.probabilistic import categorical_crossentropy as categorical_crossentropy
from kerastorch.losses.probabilistic import sparse_categorical_crossentropy as sparse_categorical_crossentropy
from kerastorch.losses.regression import MeanAbsoluteError as MeanAbsoluteError
from kerastorch.losses.regression import MeanAbsolutePercentageError as MeanAbsolutePercentageError
from kerastorch.losses.regression import MeanSquaredError as MeanSquaredError
from kerastorch.losses.regression import MeanSquaredLogarithmicError as MeanSquaredLogarithmicError
from kerastorch.losses.regression import mean_absolute_error as mean_absolute_error
from kerastorch.losses.regression import mean_absolute_percentage_error as mean_absolute_percentage_error
from kerastorch.losses.regression import mean_squared_error as mean_squared_error
from kerastorch.losses.regression import mean_squared_logarithmic_error as mean_squared_logarithmic_error
from kerastorch.losses.robust_regression import Huber as Huber
from kerastorch.losses.robust_regression import LogCosh as LogCosh
from kerastorch.losses.robust_regression import huber as huber
from kerastorch.losses.robust_regression import log_cosh as log_cosh
from kerastorch.losses.segmentation import Dice as Dice
from kerastorch.losses.segmentation import Tversky as Tversky
from kerastorch.losses.segmentation import dice as dice
from kerastorch.losses.segmentation import tversky as tversky
from kerastorch.losses.similarity import Circle as Circle
from kerastorch.losses.similarity import CosineSimilarity as CosineSimilarity
from kerastorch.losses.similarity import circle as circle
from kerastorch.losses.similarity import cosine_similarity as cosine_similarity
from kerastorch.saving import serialization_lib

# Keras 2 short names, kept by Keras 3 as `keras._legacy.losses` aliases.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh
bce = BCE = binary_crossentropy

# As Keras's `ALL_OBJECTS`: the generalized crossentropy is left out there too,
# so `get("categorical_generalized_cross_entropy")` fails as it does in Keras.
ALL_OBJECTS = (
    # Base
    Loss,
    LossFunctionWrapper,
    # Probabilistic
    KLDivergence,
    Poisson,
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    SparseCategoricalCrossentropy,
    # Regression
    MeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    CosineSimilarity,
    LogCosh,
    Huber,
    # Hinge
    Hinge,
    SquaredHinge,
    CategoricalHinge,
    # Image segmentation
    Dice,
    Tversky,
    # Similarity
    Circle,
    # Sequence
    CTC,
    # Functions
    kl_divergence,
    poisson,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    sparse_categorical_crossentropy,
    mean_squared_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_logarithmic_error,
    cosine_similarity,
    log_cosh,
    huber,
    hinge,
    squared_hinge,
    categorical_hinge,
    dice,
    tversky,
    circle,
    ctc,
)

# Names `get` and `deserialize` accept: class and function names, plus Keras's aliases.
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(
    {
        "bce": binary_crossentropy,
        "BCE": binary_crossentropy,
        "kld": kl_divergence,
        "KLD": kl_divergence,
        "mae": mean_absolute_error,
        "MAE": mean_absolute_error,
        "mse": mean_squared_error,
        "MSE": mean_squared_error,
        "mape": mean_absolute_percentage_error,
        "MAPE": mean_absolute_percentage_error,
        "msle": mean_squared_logarithmic_error,
        "MSLE": mean_squared_logarithmic_error,
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
