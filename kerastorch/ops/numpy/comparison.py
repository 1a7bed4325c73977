"""Comparisons of `keras.ops` (`equal`, `less`, `greater_equal`, `isclose`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.numpy.elementwise import (
    boolean,
    elementwise_op,
    promoted_torch_dtype,
)
from kerastorch.ops.tensor_args import cast_operands, operands, tensor_operands


@keras_export("keras.ops.equal", "keras.ops.numpy.equal")
@elementwise_op(dtype=boolean)
def equal(x1, x2):
    """Whether the elements are equal, element-wise.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, `x1 == x2`.

    Example:

    >>> kerastorch.ops.equal(torch.tensor([1, 2]), 2)
    tensor([False,  True])
    """
    x1, x2 = operands(x1, x2)
    return torch.eq(x1, x2)


@keras_export("keras.ops.not_equal", "keras.ops.numpy.not_equal")
@elementwise_op(dtype=boolean)
def not_equal(x1, x2):
    """Whether the elements differ, element-wise.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, `x1 != x2`.

    Example:

    >>> kerastorch.ops.not_equal(torch.tensor([1, 2]), 2)
    tensor([ True, False])
    """
    x1, x2 = operands(x1, x2)
    return torch.not_equal(x1, x2)


@keras_export("keras.ops.less", "keras.ops.numpy.less")
@elementwise_op(dtype=boolean)
def less(x1, x2):
    """Whether `x1 < x2`, element-wise.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, `x1 < x2`.

    Example:

    >>> kerastorch.ops.less(torch.tensor([1, 2]), 2)
    tensor([ True, False])
    """
    x1, x2 = operands(x1, x2)
    return torch.less(x1, x2)


@keras_export("keras.ops.less_equal", "keras.ops.numpy.less_equal")
@elementwise_op(dtype=boolean)
def less_equal(x1, x2):
    """Whether `x1 <= x2`, element-wise.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, `x1 <= x2`.

    Example:

    >>> kerastorch.ops.less_equal(torch.tensor([1, 3]), 2)
    tensor([ True, False])
    """
    x1, x2 = operands(x1, x2)
    return torch.less_equal(x1, x2)


@keras_export("keras.ops.greater", "keras.ops.numpy.greater")
@elementwise_op(dtype=boolean)
def greater(x1, x2):
    """Whether `x1 > x2`, element-wise.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, `x1 > x2`.

    Example:

    >>> kerastorch.ops.greater(torch.tensor([1, 3]), 2)
    tensor([False,  True])
    """
    x1, x2 = operands(x1, x2)
    return torch.greater(x1, x2)


@keras_export("keras.ops.greater_equal", "keras.ops.numpy.greater_equal")
@elementwise_op(dtype=boolean)
def greater_equal(x1, x2):
    """Whether `x1 >= x2`, element-wise.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, `x1 >= x2`.

    Example:

    >>> kerastorch.ops.greater_equal(torch.tensor([1, 2]), 2)
    tensor([False,  True])
    """
    x1, x2 = operands(x1, x2)
    return torch.greater_equal(x1, x2)


@keras_export("keras.ops.isclose", "keras.ops.numpy.isclose")
@elementwise_op(dtype=boolean, static=("equal_nan",))
def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Whether the elements are equal within a tolerance: `|x1 - x2| <= atol + rtol * |x2|`.

    Both operands are first cast to their promoted dtype; non-float dtypes
    compare exactly.

    Args:
        x1: First tensor.
        x2: Second tensor.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        equal_nan: Whether NaNs compare equal to each other.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.isclose(torch.tensor([1.0, 1.1]), torch.tensor([1.0 + 1e-7, 1.0]))
    tensor([ True, False])
    """
    x1, x2 = tensor_operands(x1, x2)
    x1, x2 = cast_operands(x1, x2, promoted_torch_dtype(x1, x2))
    if x1.is_floating_point():
        return torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return torch.eq(x1, x2)
