"""Losses between distributions: Kullback-Leibler divergence and Poisson."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.losses.tensor_utils import mean


@keras_export(
    "keras.losses.kl_divergence",
    "keras.metrics.kl_divergence",
    "keras.losses.kld",
    "keras.losses.KLD",
    "keras.losses.kullback_leibler_divergence",
    "keras.metrics.kld",
    "keras.metrics.KLD",
    "keras.metrics.kullback_leibler_divergence",
)
def kl_divergence(y_true, y_pred) -> torch.Tensor:
    """Computes the Kullback-Leibler divergence over the last axis.

    `loss = sum(y_true * log(y_true / y_pred), axis=-1)`, with both clipped
    to `[epsilon, 1]`.

    Args:
        y_true: Target distributions, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted distributions, same shape.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> kl_divergence(np.array([[0.5, 0.5]]), np.array([[0.25, 0.75]]))
    tensor([0.1438])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    eps = config.epsilon()
    y_true = torch.clip(y_true, eps, 1)
    y_pred = torch.clip(y_pred, eps, 1)
    return torch.sum(y_true * torch.log(y_true / y_pred), dim=-1)


@keras_export("keras.losses.poisson", "keras.metrics.poisson")
def poisson(y_true, y_pred) -> torch.Tensor:
    """Computes the Poisson loss (negative log-likelihood up to a constant), averaged over the last axis.

    `loss = mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`

    Args:
        y_true: Target counts, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted rates, same shape.

    Returns:
        Losses of shape `(batch_size, d0, ..., dN-1)`.

    Example:

    >>> poisson(np.array([[1.0, 0.0]]), np.array([[1.0, 2.0]]))
    tensor([1.5000])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    return mean(y_pred - y_true * torch.log(y_pred + config.epsilon()), axis=-1)


@keras_export("keras.losses.KLDivergence")
class KLDivergence(FixedLossFunctionWrapper):
    """Kullback-Leibler divergence between target and predicted distributions.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"kl_divergence"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> KLDivergence()(np.array([[0.5, 0.5]]), np.array([[0.25, 0.75]]))
    tensor(0.1438)
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction, name, dtype)


@keras_export("keras.losses.Poisson")
class Poisson(FixedLossFunctionWrapper):
    """Poisson loss between target counts and predicted rates.

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"poisson"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> Poisson()(np.array([[1.0, 0.0]]), np.array([[1.0, 2.0]]))
    tensor(1.5000)
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction, name, dtype)
