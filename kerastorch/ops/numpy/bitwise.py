"""Bitwise ops of `keras.ops` (`bitwise_and`, `bitwise_invert`, `left_shift`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.numpy.elementwise import elementwise_op, promoted, same, shifted
from kerastorch.ops.tensor_args import as_tensor, operands


@keras_export("keras.ops.bitwise_and", "keras.ops.numpy.bitwise_and")
@elementwise_op(dtype=promoted)
def bitwise_and(x, y):
    """Bitwise AND of integer or bool tensors, element-wise.

    Args:
        x: First tensor.
        y: Second tensor.

    Returns:
        `x & y`, in the promoted dtype.

    Example:

    >>> kerastorch.ops.bitwise_and(torch.tensor([12, 10]), 6)
    tensor([4, 2])
    """
    x, y = operands(x, y)
    return torch.bitwise_and(x, y)


@keras_export("keras.ops.bitwise_or", "keras.ops.numpy.bitwise_or")
@elementwise_op(dtype=promoted)
def bitwise_or(x, y):
    """Bitwise OR of integer or bool tensors, element-wise.

    Args:
        x: First tensor.
        y: Second tensor.

    Returns:
        `x | y`, in the promoted dtype.

    Example:

    >>> kerastorch.ops.bitwise_or(torch.tensor([12, 10]), 6)
    tensor([14, 14])
    """
    x, y = operands(x, y)
    return torch.bitwise_or(x, y)


@keras_export("keras.ops.bitwise_xor", "keras.ops.numpy.bitwise_xor")
@elementwise_op(dtype=promoted)
def bitwise_xor(x, y):
    """Bitwise XOR of integer or bool tensors, element-wise.

    Args:
        x: First tensor.
        y: Second tensor.

    Returns:
        `x ^ y`, in the promoted dtype.

    Example:

    >>> kerastorch.ops.bitwise_xor(torch.tensor([12, 10]), 6)
    tensor([10, 12])
    """
    x, y = operands(x, y)
    return torch.bitwise_xor(x, y)


@keras_export("keras.ops.bitwise_invert", "keras.ops.numpy.bitwise_invert")
@elementwise_op(dtype=same)
def bitwise_invert(x):
    """Bitwise NOT (inversion) of integer or bool tensors, element-wise.

    Args:
        x: Input tensor.

    Returns:
        `~x` (`not x` for bools).

    Example:

    >>> kerastorch.ops.bitwise_invert(torch.tensor([0, 5]))
    tensor([-1, -6])
    """
    return torch.bitwise_not(as_tensor(x))


@keras_export("keras.ops.bitwise_not", "keras.ops.numpy.bitwise_not")
@elementwise_op(dtype=same)
def bitwise_not(x):
    """Bitwise NOT of integer or bool tensors, element-wise; the same as `bitwise_invert`.

    Args:
        x: Input tensor.

    Returns:
        `~x` (`not x` for bools).

    Example:

    >>> kerastorch.ops.bitwise_not(torch.tensor([0, 5]))
    tensor([-1, -6])
    """
    return torch.bitwise_not(as_tensor(x))


@keras_export("keras.ops.bitwise_left_shift", "keras.ops.numpy.bitwise_left_shift")
@elementwise_op(dtype=shifted)
def bitwise_left_shift(x, y):
    """Shifts the bits of integers to the left by `y`, element-wise.

    Args:
        x: Integer tensor.
        y: Shift amounts (Python int or integer tensor).

    Returns:
        `x << y` (in `x`'s dtype for a Python int `y`).

    Example:

    >>> kerastorch.ops.bitwise_left_shift(torch.tensor([1, 8]), 2)
    tensor([ 4, 32])
    """
    return torch.bitwise_left_shift(*_shift_operands(x, y))


@keras_export("keras.ops.left_shift", "keras.ops.numpy.left_shift")
@elementwise_op(dtype=shifted)
def left_shift(x, y):
    """Shifts the bits of integers to the left, element-wise; the same as `bitwise_left_shift`.

    Args:
        x: Integer tensor.
        y: Shift amounts (Python int or integer tensor).

    Returns:
        `x << y` (in `x`'s dtype for a Python int `y`).

    Example:

    >>> kerastorch.ops.left_shift(torch.tensor([1, 8]), 2)
    tensor([ 4, 32])
    """
    return torch.bitwise_left_shift(*_shift_operands(x, y))


@keras_export("keras.ops.bitwise_right_shift", "keras.ops.numpy.bitwise_right_shift")
@elementwise_op(dtype=shifted)
def bitwise_right_shift(x, y):
    """Shifts the bits of integers to the right by `y`, element-wise.

    Args:
        x: Integer tensor.
        y: Shift amounts (Python int or integer tensor).

    Returns:
        `x >> y` (in `x`'s dtype for a Python int `y`).

    Example:

    >>> kerastorch.ops.bitwise_right_shift(torch.tensor([1, 8]), 2)
    tensor([0, 2])
    """
    return torch.bitwise_right_shift(*_shift_operands(x, y))


@keras_export("keras.ops.right_shift", "keras.ops.numpy.right_shift")
@elementwise_op(dtype=shifted)
def right_shift(x, y):
    """Shifts the bits of integers to the right; the same as `bitwise_right_shift`.

    Args:
        x: Integer tensor.
        y: Shift amounts (Python int or integer tensor).

    Returns:
        `x >> y` (in `x`'s dtype for a Python int `y`).

    Example:

    >>> kerastorch.ops.right_shift(torch.tensor([1, 8]), 2)
    tensor([0, 2])
    """
    return torch.bitwise_right_shift(*_shift_operands(x, y))


def _shift_operands(x, y):
    """`x` as a tensor; `y` too unless a Python int (as Keras converts them)."""
    return as_tensor(x), y if isinstance(y, int) else as_tensor(y)
