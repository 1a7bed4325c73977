"""Shrinkage and thresholding activations."""

import torch
import torch.nn.functional as F

from kerastorch.activations._utils import as_tensor
from kerastorch.api_export import keras_export


@keras_export("keras.activations.soft_shrink")
def soft_shrink(x: torch.Tensor, threshold: float = 0.5) -> torch.Tensor:
    """Soft shrink: `x - threshold` above `threshold`, `x + threshold` below `-threshold`, else 0.

    Args:
        x: Input tensor.
        threshold: Threshold value.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> soft_shrink(torch.tensor([-1.0, 0.2, 1.0]))
    tensor([-0.5000,  0.0000,  0.5000])
    """
    return F.softshrink(as_tensor(x), threshold)


@keras_export("keras.activations.hard_shrink")
def hard_shrink(x: torch.Tensor, threshold: float = 0.5) -> torch.Tensor:
    """Hard shrink: `x` where `|x| > threshold`, 0 elsewhere.

    Args:
        x: Input tensor.
        threshold: Threshold value.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> hard_shrink(torch.tensor([-1.0, 0.2, 1.0]))
    tensor([-1.,  0.,  1.])
    """
    return F.hardshrink(as_tensor(x), threshold)


@keras_export("keras.activations.tanh_shrink")
def tanh_shrink(x: torch.Tensor) -> torch.Tensor:
    """Tanh shrink: `x - tanh(x)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> tanh_shrink(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.2384,  0.0000,  0.2384])
    """
    return F.tanhshrink(as_tensor(x))


@keras_export("keras.activations.threshold")
def threshold(x: torch.Tensor, threshold: float, default_value: float) -> torch.Tensor:
    """Threshold: `x` where `x > threshold`, `default_value` elsewhere.

    Args:
        x: Input tensor.
        threshold: The value that decides when to keep or replace `x`.
        default_value: Value given where `x <= threshold`.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> threshold(torch.tensor([1.0, 2.0, 3.0]), 2.0, 7.0)
    tensor([7., 7., 3.])
    """
    return F.threshold(as_tensor(x), threshold, default_value)
