"""Metrics, as `keras.metrics`: classes, functions, and `get` / `serialize` / `deserialize`."""

from kerastorch.api_export import keras_export
from kerastorch.backend.naming import to_snake_case
from kerastorch.losses.divergence import kl_divergence as kl_divergence
from kerastorch.losses.divergence import poisson as poisson
from kerastorch.losses.focal import binary_focal_crossentropy as binary_focal_crossentropy
from kerastorch.losses.focal import categorical_focal_crossentropy as categorical_focal_crossentropy
from kerastorch.losses.hinge import categorical_hinge as categorical_hinge
from kerastorch.losses.hinge import hinge as hinge
from kerastorch.losses.hinge import squared_hinge as squared_hinge
from kerastorch.losses.probabilistic import binary_crossentropy as binary_crossentropy
from kerastorch.losses.probabilistic import categorical_crossentropy as categorical_crossentropy
from kerastorch.losses.probabilistic import sparse_categorical_crossentropy as sparse_categorical_crossentropy
from kerastorch.losses.regression import mean_absolute_error as mean_absolute_error
from kerastorch.losses.regression import mean_absolute_percentage_error as mean_absolute_percentage_error
from kerastorch.losses.regression import mean_squared_error as mean_squared_error
from kerastorch.losses.regression import mean_squared_logarithmic_error as mean_squared_logarithmic_error
from kerastorch.losses.robust_regression import huber as huber
from kerastorch.losses.robust_regression import log_cosh as log_cosh
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
from kerastorch.metrics.confusion_metrics import AUC as AUC
from kerastorch.metrics.confusion_metrics import FalseNegatives as FalseNegatives
from kerastorch.metrics.confusion_metrics import FalsePositives as FalsePositives
from kerastorch.metrics.confusion_metrics import Precision as Precision
from kerastorch.metrics.confusion_metrics import PrecisionAtRecall as PrecisionAtRecall
from kerastorch.metrics.confusion_metrics import Recall as Recall
from kerastorch.metrics.confusion_metrics import RecallAtPrecision as RecallAtPrecision
from kerastorch.metrics.confusion_metrics import SensitivityAtSpecificity as SensitivityAtSpecificity
from kerastorch.metrics.confusion_metrics import SpecificityAtSensitivity as SpecificityAtSensitivity
from kerastorch.metrics.confusion_metrics import TrueNegatives as TrueNegatives
from kerastorch.metrics.confusion_metrics import TruePositives as TruePositives
from kerastorch.metrics.correlation_metrics import ConcordanceCorrelation as ConcordanceCorrelation
from kerastorch.metrics.correlation_metrics import PearsonCorrelation as PearsonCorrelation
from kerastorch.metrics.correlation_metrics import concordance_correlation as concordance_correlation
from kerastorch.metrics.correlation_metrics import pearson_correlation as pearson_correlation
from kerastorch.metrics.f_score_metrics import F1Score as F1Score
from kerastorch.metrics.f_score_metrics import FBetaScore as FBetaScore
from kerastorch.metrics.hinge_metrics import CategoricalHinge as CategoricalHinge
from kerastorch.metrics.hinge_metrics import Hinge as Hinge
from kerastorch.metrics.hinge_metrics import SquaredHinge as SquaredHinge
from kerastorch.metrics.iou_metrics import BinaryIoU as BinaryIoU
from kerastorch.metrics.iou_metrics import IoU as IoU
from kerastorch.metrics.iou_metrics import MeanIoU as MeanIoU
from kerastorch.metrics.iou_metrics import OneHotIoU as OneHotIoU
from kerastorch.metrics.iou_metrics import OneHotMeanIoU as OneHotMeanIoU
from kerastorch.metrics.metric import Metric as Metric
from kerastorch.metrics.metric import MetricVariable as MetricVariable
from kerastorch.metrics.probabilistic_metrics import BinaryCrossentropy as BinaryCrossentropy
from kerastorch.metrics.probabilistic_metrics import CategoricalCrossentropy as CategoricalCrossentropy
from kerastorch.metrics.probabilistic_metrics import KLDivergence as KLDivergence
from kerastorch.metrics.probabilistic_metrics import Poisson as Poisson
from kerastorch.metrics.probabilistic_metrics import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy
from kerastorch.metrics.reduction_metrics import Mean as Mean
from kerastorch.metrics.reduction_metrics import MeanMetricWrapper as MeanMetricWrapper
from kerastorch.metrics.reduction_metrics import Sum as Sum
from kerastorch.metrics.regression_metrics import CosineSimilarity as CosineSimilarity
from kerastorch.metrics.regression_metrics import LogCoshError as LogCoshError
from kerastorch.metrics.regression_metrics import MeanAbsoluteError as MeanAbsoluteError
from kerastorch.metrics.regression_metrics import MeanAbsolutePercentageError as MeanAbsolutePercentageError
from kerastorch.metrics.regression_metrics import MeanSquaredError as MeanSquaredError
from kerastorch.metrics.regression_metrics import MeanSquaredLogarithmicError as MeanSquaredLogarithmicError
from kerastorch.metrics.regression_metrics import R2Score as R2Score
from kerastorch.metrics.regression_metrics import RootMeanSquaredError as RootMeanSquaredError
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
    RootMeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    CosineSimilarity,
    LogCoshError,
    R2Score,
    # Classification
    AUC,
    FalseNegatives,
    FalsePositives,
    Precision,
    PrecisionAtRecall,
    Recall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
    TrueNegatives,
    TruePositives,
    # Correlation
    ConcordanceCorrelation,
    PearsonCorrelation,
    # Hinge
    Hinge,
    SquaredHinge,
    CategoricalHinge,
    # Probabilistic
    KLDivergence,
    Poisson,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    # Accuracy
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    # F-Score
    F1Score,
    FBetaScore,
    # IoU
    IoU,
    BinaryIoU,
    MeanIoU,
    OneHotIoU,
    OneHotMeanIoU,
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
        "bce": BinaryCrossentropy,
        "BCE": BinaryCrossentropy,
        "mape": MeanAbsolutePercentageError,
        "MAPE": MeanAbsolutePercentageError,
        "msle": MeanSquaredLogarithmicError,
        "MSLE": MeanSquaredLogarithmicError,
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
