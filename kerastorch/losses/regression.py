"""Regression losses: mean squared, absolute, absolute percentage and squared logarithmic errors."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.losses.tensor_utils import mean


@keras_export(
    "keras.losses.mean_squared_error",
    "keras.metrics.mean_squared_error",
    "keras.losses.mse",
    "keras.losses.MSE",
    "keras.metrics.mse",
    "keras.metrics.MSE",
)
def mean_squared_error(y_true, y_pred) -> torch.Tensor:
    """Computes the mean squared error over the last axis.

    `loss = mean(square(y_true - y_pred), axis=-1)`

    Args:
        y_true: Targets, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predictions, shape `(batch_size, d0, ..., dN)`.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> mean_squared_error(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]]))
    tensor([0.5000])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    return mean(torch.square(y_true - y_pred), axis=-1)


@keras_export(
    "keras.losses.mean_absolute_error",
    "keras.metrics.mean_absolute_error",
    "keras.losses.mae",
    "keras.losses.MAE",
    "keras.metrics.mae",
    "keras.metrics.MAE",
)
def mean_absolute_error(y_true, y_pred) -> torch.Tensor:
    """Computes the mean absolute error over the last axis.

    `loss = mean(abs(y_true - y_pred), axis=-1)`

    Args:
        y_true: Targets, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predictions, shape `(batch_size, d0, ..., dN)`.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> mean_absolute_error(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]]))
    tensor([0.5000])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    return mean(torch.abs(y_true - y_pred), axis=-1)


@keras_export(
    "keras.losses.mean_absolute_percentage_error",
    "keras.metrics.mean_absolute_percentage_error",
    "keras.losses.mape",
    "keras.losses.MAPE",
    "keras.metrics.mape",
    "keras.metrics.MAPE",
)
def mean_absolute_percentage_error(y_true, y_pred) -> torch.Tensor:
    """Computes the mean absolute percentage error over the last axis.

    `loss = 100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1)`

    Args:
        y_true: Targets, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predictions, shape `(batch_size, d0, ..., dN)`.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> mean_absolute_percentage_error(np.array([[2.0, 4.0]]), np.array([[1.0, 5.0]]))
    tensor([37.5000])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    diff = torch.abs((y_true - y_pred) / torch.clamp(torch.abs(y_true), min=config.epsilon()))
    return 100.0 * mean(diff, axis=-1)


@keras_export(
    "keras.losses.mean_squared_logarithmic_error",
    "keras.metrics.mean_squared_logarithmic_error",
    "keras.losses.msle",
    "keras.losses.MSLE",
    "keras.metrics.msle",
    "keras.metrics.MSLE",
)
def mean_squared_logarithmic_error(y_true, y_pred) -> torch.Tensor:
    """Computes the mean squared logarithmic error over the last axis.

    `loss = mean(square(log(y_true + 1) - log(y_pred + 1)), axis=-1)`, with
    both clipped below at `epsilon` first.

    Args:
        y_true: Targets, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predictions, shape `(batch_size, d0, ..., dN)`.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> mean_squared_logarithmic_error(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]]))
    tensor([0.2402])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    eps = config.epsilon()
    first_log = torch.log(torch.clamp(y_pred, min=eps) + 1.0)
    second_log = torch.log(torch.clamp(y_true, min=eps) + 1.0)
    return mean(torch.square(first_log - second_log), axis=-1)


@keras_export("keras.losses.MeanSquaredError")
class MeanSquaredError(FixedLossFunctionWrapper):
    """Mean of the squared errors between labels and predictions.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"mean_squared_error"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> MeanSquaredError()(np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.1, 0.8]))
    tensor(0.0200)
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, reduction, name, dtype)


@keras_export("keras.losses.MeanAbsoluteError")
class MeanAbsoluteError(FixedLossFunctionWrapper):
    """Mean of the absolute errors between labels and predictions.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"mean_absolute_error"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> MeanAbsoluteError()(np.array([1.0, 0.3, 1.0]), np.array([1.9, 0.3, 1.8]))
    tensor(0.5667)
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, reduction, name, dtype)


@keras_export("keras.losses.MeanAbsolutePercentageError")
class MeanAbsolutePercentageError(FixedLossFunctionWrapper):
    """Mean absolute percentage error between labels and predictions.

    `loss = 100 * mean(abs((y_true - y_pred) / y_true))`, with `|y_true|`
    clipped below at `epsilon`.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"mean_absolute_percentage_error"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> MeanAbsolutePercentageError()(np.array([[2.0, 4.0]]), np.array([[1.0, 5.0]]))
    tensor(37.5000)
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, reduction, name, dtype)


@keras_export("keras.losses.MeanSquaredLogarithmicError")
class MeanSquaredLogarithmicError(FixedLossFunctionWrapper):
    """Mean squared logarithmic error between labels and predictions.

    `loss = mean(square(log(y_true + 1) - log(y_pred + 1)))`

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"mean_squared_logarithmic_error"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> MeanSquaredLogarithmicError()(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]]))
    tensor(0.2402)
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, reduction, name, dtype)
