"""Regression losses robust to outliers: Huber and log-cosh."""

import math

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.losses.tensor_utils import mean


@keras_export("keras.losses.huber", "keras.metrics.huber")
def huber(y_true, y_pred, delta: float = 1.0) -> torch.Tensor:
    """Computes the Huber loss, averaged over the last axis.

    With `x = y_pred - y_true`: `0.5 * x**2` where `|x| <= delta`, else
    `delta * |x| - 0.5 * delta**2` (quadratic near 0, linear beyond `delta`).

    Args:
        y_true: Targets, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predictions, shape `(batch_size, d0, ..., dN)`.
        delta: Where the loss changes from quadratic to linear.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> huber(np.array([[0.0, 1.0]]), np.array([[0.6, 3.0]]))
    tensor([0.8400])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    delta = torch.full((), delta, dtype=y_pred.dtype, device=y_pred.device)
    error = y_pred - y_true
    abs_error = torch.abs(error)
    # Keras's arithmetic (`delta * |x| - 0.5 * delta**2`), not F.huber_loss's
    # `delta * (|x| - 0.5 * delta)`, which rounds differently.
    losses = torch.where(abs_error <= delta, 0.5 * torch.square(error), delta * abs_error - 0.5 * torch.square(delta))
    return mean(losses, axis=-1)


@keras_export("keras.losses.log_cosh", "keras.metrics.log_cosh", "keras.losses.logcosh", "keras.metrics.logcosh")
def log_cosh(y_true, y_pred) -> torch.Tensor:
    """Computes the logarithm of the hyperbolic cosine of the error, averaged over the last axis.

    `log(cosh(x))` is about `x**2 / 2` for small `x` and `|x| - log(2)` for
    large ones; it is computed stably as `x + softplus(-2x) - log(2)`.

    Args:
        y_true: Targets, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predictions, shape `(batch_size, d0, ..., dN)`.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> log_cosh(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]]))
    tensor([0.2169])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    error = y_pred - y_true
    return mean(error + F.softplus(error * -2.0) - math.log(2.0), axis=-1)


@keras_export("keras.losses.Huber")
class Huber(FixedLossFunctionWrapper):
    """Huber loss: quadratic for errors up to `delta`, linear beyond.

    As in Keras, `delta` is not part of the config (`get_config()` holds
    `name` and `reduction` only), so a rebuilt loss has the default `delta`.

    Args:
        delta: Where the loss changes from quadratic to linear.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"huber_loss"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> Huber(delta=1.0)(np.array([[0.0, 1.0]]), np.array([[0.6, 3.0]]))
    tensor(0.8400)
    """

    def __init__(self, delta: float = 1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, reduction, name, dtype, delta=delta)


@keras_export("keras.losses.LogCosh")
class LogCosh(FixedLossFunctionWrapper):
    """Logarithm of the hyperbolic cosine of the prediction error.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"log_cosh"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> LogCosh()(np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]]))
    tensor(0.2169)
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction, name, dtype)
