"""Powers, roots, exponentials and logarithms of `keras.ops` (`power`, `sqrt`, `exp`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops.numpy.elementwise import (
    cube_root,
    elementwise_op,
    float_of_ints,
    float_or_float64,
    float_result,
    int32_for_bool,
    ints_to_floatx,
    promoted,
    promoted_float,
    promoted_strong_float,
    promoted_torch_dtype,
)
from kerastorch.ops.tensor_args import (
    as_tensor,
    cast_operands,
    operands,
    tensor_operands,
)


@keras_export("keras.ops.power", "keras.ops.numpy.power")
@elementwise_op(dtype=promoted)
def power(x1, x2):
    """`x1` raised to the power `x2`, element-wise (with broadcasting).

    Args:
        x1: The bases.
        x2: The exponents.

    Returns:
        `x1 ** x2`.

    Example:

    >>> kerastorch.ops.power(torch.tensor([2, 3]), 2)
    tensor([4, 9])
    """
    x1, x2 = operands(x1, x2)
    return torch.pow(x1, x2)


@keras_export("keras.ops.square", "keras.ops.numpy.square")
@elementwise_op(dtype=int32_for_bool)
def square(x):
    """Square of each element (bools as int32).

    Args:
        x: Input tensor.

    Returns:
        `x * x`.

    Example:

    >>> kerastorch.ops.square(torch.tensor([-2, 3]))
    tensor([4, 9])
    """
    x = as_tensor(x)
    if x.dtype is torch.bool:
        x = x.to(torch.int32)
    return torch.square(x)


@keras_export("keras.ops.sqrt", "keras.ops.numpy.sqrt")
@elementwise_op(dtype=float_result)
def sqrt(x):
    """Non-negative square root of each element (integers give floats).

    Args:
        x: Input tensor.

    Returns:
        `sqrt(x)`.

    Example:

    >>> kerastorch.ops.sqrt(torch.tensor([4.0, 9.0]))
    tensor([2., 3.])
    """
    x = as_tensor(x)
    if x.dtype is torch.int64:
        x = x.to(to_torch_dtype(config.floatx()))
    return torch.sqrt(x)


@keras_export("keras.ops.cbrt", "keras.ops.numpy.cbrt")
@elementwise_op(dtype=cube_root)
def cbrt(x):
    """Real cube root of each element (negative inputs give negative roots).

    Args:
        x: Input tensor.

    Returns:
        `sign(x) * |x| ** (1/3)`.

    Example:

    >>> kerastorch.ops.cbrt(torch.tensor([-8.0, 27.0]))
    tensor([-2.,  3.])
    """
    x = as_tensor(x)
    if x.dtype is torch.bool:
        x = x.to(torch.int32)
    elif x.dtype is torch.int64:
        x = x.to(torch.float64)
    return torch.sign(x) * torch.abs(x) ** (1.0 / 3.0)


@keras_export("keras.ops.exp", "keras.ops.numpy.exp")
@elementwise_op(dtype=float_of_ints)
def exp(x):
    """Exponential `e ** x` of each element (integers and bools give `floatx()`).

    Args:
        x: Input tensor.

    Returns:
        `exp(x)`.

    Example:

    >>> kerastorch.ops.exp(torch.tensor([0.0, 1.0]))
    tensor([1.0000, 2.7183])
    """
    return torch.exp(ints_to_floatx(as_tensor(x)))


@keras_export("keras.ops.exp2", "keras.ops.numpy.exp2")
@elementwise_op(dtype=float_of_ints)
def exp2(x):
    """`2 ** x` for each element (integers and bools give `floatx()`).

    Args:
        x: Input tensor.

    Returns:
        `2 ** x`.

    Example:

    >>> kerastorch.ops.exp2(torch.tensor([3]))
    tensor([8.])
    """
    return torch.exp2(ints_to_floatx(as_tensor(x)))


@keras_export("keras.ops.expm1", "keras.ops.numpy.expm1")
@elementwise_op(dtype=float_of_ints)
def expm1(x):
    """`exp(x) - 1` for each element, accurate near 0.

    Args:
        x: Input tensor.

    Returns:
        `exp(x) - 1`.

    Example:

    >>> kerastorch.ops.expm1(torch.tensor([0.0]))
    tensor([0.])
    """
    return torch.expm1(ints_to_floatx(as_tensor(x)))


@keras_export("keras.ops.log", "keras.ops.numpy.log")
@elementwise_op(dtype=float_result)
def log(x):
    """Natural logarithm of each element.

    Args:
        x: Input tensor.

    Returns:
        `ln(x)` (`-inf` at 0, NaN below).

    Example:

    >>> kerastorch.ops.log(torch.tensor([1.0]))
    tensor([0.])
    """
    return torch.log(as_tensor(x))


@keras_export("keras.ops.log10", "keras.ops.numpy.log10")
@elementwise_op(dtype=float_result)
def log10(x):
    """Base-10 logarithm of each element.

    Args:
        x: Input tensor.

    Returns:
        `log10(x)`.

    Example:

    >>> kerastorch.ops.log10(torch.tensor([100.0]))
    tensor([2.])
    """
    return torch.log10(as_tensor(x))


@keras_export("keras.ops.log1p", "keras.ops.numpy.log1p")
@elementwise_op(dtype=float_result)
def log1p(x):
    """`log(1 + x)` for each element, accurate near 0.

    Args:
        x: Input tensor.

    Returns:
        `log(1 + x)`.

    Example:

    >>> kerastorch.ops.log1p(torch.tensor([0.0]))
    tensor([0.])
    """
    return torch.log1p(as_tensor(x))


@keras_export("keras.ops.log2", "keras.ops.numpy.log2")
@elementwise_op(dtype=float_result)
def log2(x):
    """Base-2 logarithm of each element.

    Args:
        x: Input tensor.

    Returns:
        `log2(x)`.

    Example:

    >>> kerastorch.ops.log2(torch.tensor([8.0]))
    tensor([3.])
    """
    return torch.log2(as_tensor(x))


@keras_export("keras.ops.logaddexp", "keras.ops.numpy.logaddexp")
@elementwise_op(dtype=promoted_float)
def logaddexp(x1, x2):
    """`log(exp(x1) + exp(x2))`, element-wise, without overflow.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The logarithm of the sum of exponentials, in the promoted float dtype.

    Example:

    >>> kerastorch.ops.logaddexp(torch.tensor([0.0]), torch.tensor([0.0]))
    tensor([0.6931])
    """
    x1, x2 = tensor_operands(x1, x2)
    dtype = promoted_torch_dtype(x1, x2, float)
    if dtype is torch.float16 and x1.device.type == "cpu":
        # As Keras: half precision computes in float32 on the CPU.
        return torch.logaddexp(x1.to(torch.float32), x2.to(torch.float32)).to(dtype)
    return torch.logaddexp(*cast_operands(x1, x2, dtype))


@keras_export("keras.ops.logaddexp2", "keras.ops.numpy.logaddexp2")
@elementwise_op(dtype=promoted_float)
def logaddexp2(x1, x2):
    """`log2(2 ** x1 + 2 ** x2)`, element-wise, without overflow.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The base-2 logarithm of the sum of powers of 2, in the promoted float dtype.

    Example:

    >>> kerastorch.ops.logaddexp2(torch.tensor([1.0]), torch.tensor([1.0]))
    tensor([2.])
    """
    x1, x2 = tensor_operands(x1, x2)
    return torch.logaddexp2(*cast_operands(x1, x2, promoted_torch_dtype(x1, x2, float)))


@keras_export("keras.ops.ldexp", "keras.ops.numpy.ldexp")
@elementwise_op(dtype=promoted_strong_float)
def ldexp(x1, x2):
    """`x1 * 2 ** x2`, element-wise, for integer exponents `x2`.

    Args:
        x1: The mantissas.
        x2: The exponents, an integer tensor.

    Returns:
        `x1 * 2 ** x2` in the promoted float dtype.

    Raises:
        TypeError: If `x2` is not of an integer dtype.

    Example:

    >>> kerastorch.ops.ldexp(torch.tensor([1.5]), torch.tensor([3]))
    tensor([12.])
    """
    x1, x2 = tensor_operands(x1, x2)
    if x2.is_floating_point() or x2.is_complex() or x2.dtype is torch.bool:
        raise TypeError(f"ldexp exponent must be an integer type. Received: x2 dtype={x2.dtype}")
    dtype = promoted_torch_dtype(x1, x2, float)
    return torch.ldexp(x1, x2).to(dtype)


@keras_export("keras.ops.i0", "keras.ops.numpy.i0")
@elementwise_op(dtype=float_or_float64)
def i0(x):
    """Modified Bessel function of the first kind, order 0, of each element.

    Args:
        x: Input tensor.

    Returns:
        `I0(x)`: float64 for 64-bit inputs, half floats kept, else `floatx()`.

    Example:

    >>> kerastorch.ops.i0(torch.tensor([0.0]))
    tensor([1.0000])
    """
    x = as_tensor(x)
    return torch.i0(x.to(to_torch_dtype(float_or_float64(x))))
