"""Normalizing activations: softmax, log-softmax and sparsemax."""

import warnings
from typing import Callable, Optional, Sequence, Union

import torch
import torch.nn.functional as F

from kerastorch.activations._utils import as_tensor
from kerastorch.api_export import keras_export

Axis = Optional[Union[int, Sequence[int]]]


@keras_export("keras.activations.softmax")
def softmax(x: torch.Tensor, axis: Axis = -1) -> torch.Tensor:
    """Softmax: `exp(x) / sum(exp(x))` along `axis`, a probability distribution.

    Args:
        x: Input tensor (log-odds).
        axis: Integer, tuple of integers (normalized jointly), or `None` for
            all axes.

    Returns:
        A tensor with the same shape and dtype as `x`, summing to 1 along `axis`.

    Example:

    >>> softmax(torch.tensor([1.0, 2.0, 3.0]))
    tensor([0.0900, 0.2447, 0.6652])
    """
    return _normalize(F.softmax, as_tensor(x), axis)


@keras_export("keras.activations.log_softmax")
def log_softmax(x: torch.Tensor, axis: Axis = -1) -> torch.Tensor:
    """Log-softmax: `x - log(sum(exp(x)))` along `axis`, computed stably.

    Args:
        x: Input tensor.
        axis: Integer, tuple of integers (normalized jointly), or `None` for
            all axes.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Example:

    >>> log_softmax(torch.tensor([1.0, 2.0, 3.0]))
    tensor([-2.4076, -1.4076, -0.4076])
    """
    return _normalize(F.log_softmax, as_tensor(x), axis)


@keras_export("keras.activations.sparsemax")
def sparsemax(x: torch.Tensor, axis: int = -1) -> torch.Tensor:
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex.

    `sparsemax(x)[i, j] = max(x[i, j] - tau(x[i, :]), 0)`, where `tau` is
    chosen so that each slice sums to 1; unlike softmax, many outputs are
    exactly 0.

    Args:
        x: Input tensor.
        axis: The axis along which sparsemax is applied.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Martins et al., 2016](https://arxiv.org/abs/1602.02068)

    Example:

    >>> sparsemax(torch.tensor([0.0, 0.5, 1.0]))
    tensor([0.0000, 0.2500, 0.7500])
    """
    # Keras 3.15 sums the cumulative sums over the support when computing tau,
    # which is wrong whenever the support has more than one element (keras-team/
    # keras#23425, fixed upstream); this follows the paper's Algorithm 1.
    z = torch.movedim(as_tensor(x), axis, -1)
    z_sorted = torch.sort(z, dim=-1, descending=True).values
    cumsum = torch.cumsum(z_sorted, dim=-1)
    rank = torch.arange(1, z.shape[-1] + 1, device=z.device, dtype=z.dtype)
    support = z_sorted - (cumsum - 1) / rank > 0
    k = support.sum(dim=-1, keepdim=True).clamp(min=1)
    tau = (torch.gather(cumsum, -1, k - 1) - 1) / k.to(z.dtype)
    return torch.movedim(torch.clamp(z - tau, min=0), -1, axis)


def _normalize(fn: Callable, x: torch.Tensor, axis: Axis) -> torch.Tensor:
    """Applies `fn(x, dim)` (softmax or log-softmax) over one or several axes."""
    if isinstance(axis, int) and -x.ndim <= axis < x.ndim and x.shape[axis] == 1:
        warnings.warn(
            f"You are using a softmax over axis {axis} of a tensor of shape "
            f"{tuple(x.shape)}. This axis has size 1. The softmax operation will "
            "always return the value 1, which is likely not what you intended. "
            "Did you mean to use a sigmoid instead?"
        )
    # As Keras: float16 is normalized in float32, then rounded once.
    compute_dtype = torch.float32 if x.dtype == torch.float16 else None
    if isinstance(axis, int):
        return fn(x, dim=axis, dtype=compute_dtype).to(x.dtype)
    axes = range(x.ndim) if axis is None else axis
    axes = [a % x.ndim for a in axes]
    last = list(range(x.ndim - len(axes), x.ndim))
    moved = torch.movedim(x, axes, last)
    flat = moved.reshape(*moved.shape[: x.ndim - len(axes)], -1)
    out = fn(flat, dim=-1, dtype=compute_dtype).to(x.dtype).reshape(moved.shape)
    return torch.movedim(out, last, axes)
