"""Hinge losses (maximum-margin classification): hinge, squared hinge, categorical hinge."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.losses.tensor_utils import mean


def convert_binary_labels_to_hinge(y_true: torch.Tensor) -> torch.Tensor:
    """Maps 0/1 labels to -1/1, leaving labels that are not all 0 or 1 unchanged.

    The test covers the whole tensor and is decided on the device (a
    `torch.where`), not read back on the host.

    Args:
        y_true: Labels, either 0/1 or already -1/1.

    Returns:
        The -1/1 labels.
    """
    is_binary = torch.all((y_true == 0) | (y_true == 1))
    return torch.where(is_binary, 2.0 * y_true - 1.0, y_true)


def _margins(y_true, y_pred) -> torch.Tensor:
    y_true, y_pred = convert_pair(y_true, y_pred)
    return torch.clamp(1.0 - convert_binary_labels_to_hinge(y_true) * y_pred, min=0.0)


@keras_export("keras.losses.hinge", "keras.metrics.hinge")
def hinge(y_true, y_pred) -> torch.Tensor:
    """Computes the hinge loss, averaged over the last axis.

    `loss = mean(maximum(1 - y_true * y_pred, 0), axis=-1)`, with 0/1 labels
    first mapped to -1/1.

    Args:
        y_true: Labels, -1/1 or 0/1, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predictions (scores), shape `(batch_size, d0, ..., dN)`.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> hinge(np.array([[0.0, 1.0]]), np.array([[0.6, 0.4]]))
    tensor([1.1000])
    """
    return mean(_margins(y_true, y_pred), axis=-1)


@keras_export("keras.losses.squared_hinge", "keras.metrics.squared_hinge")
def squared_hinge(y_true, y_pred) -> torch.Tensor:
    """Computes the squared hinge loss, averaged over the last axis.

    `loss = mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`, with
    0/1 labels first mapped to -1/1.

    Args:
        y_true: Labels, -1/1 or 0/1, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predictions (scores), shape `(batch_size, d0, ..., dN)`.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> squared_hinge(np.array([[0.0, 1.0]]), np.array([[0.6, 0.4]]))
    tensor([1.4600])
    """
    return mean(torch.square(_margins(y_true, y_pred)), axis=-1)


@keras_export("keras.losses.categorical_hinge", "keras.metrics.categorical_hinge")
def categorical_hinge(y_true, y_pred) -> torch.Tensor:
    """Computes the categorical hinge loss over the last (class) axis.

    `loss = maximum(neg - pos + 1, 0)` where `pos = sum(y_true * y_pred)`
    and `neg = max((1 - y_true) * y_pred)`.

    Args:
        y_true: One-hot labels, shape `(batch_size, num_classes)`.
        y_pred: Predictions (scores), same shape.

    Returns:
        Losses of shape `(batch_size,)`.

    Example:

    >>> categorical_hinge(np.array([[0.0, 1.0]]), np.array([[0.6, 0.4]]))
    tensor([1.2000])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    pos = torch.sum(y_true * y_pred, dim=-1)
    neg = torch.amax((1.0 - y_true) * y_pred, dim=-1)
    return torch.clamp(neg - pos + 1.0, min=0.0)


@keras_export("keras.losses.Hinge")
class Hinge(FixedLossFunctionWrapper):
    """Hinge loss between -1/1 (or 0/1) labels and predicted scores.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"hinge"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> Hinge()(np.array([[0.0, 1.0]]), np.array([[0.6, 0.4]]))
    tensor(1.1000)
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction, name, dtype)


@keras_export("keras.losses.SquaredHinge")
class SquaredHinge(FixedLossFunctionWrapper):
    """Squared hinge loss between -1/1 (or 0/1) labels and predicted scores.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"squared_hinge"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> SquaredHinge()(np.array([[0.0, 1.0]]), np.array([[0.6, 0.4]]))
    tensor(1.4600)
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction, name, dtype)


@keras_export("keras.losses.CategoricalHinge")
class CategoricalHinge(FixedLossFunctionWrapper):
    """Categorical hinge loss between one-hot labels and predicted scores.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"categorical_hinge"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> CategoricalHinge()(np.array([[0.0, 1.0]]), np.array([[0.6, 0.4]]))
    tensor(1.2000)
    """

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction, name, dtype)
