"""Floating-point classes and neighbours of `keras.ops` (`isnan`, `nan_to_num`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.numpy.elementwise import (
    boolean,
    elementwise_op,
    promoted_strong_float,
    promoted_torch_dtype,
    same,
)
from kerastorch.ops.tensor_args import as_tensor, tensor_operands


@keras_export("keras.ops.isfinite", "keras.ops.numpy.isfinite")
@elementwise_op(dtype=boolean)
def isfinite(x):
    """Whether each element is finite (not infinite, not NaN).

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.isfinite(torch.tensor([1.0, float("inf"), float("nan")]))
    tensor([ True, False, False])
    """
    return torch.isfinite(as_tensor(x))


@keras_export("keras.ops.isinf", "keras.ops.numpy.isinf")
@elementwise_op(dtype=boolean)
def isinf(x):
    """Whether each element is positive or negative infinity.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.isinf(torch.tensor([1.0, float("inf"), float("-inf")]))
    tensor([False,  True,  True])
    """
    return torch.isinf(as_tensor(x))


@keras_export("keras.ops.isnan", "keras.ops.numpy.isnan")
@elementwise_op(dtype=boolean)
def isnan(x):
    """Whether each element is NaN.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.isnan(torch.tensor([1.0, float("nan")]))
    tensor([False,  True])
    """
    return torch.isnan(as_tensor(x))


@keras_export("keras.ops.isneginf", "keras.ops.numpy.isneginf")
@elementwise_op(dtype=boolean)
def isneginf(x):
    """Whether each element is negative infinity.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.isneginf(torch.tensor([float("inf"), float("-inf")]))
    tensor([False,  True])
    """
    return torch.isneginf(as_tensor(x))


@keras_export("keras.ops.isposinf", "keras.ops.numpy.isposinf")
@elementwise_op(dtype=boolean)
def isposinf(x):
    """Whether each element is positive infinity.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.isposinf(torch.tensor([float("inf"), float("-inf")]))
    tensor([ True, False])
    """
    return torch.isposinf(as_tensor(x))


@keras_export("keras.ops.isreal", "keras.ops.numpy.isreal")
@elementwise_op(dtype=boolean)
def isreal(x):
    """Whether each element has a zero imaginary part (always true for real dtypes).

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.isreal(torch.tensor([1 + 0j, 1 + 1j]))
    tensor([ True, False])
    """
    return torch.isreal(as_tensor(x))


@keras_export("keras.ops.signbit", "keras.ops.numpy.signbit")
@elementwise_op(dtype=boolean)
def signbit(x):
    """Whether each element's sign bit is set (negative numbers, -0.0 included).

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.signbit(torch.tensor([-0.0, 0.0, -2.0]))
    tensor([ True, False,  True])
    """
    return torch.signbit(as_tensor(x))


@keras_export("keras.ops.nan_to_num", "keras.ops.numpy.nan_to_num")
@elementwise_op(dtype=same, static=("nan", "posinf", "neginf"))
def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """Replaces NaN and infinities by finite numbers.

    Args:
        x: Input tensor.
        nan: Value for NaNs.
        posinf: Value for positive infinity (default: the dtype's largest).
        neginf: Value for negative infinity (default: the dtype's lowest).

    Returns:
        The tensor with those values replaced.

    Example:

    >>> kerastorch.ops.nan_to_num(torch.tensor([float("nan"), 1.0]), nan=-1.0)
    tensor([-1.,  1.])
    """
    return torch.nan_to_num(as_tensor(x), nan=nan, posinf=posinf, neginf=neginf)


@keras_export("keras.ops.nextafter", "keras.ops.numpy.nextafter")
@elementwise_op(dtype=promoted_strong_float)
def nextafter(x1, x2):
    """The next representable float after `x1` in the direction of `x2`.

    As Keras does on torch, the step is taken in float64, then the result
    is cast to the promoted float dtype (32-bit, as Keras's promotion gives),
    so that cast rounds most float32 results back to `x1`.

    Args:
        x1: Start values.
        x2: Direction values.

    Returns:
        The neighbouring floats.

    Example:

    >>> kerastorch.ops.nextafter(torch.tensor([1.0]), 2.0)
    tensor([1.])
    """
    x1, x2 = tensor_operands(x1, x2)
    dtype = promoted_torch_dtype(x1, x2, float)
    return torch.nextafter(x1.to(torch.float64), x2.to(torch.float64)).to(dtype)
