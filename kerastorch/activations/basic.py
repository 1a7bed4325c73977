"""The identity and exponential activations."""

import torch

from kerastorch.activations._utils import as_tensor
from kerastorch.api_export import keras_export


@keras_export("keras.activations.linear")
def linear(x: torch.Tensor) -> torch.Tensor:
    """Linear (pass-through) activation: returns `x` unmodified.

    Args:
        x: Input tensor.

    Returns:
        `x` itself.

    Example:

    >>> linear(torch.tensor([-1.0, 2.0]))
    tensor([-1.,  2.])
    """
    return x


@keras_export("keras.activations.exponential")
def exponential(x: torch.Tensor) -> torch.Tensor:
    """Exponential activation: `exp(x)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> exponential(torch.tensor([0.0, 1.0]))
    tensor([1.0000, 2.7183])
    """
    return torch.exp(as_tensor(x))
