"""Rectifiers: ReLU and its smooth and exponential variants."""

from typing import Optional

import torch
import torch.nn.functional as F

from kerastorch.activations._utils import as_tensor
from kerastorch.api_export import keras_export


@keras_export("keras.activations.relu")
def relu(
    x: torch.Tensor,
    negative_slope: float = 0.0,
    max_value: Optional[float] = None,
    threshold: float = 0.0,
) -> torch.Tensor:
    """Applies the rectified linear unit activation function.

    With default values this is `max(x, 0)`. Otherwise it returns `x` for
    `x > threshold` (clipped to `[0, max_value]` when `max_value` is set) and
    `negative_slope * (x - threshold)` below the threshold.

    Args:
        x: Input tensor.
        negative_slope: Slope for values below the threshold.
        max_value: Optional saturation value (the largest value returned).
        threshold: Values at or below it are damped or set to zero.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> x = torch.tensor([-10.0, -5.0, 0.0, 5.0, 10.0])
    >>> relu(x, negative_slope=0.5)
    tensor([-5.0000, -2.5000,  0.0000,  5.0000, 10.0000])
    >>> relu(x, max_value=5.0)
    tensor([0., 0., 0., 5., 5.])
    """
    x = as_tensor(x)
    if max_value is None and threshold == 0:
        if negative_slope == 0:
            return F.relu(x)
        return F.leaky_relu(x, negative_slope)
    y = F.threshold(x, threshold, 0) if threshold != 0 else F.relu(x)
    if max_value is not None:
        y = torch.clamp(y, 0, max_value)
    if negative_slope != 0:
        y = y - negative_slope * F.relu(threshold - x)
    return y


@keras_export("keras.activations.leaky_relu")
def leaky_relu(x: torch.Tensor, negative_slope: float = 0.2) -> torch.Tensor:
    """Leaky ReLU: `x` for `x >= 0`, `negative_slope * x` otherwise.

    Args:
        x: Input tensor.
        negative_slope: Slope for negative values.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> leaky_relu(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.2000,  0.0000,  1.0000])
    """
    return F.leaky_relu(as_tensor(x), negative_slope)


@keras_export("keras.activations.relu6")
def relu6(x: torch.Tensor) -> torch.Tensor:
    """ReLU capped at 6: `min(max(x, 0), 6)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> relu6(torch.tensor([-1.0, 3.0, 8.0]))
    tensor([0., 3., 6.])
    """
    return F.relu6(as_tensor(x))


@keras_export("keras.activations.elu")
def elu(x: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """Exponential linear unit: `x` if `x > 0`, `alpha * (exp(x) - 1)` otherwise.

    Args:
        x: Input tensor.
        alpha: Scale of the negative section.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Clevert et al., 2016](https://arxiv.org/abs/1511.07289)

    Example:

    >>> elu(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.6321,  0.0000,  1.0000])
    """
    return F.elu(as_tensor(x), alpha)


@keras_export("keras.activations.selu")
def selu(x: torch.Tensor) -> torch.Tensor:
    """Scaled exponential linear unit: `scale * elu(x, alpha)`.

    `alpha=1.67326324` and `scale=1.05070098`; use it with the
    `LecunNormal` initializer.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)

    Example:

    >>> selu(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-1.1113,  0.0000,  1.0507])
    """
    return F.selu(as_tensor(x))


@keras_export("keras.activations.celu")
def celu(x: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """Continuously differentiable ELU: `alpha * (exp(x / alpha) - 1)` for `x < 0`.

    Args:
        x: Input tensor.
        alpha: The α value of the CeLU formulation.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Barron, J. T., 2017](https://arxiv.org/abs/1704.07483)

    Example:

    >>> celu(torch.tensor([-1.0, 0.0, 1.0]), alpha=2.0)
    tensor([-0.7869,  0.0000,  1.0000])
    """
    return F.celu(as_tensor(x), alpha)


@keras_export("keras.activations.softplus")
def softplus(x: torch.Tensor) -> torch.Tensor:
    """Softplus: `log(exp(x) + 1)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> softplus(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([0.3133, 0.6931, 1.3133])
    """
    return F.softplus(as_tensor(x))


@keras_export("keras.activations.sparse_plus")
def sparse_plus(x: torch.Tensor) -> torch.Tensor:
    """SparsePlus: `0` for `x <= -1`, `(x + 1)**2 / 4` for `-1 < x < 1`, `x` above.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> sparse_plus(torch.tensor([-2.0, 0.0, 2.0]))
    tensor([0.0000, 0.2500, 2.0000])
    """
    x = as_tensor(x)
    return torch.where(
        x <= -1, torch.zeros_like(x), torch.where(x < 1, 0.25 * (x + 1) ** 2, x)
    )


@keras_export("keras.activations.squareplus")
def squareplus(x: torch.Tensor, b: float = 4) -> torch.Tensor:
    """Squareplus: `(x + sqrt(x**2 + b)) / 2`.

    Args:
        x: Input tensor.
        b: Smoothness parameter.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Barron, 2021](https://arxiv.org/abs/2112.11687)

    Example:

    >>> squareplus(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([0.6180, 1.0000, 1.6180])
    """
    x = as_tensor(x)
    return (x + torch.sqrt(x**2 + b)) / 2
