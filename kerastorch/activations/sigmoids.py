"""Squashing activations: sigmoid, tanh and their hard and sparse variants."""

import torch
import torch.nn.functional as F

from kerastorch.activations._utils import as_tensor
from kerastorch.api_export import keras_export


@keras_export("keras.activations.sigmoid")
def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """Sigmoid: `1 / (1 + exp(-x))`, always in `[0, 1]`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> sigmoid(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([0.2689, 0.5000, 0.7311])
    """
    return torch.sigmoid(as_tensor(x))


@keras_export("keras.activations.hard_sigmoid")
def hard_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """Hard sigmoid: `relu6(x + 3) / 6`.

    `0` for `x <= -3`, `1` for `x >= 3`, `x / 6 + 0.5` in between: a piecewise
    linear approximation of the sigmoid.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> hard_sigmoid(torch.tensor([-4.0, 0.0, 1.5, 4.0]))
    tensor([0.0000, 0.5000, 0.7500, 1.0000])
    """
    return F.hardsigmoid(as_tensor(x))


@keras_export("keras.activations.sparse_sigmoid")
def sparse_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """Sparse sigmoid: `0.5 * (x + 1)` clipped to `[0, 1]`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Blondel, Martins, Niculae, 2019](https://arxiv.org/pdf/1901.02324)

    Example:

    >>> sparse_sigmoid(torch.tensor([-2.0, 0.0, 0.5, 2.0]))
    tensor([0.0000, 0.5000, 0.7500, 1.0000])
    """
    return torch.clamp(0.5 * (as_tensor(x) + 1), 0, 1)


@keras_export("keras.activations.log_sigmoid")
def log_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """Logarithm of the sigmoid: `log(1 / (1 + exp(-x)))`, computed stably.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> log_sigmoid(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-1.3133, -0.6931, -0.3133])
    """
    return F.logsigmoid(as_tensor(x))


@keras_export("keras.activations.tanh")
def tanh(x: torch.Tensor) -> torch.Tensor:
    """Hyperbolic tangent: `(exp(x) - exp(-x)) / (exp(x) + exp(-x))`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> tanh(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.7616,  0.0000,  0.7616])
    """
    return torch.tanh(as_tensor(x))


@keras_export("keras.activations.hard_tanh")
def hard_tanh(x: torch.Tensor) -> torch.Tensor:
    """Hard tanh: `x` clipped to `[-1, 1]`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> hard_tanh(torch.tensor([-2.0, 0.5, 2.0]))
    tensor([-1.0000,  0.5000,  1.0000])
    """
    return F.hardtanh(as_tensor(x), -1.0, 1.0)


@keras_export("keras.activations.softsign")
def softsign(x: torch.Tensor) -> torch.Tensor:
    """Softsign: `x / (abs(x) + 1)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> softsign(torch.tensor([-1.0, 0.0, 3.0]))
    tensor([-0.5000,  0.0000,  0.7500])
    """
    return F.softsign(as_tensor(x))
