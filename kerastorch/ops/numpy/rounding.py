"""Rounding of `keras.ops` (`round`, `floor`, `ceil`, `trunc`)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops.numpy.elementwise import elementwise_op, float_result, same
from kerastorch.ops.tensor_args import as_tensor

# Float dtypes `floor` and `ceil` keep (Keras turns float64 into float32).
_KEPT_FLOATS = (torch.float32, torch.float16, torch.bfloat16)


@keras_export("keras.ops.round", "keras.ops.numpy.round")
@elementwise_op(dtype=same, static=("decimals",))
def round(x, decimals=0):
    """Rounds to the given number of decimals, halves to even.

    Args:
        x: Input tensor.
        decimals: Number of decimal places (negative: round to tens,
            hundreds...).

    Returns:
        The rounded tensor, in `x`'s dtype (integers round through `floatx()`).

    Example:

    >>> kerastorch.ops.round(torch.tensor([0.5, 1.5, 2.567]), decimals=0)
    tensor([0., 2., 3.])
    """
    x = as_tensor(x)
    if x.is_floating_point() or x.is_complex() or x.dtype is torch.bool:
        return torch.round(x, decimals=decimals)
    # torch rounds no integers: as Keras, round them in floatx() and cast back.
    floats = x.to(to_torch_dtype(config.floatx()))
    return torch.round(floats, decimals=decimals).to(x.dtype)


@keras_export("keras.ops.floor", "keras.ops.numpy.floor")
@elementwise_op(dtype=float_result)
def floor(x):
    """Rounds each element down to an integer value.

    Args:
        x: Input tensor.

    Returns:
        The floors, as floats (integers give `floatx()`).

    Example:

    >>> kerastorch.ops.floor(torch.tensor([-1.5, 1.5]))
    tensor([-2.,  1.])
    """
    x = as_tensor(x)
    if x.dtype not in _KEPT_FLOATS:
        x = x.to(to_torch_dtype(float_result(x)))
    return torch.floor(x)


@keras_export("keras.ops.ceil", "keras.ops.numpy.ceil")
@elementwise_op(dtype=float_result)
def ceil(x):
    """Rounds each element up to an integer value.

    Args:
        x: Input tensor.

    Returns:
        The ceilings, as floats (integers give `floatx()`).

    Example:

    >>> kerastorch.ops.ceil(torch.tensor([-1.5, 1.5]))
    tensor([-1.,  2.])
    """
    x = as_tensor(x)
    if x.dtype in _KEPT_FLOATS and not (x.dtype is torch.float16 and x.device.type == "cpu"):
        return torch.ceil(x)
    dtype = to_torch_dtype(float_result(x))
    if x.dtype is torch.bool:
        x = x.to(torch.uint8)
    elif x.dtype is torch.float16:
        x = x.to(to_torch_dtype(config.floatx()))  # As Keras: no half `ceil` on the CPU.
    return torch.ceil(x).to(dtype)


@keras_export("keras.ops.trunc", "keras.ops.numpy.trunc")
@elementwise_op(dtype=same)
def trunc(x):
    """Rounds each element towards zero.

    Args:
        x: Input tensor.

    Returns:
        The truncated values, in `x`'s dtype.

    Example:

    >>> kerastorch.ops.trunc(torch.tensor([-1.7, 1.7]))
    tensor([-1.,  1.])
    """
    x = as_tensor(x)
    return x if x.dtype is torch.bool else torch.trunc(x)
