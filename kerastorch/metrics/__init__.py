"""Metrics, as `keras.metrics`: classes, functions, and `get` / `serialize` / `deserialize`."""

from kerastorch.api_export import keras_export
from kerastorch.backend.naming import to_snake_case
from kerastorch.losses.probabilistic import binary_crossentropy as binary_crossentropy
from kerastorch.losses.probabilistic import categorical_crossentropy as categorical_crossentropy
from kerastorch.losses.probabilistic import sparse_categorical_crossentropy as sparse_categorical_crossentropy
from kerastorch.losses.regression import mean_absolute_error as mean_absolute_error
from kerastorch.losses.regression import mean_squared_error as mean_squared_error
from kerastorch.metrics.accuracy_metrics import Accuracy as Accuracy
from kerastorch.metrics.accuracy_metrics import BinaryAccuracy as BinaryAccuracy
from kerastorch.metrics.accuracy_metrics import CategoricalAccuracy as CategoricalAccuracy
from kerastorch.metrics.accuracy_metrics import SparseCategoricalAccuracy as SparseCategoricalAccuracy
from kerastorch.metrics.accuracy_metrics import SparseTopKCategoricalAccuracy as SparseTopKCategoricalAccuracy
from kerastorch.metrics.accuracy_metrics import TopKCategoricalAccuracy as TopKCategoricalAccuracy
from kerastorch.metrics.accuracy_metrics import binary_accuracy as binary_accuracy
from kerastorch.metrics.accuracy_metrics import categorical_accuracy as categorical_accuracy
from kerastorch.metrics.accuracy_metrics import sparse_categorical_accuracy as sparse_categorical_accuracy
from kerastorch.metrics.accuracy_metrics import sparse_top_k_categorical_accuracy as sparse_top_k_categorical_accuracy
from kerastorch.metrics.accuracy_metrics import top_k_categorical_accuracy as top_k_categorical_accuracy
from kerastorch.metrics.metric import Metric as Metric
from kerastorch.metrics.metric import MetricVariable as MetricVariable
from kerastorch.metrics.reduction_metrics import Mean as Mean
from kerastorch.metrics.reduction_metrics import MeanMetricWrapper as MeanMetricWrapper
from kerastorch.metrics.reduction_metrics import Sum as Sum
from kerastorch.metrics.regression_metrics import MeanAbsoluteError as MeanAbsoluteError
from kerastorch.metrics.regression_metrics import MeanSquaredError as MeanSquaredError
from kerastorch.saving import serialization_lib

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error

ALL_OBJECTS = (
    # Base
    Metric,
    Mean,
    Sum,
    MeanMetricWrapper,
    # Regression
    MeanSquaredError,
    MeanAbsoluteError,
    # Accuracy
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
)

# Names `get` and `deserialize` accept, as Keras's: class names, their snake_case
# forms (so "accuracy" is `Accuracy`, "mse" the `MeanSquaredError` metric).
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT.update(
    {
        "mse": MeanSquaredError,
        "MSE": MeanSquaredError,
        "mae": MeanAbsoluteError,
        "MAE": MeanAbsoluteError,
    }
)


@keras_export("keras.metrics.serialize")
def serialize(metric) -> dict:
    """Returns the Keras config of a `Metric` instance or a metric function.

    Args:
        metric: A `Metric` or a metric function.

    Returns:
        A config dict in Keras's format.

    Example:

    >>> serialize(Mean())["config"]
    {'name': 'mean', 'dtype': 'float32'}
    """
    return serialization_lib.serialize_keras_object(metric)


@keras_export("keras.metrics.deserialize")
def deserialize(config, custom_objects: "dict | None" = None):
    """Returns the metric a config or name describes.

    Args:
        config: A config dict from `serialize`, or a metric name.
        custom_objects: Optional dict of user classes/functions by name.

    Returns:
        A `Metric` instance (or, for a function config, the function's
        metric class or the function).

    Raises:
        ValueError: if a name names no known metric.

    Example:

    >>> deserialize({"class_name": "BinaryAccuracy", "config": {"threshold": 0.3}}).threshold
    0.3
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


@keras_export("keras.metrics.get")
def get(identifier):
    """Returns a metric from a name, a config, a class, a function or an instance.

    Names resolve as in Keras: `"accuracy"` is `Accuracy()` (exact match; the
    choice between binary / categorical / sparse accuracy for `compile()`
    happens in the trainer), `"mse"` is `MeanSquaredError()`. A class is
    instantiated with its defaults; a function is returned as is.

    Args:
        identifier: `None`, a string, a config dict, a `Metric` class or
            instance, or a function.

    Returns:
        A `Metric` instance, a function, or `None`.

    Raises:
        ValueError: if `identifier` cannot be interpreted.

    Example:

    >>> get("sparse_categorical_accuracy")
    <SparseCategoricalAccuracy name=sparse_categorical_accuracy>
    """
    return serialization_lib.resolve_identifier(identifier, ALL_OBJECTS_DICT, "metric")
