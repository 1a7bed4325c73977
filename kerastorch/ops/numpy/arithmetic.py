"""Element-wise arithmetic of `keras.ops` (`add`, `subtract`, `divide`, `mod`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.numpy.elementwise import (
    NUMPY,
    elementwise_op,
    floatx,
    promoted,
    promoted_float,
    promoted_no_bool,
    promoted_strong,
    promoted_torch_dtype,
    same,
)
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import (
    as_operand,
    as_tensor,
    cast_operands,
    operands,
    tensor_operands,
)


@keras_export("keras.ops.add", "keras.ops.numpy.add")
@elementwise_op(dtype=promoted)
def add(x1, x2):
    """Adds two tensors element-wise (with broadcasting).

    Args:
        x1: First tensor (or array, or Python number).
        x2: Second tensor.

    Returns:
        `x1 + x2`.

    Example:

    >>> kerastorch.ops.add(torch.tensor([1, 4]), torch.tensor([5, 6]))
    tensor([ 6, 10])
    """
    x1, x2 = operands(x1, x2)
    return torch.add(x1, x2)


@keras_export("keras.ops.subtract", "keras.ops.numpy.subtract")
@elementwise_op(dtype=promoted)
def subtract(x1, x2):
    """Subtracts `x2` from `x1` element-wise (with broadcasting).

    A bool operand is first cast to the other operand's dtype (torch has no
    bool subtraction), as in Keras.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        `x1 - x2`.

    Example:

    >>> kerastorch.ops.subtract(torch.tensor([5, 6]), 1)
    tensor([4, 5])
    """
    x1, x2 = operands(x1, x2)
    if _is_bool(x1) or _is_bool(x2):
        x1, x2 = tensor_operands(x1, x2)
        if x1.dtype is torch.bool:
            x1 = x1.to(x2.dtype)
        if x2.dtype is torch.bool:
            x2 = x2.to(x1.dtype)
    return torch.subtract(x1, x2)


@keras_export("keras.ops.multiply", "keras.ops.numpy.multiply")
@elementwise_op(dtype=promoted)
def multiply(x1, x2):
    """Multiplies two tensors element-wise (with broadcasting).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        `x1 * x2`.

    Example:

    >>> kerastorch.ops.multiply(torch.tensor([1.0, 2.0]), 3.0)
    tensor([3., 6.])
    """
    x1, x2 = operands(x1, x2)
    return torch.multiply(x1, x2)


@keras_export("keras.ops.divide", "keras.ops.numpy.divide")
@elementwise_op(dtype=promoted_float)
def divide(x1, x2):
    """Divides `x1` by `x2` element-wise (true division: integers give floats).

    Args:
        x1: Dividend tensor.
        x2: Divisor tensor.

    Returns:
        `x1 / x2`.

    Example:

    >>> kerastorch.ops.divide(torch.tensor([1, 3]), 2)
    tensor([0.5000, 1.5000])
    """
    return _true_divide(x1, x2)


@keras_export("keras.ops.true_divide", "keras.ops.numpy.true_divide")
@elementwise_op(dtype=promoted_float)
def true_divide(x1, x2):
    """Divides `x1` by `x2` element-wise; the same as `divide`.

    Args:
        x1: Dividend tensor.
        x2: Divisor tensor.

    Returns:
        `x1 / x2`.

    Example:

    >>> kerastorch.ops.true_divide(torch.tensor([3.0]), 2.0)
    tensor([1.5000])
    """
    return _true_divide(x1, x2)


def _true_divide(x1, x2):
    x1, x2 = operands(x1, x2)
    return torch.divide(x1, x2)


@keras_export("keras.ops.divide_no_nan", "keras.ops.numpy.divide_no_nan")
@elementwise_op(dtype=promoted_float)
def divide_no_nan(x1, x2):
    """Divides element-wise, giving 0 where the divisor is 0.

    Args:
        x1: Dividend tensor.
        x2: Divisor tensor.

    Returns:
        `x1 / x2`, with 0 where `x2 == 0`, in the promoted float dtype.

    Example:

    >>> kerastorch.ops.divide_no_nan(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 4.0]))
    tensor([0.0000, 0.5000])
    """
    x1, x2 = operands(x1, x2)
    x1, x2 = cast_operands(x1, x2, promoted_torch_dtype(x1, x2, float))
    is_zero = x2 == 0
    return torch.where(is_zero, 0, x1 / torch.where(is_zero, 1, x2))


@keras_export("keras.ops.floor_divide", "keras.ops.numpy.floor_divide")
@elementwise_op(dtype=promoted)
def floor_divide(x1, x2):
    """Divides element-wise, rounding the quotient down (Python's `//`).

    Args:
        x1: Dividend tensor.
        x2: Divisor tensor.

    Returns:
        `floor(x1 / x2)`, in Keras's promoted dtype of the operands (32-bit
        for 64-bit ones, as Keras).

    Example:

    >>> kerastorch.ops.floor_divide(torch.tensor([7.0, -7.0]), 2)
    tensor([ 3., -4.])
    """
    x1, x2 = operands(x1, x2)
    result = torch.floor_divide(x1, x2)
    dtype = promoted_torch_dtype(x1, x2)
    return result if result.dtype is dtype else result.to(dtype)


@keras_export("keras.ops.mod", "keras.ops.numpy.mod")
@elementwise_op(dtype=promoted_no_bool)
def mod(x1, x2):
    """Remainder of the floor division, with the sign of the divisor (Python's `%`).

    Args:
        x1: Dividend tensor.
        x2: Divisor tensor.

    Returns:
        `x1 % x2` (two bool operands compute in int32).

    Example:

    >>> kerastorch.ops.mod(torch.tensor([7, -7]), 3)
    tensor([1, 2])
    """
    return torch.remainder(*_int32_for_bools(*operands(x1, x2)))


@keras_export("keras.ops.fmod", "keras.ops.numpy.fmod")
@elementwise_op(dtype=promoted_no_bool)
def fmod(x1, x2):
    """Remainder of the truncated division, with the sign of the dividend (C's `fmod`).

    Args:
        x1: Dividend tensor.
        x2: Divisor tensor.

    Returns:
        The remainder (two bool operands compute in int32).

    Example:

    >>> kerastorch.ops.fmod(torch.tensor([7, -7]), 3)
    tensor([ 1, -1])
    """
    return torch.fmod(*_int32_for_bools(*operands(x1, x2)))


def _is_bool(x) -> bool:
    return getattr(x, "dtype", None) is torch.bool or type(x) is bool


def _int32_for_bools(x1, x2):
    if _is_bool(x1) and _is_bool(x2):
        x1, x2 = tensor_operands(x1, x2)
        return x1.to(torch.int32), x2.to(torch.int32)
    return x1, x2


@keras_export("keras.ops.negative", "keras.ops.numpy.negative")
@elementwise_op(dtype=same)
def negative(x):
    """Numerical negative, element-wise.

    Args:
        x: Input tensor.

    Returns:
        `-x`.

    Example:

    >>> kerastorch.ops.negative(torch.tensor([1, -2]))
    tensor([-1,  2])
    """
    return torch.negative(as_tensor(x))


@keras_export("keras.ops.reciprocal", "keras.ops.numpy.reciprocal")
@elementwise_op(dtype=floatx)
def reciprocal(x):
    """Reciprocal `1 / x`, element-wise (integers give floats).

    Args:
        x: Input tensor.

    Returns:
        `1 / x`.

    Example:

    >>> kerastorch.ops.reciprocal(torch.tensor([2.0, 4.0]))
    tensor([0.5000, 0.2500])
    """
    return torch.reciprocal(as_tensor(x))


@keras_export("keras.ops.gcd", "keras.ops.numpy.gcd")
@elementwise_op(dtype=promoted_strong)
def gcd(x1, x2):
    """Greatest common divisor of integer tensors, element-wise.

    Args:
        x1: First integer tensor.
        x2: Second integer tensor.

    Returns:
        The non-negative greatest common divisors.

    Example:

    >>> kerastorch.ops.gcd(torch.tensor([12, 20]), torch.tensor([8, 15]))
    tensor([4, 5])
    """
    return torch.gcd(*tensor_operands(x1, x2))


@keras_export("keras.ops.lcm", "keras.ops.numpy.lcm")
@elementwise_op(dtype=promoted_strong)
def lcm(x1, x2):
    """Least common multiple of integer tensors, element-wise.

    Args:
        x1: First integer tensor.
        x2: Second integer tensor.

    Returns:
        The non-negative least common multiples.

    Example:

    >>> kerastorch.ops.lcm(torch.tensor([4, 6]), torch.tensor([6, 8]))
    tensor([12, 24])
    """
    return torch.lcm(*tensor_operands(x1, x2))


@keras_export("keras.ops.copy", "keras.ops.numpy.copy")
@elementwise_op(dtype=same)
def copy(x):
    """Returns a copy of `x` (new memory).

    Args:
        x: Input tensor.

    Returns:
        A tensor equal to `x`.

    Example:

    >>> kerastorch.ops.copy(torch.tensor([1, 2]))
    tensor([1, 2])
    """
    return torch.clone(as_tensor(x))


@keras_export("keras.ops.matmul", "keras.ops.numpy.matmul")
@keras_op(NUMPY)
def matmul(x1, x2):
    """Matrix product of two tensors (batched over leading dimensions).

    Args:
        x1: First tensor, `(..., n, k)`.
        x2: Second tensor, `(..., k, m)`.

    Returns:
        The product, `(..., n, m)`.

    Example:

    >>> kerastorch.ops.matmul(torch.ones(2, 3), torch.ones(3, 4)).shape
    torch.Size([2, 4])
    """
    return torch.matmul(as_operand(x1), as_operand(x2))
