"""Regression metrics: mean squared error and mean absolute error."""

from kerastorch.api_export import keras_export
from kerastorch.losses.regression import mean_absolute_error
from kerastorch.losses.regression import mean_squared_error
from kerastorch.metrics.reduction_metrics import FixedMeanMetricWrapper


@keras_export("keras.metrics.MeanSquaredError")
class MeanSquaredError(FixedMeanMetricWrapper):
    """The mean squared error between labels and predictions, over all samples seen.

    Args:
        name: Name of the metric; defaults to `"mean_squared_error"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = MeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> m.result()
    tensor(0.2500)
    """

    def __init__(self, name: str = "mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name, dtype)


@keras_export("keras.metrics.MeanAbsoluteError")
class MeanAbsoluteError(FixedMeanMetricWrapper):
    """The mean absolute error between labels and predictions, over all samples seen.

    Args:
        name: Name of the metric; defaults to `"mean_absolute_error"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = MeanAbsoluteError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> m.result()
    tensor(0.2500)
    """

    def __init__(self, name: str = "mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name, dtype)
