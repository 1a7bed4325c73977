"""Overlap losses for image segmentation: Dice and Tversky."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.tensor_utils import convert_pair


def _sum(x: torch.Tensor, axis) -> torch.Tensor:
    if axis is None:
        return torch.sum(x)
    return torch.sum(x, dim=tuple(axis) if isinstance(axis, (list, tuple)) else axis)


@keras_export("keras.losses.dice")
def dice(y_true, y_pred, axis=None) -> torch.Tensor:
    """Computes the Dice loss, `1 - 2 |A ∩ B| / (|A| + |B|)`.

    `loss = 1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)`,
    the sums taken over `axis`.

    Args:
        y_true: Target masks.
        y_pred: Predicted masks (probabilities).
        axis: Axis or tuple of axes summed over; `None` sums over all of
            them, giving one scalar.

    Returns:
        The losses, with `axis` reduced.

    Example:

    >>> dice(np.ones((2, 2, 2)), np.full((2, 2, 2), 0.5), axis=(1, 2))
    tensor([0.3333, 0.3333])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    intersection = _sum(y_true * y_pred, axis)
    return 1 - 2.0 * intersection / (_sum(y_true, axis) + _sum(y_pred, axis) + config.epsilon())


@keras_export("keras.losses.tversky")
def tversky(y_true, y_pred, alpha: float = 0.5, beta: float = 0.5, axis=None) -> torch.Tensor:
    """Computes the Tversky loss, a Dice loss weighting false positives and negatives.

    `loss = 1 - TP / (TP + alpha * FP + beta * FN + epsilon)` with
    `TP = sum(y_true * y_pred)`, `FP = sum((1 - y_pred) * y_true)` and
    `FN = sum(y_pred * (1 - y_true))` (Keras's naming), summed over `axis`.
    `alpha = beta = 0.5` gives the Dice loss.

    Args:
        y_true: Target masks.
        y_pred: Predicted masks (probabilities).
        alpha: Weight of the `FP` term.
        beta: Weight of the `FN` term.
        axis: Axis or tuple of axes summed over; `None` sums over all of them.

    Returns:
        The losses, with `axis` reduced.

    Example:

    >>> tversky(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]]), alpha=0.3, beta=0.7, axis=-1)
    tensor([0.5000])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    intersection = _sum(y_true * y_pred, axis)
    fp = _sum((1 - y_pred) * y_true, axis)
    fn = _sum(y_pred * (1 - y_true), axis)
    return 1 - intersection / (intersection + fp * alpha + fn * beta + config.epsilon())


@keras_export("keras.losses.Dice")
class Dice(FixedLossFunctionWrapper):
    """Dice loss between target and predicted segmentation masks.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"dice"`.
        axis: Axes summed over; `None` (the default) gives one Dice over the
            whole batch, `(1, 2)` one per image of an `(N, H, W)` batch.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> Dice(axis=(1, 2))(np.ones((2, 2, 2)), np.full((2, 2, 2), 0.5))
    tensor(0.3333)
    """

    CONFIG_KEYS = ("axis",)

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, reduction, name, dtype, axis=axis)


@keras_export("keras.losses.Tversky")
class Tversky(FixedLossFunctionWrapper):
    """Tversky loss between target and predicted segmentation masks.

    Args:
        alpha: Weight of the false-positive term.
        beta: Weight of the false-negative term.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"tversky"`.
        axis: Axes summed over; `None` (the default) sums over all of them.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> Tversky(alpha=0.3, beta=0.7, axis=-1)(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]]))
    tensor(0.5000)
    """

    CONFIG_KEYS = ("alpha", "beta", "axis")

    def __init__(self, alpha: float = 0.5, beta: float = 0.5, reduction="sum_over_batch_size", name="tversky",
                 axis=None, dtype=None):
        super().__init__(tversky, reduction, name, dtype, alpha=alpha, beta=beta, axis=axis)
