"""Trigonometric and hyperbolic functions of `keras.ops` (`sin`, `arctan2`, `hypot`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops.numpy.elementwise import (
    angle_of_point,
    elementwise_op,
    float_or_float64,
    float_result,
    promoted_torch_dtype,
    promoted_widened,
)
from kerastorch.ops.tensor_args import as_tensor, cast_operands, tensor_operands


@keras_export("keras.ops.sin", "keras.ops.numpy.sin")
@elementwise_op(dtype=float_result)
def sin(x):
    """Trigonometric sine of each element (radians).

    Args:
        x: Input tensor.

    Returns:
        `sin(x)`; integers give floats.

    Example:

    >>> kerastorch.ops.sin(torch.tensor([0.0]))
    tensor([0.])
    """
    return torch.sin(as_tensor(x))


@keras_export("keras.ops.cos", "keras.ops.numpy.cos")
@elementwise_op(dtype=float_result)
def cos(x):
    """Trigonometric cosine of each element (radians).

    Args:
        x: Input tensor.

    Returns:
        `cos(x)`; integers give floats.

    Example:

    >>> kerastorch.ops.cos(torch.tensor([0.0]))
    tensor([1.])
    """
    return torch.cos(as_tensor(x))


@keras_export("keras.ops.tan", "keras.ops.numpy.tan")
@elementwise_op(dtype=float_result)
def tan(x):
    """Trigonometric tangent of each element (radians).

    Args:
        x: Input tensor.

    Returns:
        `tan(x)`; integers give floats.

    Example:

    >>> kerastorch.ops.tan(torch.tensor([0.0]))
    tensor([0.])
    """
    return torch.tan(as_tensor(x))


@keras_export("keras.ops.arcsin", "keras.ops.numpy.arcsin")
@elementwise_op(dtype=float_result)
def arcsin(x):
    """Inverse sine of each element.

    Args:
        x: Input tensor.

    Returns:
        The angles in radians, in `[-pi/2, pi/2]` (NaN outside `[-1, 1]`). Integers give floats.

    Example:

    >>> kerastorch.ops.arcsin(torch.tensor([1.0]))
    tensor([1.5708])
    """
    return torch.arcsin(as_tensor(x))


@keras_export("keras.ops.arccos", "keras.ops.numpy.arccos")
@elementwise_op(dtype=float_result)
def arccos(x):
    """Inverse cosine of each element.

    Args:
        x: Input tensor.

    Returns:
        The angles in radians, in `[0, pi]` (NaN outside `[-1, 1]`). Integers give floats.

    Example:

    >>> kerastorch.ops.arccos(torch.tensor([1.0]))
    tensor([0.])
    """
    return torch.arccos(as_tensor(x))


@keras_export("keras.ops.arctan", "keras.ops.numpy.arctan")
@elementwise_op(dtype=float_result)
def arctan(x):
    """Inverse tangent of each element.

    Args:
        x: Input tensor.

    Returns:
        The angles in radians, in `[-pi/2, pi/2]`. Integers give floats.

    Example:

    >>> kerastorch.ops.arctan(torch.tensor([1.0]))
    tensor([0.7854])
    """
    return torch.arctan(as_tensor(x))


@keras_export("keras.ops.sinh", "keras.ops.numpy.sinh")
@elementwise_op(dtype=float_result)
def sinh(x):
    """Hyperbolic sine of each element.

    Args:
        x: Input tensor.

    Returns:
        `sinh(x)`; integers give floats.

    Example:

    >>> kerastorch.ops.sinh(torch.tensor([0.0]))
    tensor([0.])
    """
    return torch.sinh(as_tensor(x))


@keras_export("keras.ops.cosh", "keras.ops.numpy.cosh")
@elementwise_op(dtype=float_result)
def cosh(x):
    """Hyperbolic cosine of each element.

    Args:
        x: Input tensor.

    Returns:
        `cosh(x)`; integers give floats.

    Example:

    >>> kerastorch.ops.cosh(torch.tensor([0.0]))
    tensor([1.])
    """
    return torch.cosh(as_tensor(x))


@keras_export("keras.ops.tanh", "keras.ops.numpy.tanh")
@elementwise_op(dtype=float_result)
def tanh(x):
    """Hyperbolic tangent of each element.

    Args:
        x: Input tensor.

    Returns:
        `tanh(x)`; integers give floats.

    Example:

    >>> kerastorch.ops.tanh(torch.tensor([0.0]))
    tensor([0.])
    """
    return torch.tanh(as_tensor(x))


@keras_export("keras.ops.arcsinh", "keras.ops.numpy.arcsinh")
@elementwise_op(dtype=float_result)
def arcsinh(x):
    """Inverse hyperbolic sine of each element.

    Args:
        x: Input tensor.

    Returns:
        `arcsinh(x)`; integers give floats.

    Example:

    >>> kerastorch.ops.arcsinh(torch.tensor([0.0]))
    tensor([0.])
    """
    return torch.arcsinh(as_tensor(x))


@keras_export("keras.ops.arccosh", "keras.ops.numpy.arccosh")
@elementwise_op(dtype=float_result)
def arccosh(x):
    """Inverse hyperbolic cosine of each element.

    Args:
        x: Input tensor.

    Returns:
        `arccosh(x)` (NaN below 1); integers give floats.

    Example:

    >>> kerastorch.ops.arccosh(torch.tensor([1.0]))
    tensor([0.])
    """
    return torch.arccosh(as_tensor(x))


@keras_export("keras.ops.arctanh", "keras.ops.numpy.arctanh")
@elementwise_op(dtype=float_result)
def arctanh(x):
    """Inverse hyperbolic tangent of each element.

    Args:
        x: Input tensor.

    Returns:
        `arctanh(x)` (infinite at +-1, NaN outside); integers give floats.

    Example:

    >>> kerastorch.ops.arctanh(torch.tensor([0.0]))
    tensor([0.])
    """
    return torch.arctanh(as_tensor(x))


@keras_export("keras.ops.sinc", "keras.ops.numpy.sinc")
@elementwise_op(dtype=float_result)
def sinc(x):
    """Normalized sinc, `sin(pi * x) / (pi * x)` (1 at 0), of each element.

    Args:
        x: Input tensor.

    Returns:
        `sinc(x)`; integers give floats.

    Example:

    >>> kerastorch.ops.sinc(torch.tensor([0.0, 0.5]))
    tensor([1.0000, 0.6366])
    """
    return torch.sinc(as_tensor(x))


@keras_export("keras.ops.arctan2", "keras.ops.numpy.arctan2")
@elementwise_op(dtype=angle_of_point)
def arctan2(x1, x2):
    """Angle of the point `(x2, x1)`: the arc tangent of `x1 / x2` in the right quadrant.

    Args:
        x1: The y coordinates.
        x2: The x coordinates.

    Returns:
        The angles in radians, in `[-pi, pi]`, in the promoted float dtype.

    Example:

    >>> kerastorch.ops.arctan2(torch.tensor([1.0]), torch.tensor([-1.0]))
    tensor([2.3562])
    """
    x1, x2 = tensor_operands(x1, x2)
    dtype = promoted_torch_dtype(x1, x2, float)
    compute_dtype = dtype
    if dtype is torch.float16 and x1.device.type == "cpu":
        compute_dtype = torch.float32  # As Keras: half precision in float32 on the CPU.
    return torch.arctan2(*cast_operands(x1, x2, compute_dtype)).to(dtype)


@keras_export("keras.ops.hypot", "keras.ops.numpy.hypot")
@elementwise_op(dtype=promoted_widened)
def hypot(x1, x2):
    """Hypotenuse `sqrt(x1 ** 2 + x2 ** 2)`, element-wise, without overflow.

    Args:
        x1: First leg.
        x2: Second leg.

    Returns:
        The hypotenuses (int64 inputs give float64, smaller integers `floatx()`).

    Example:

    >>> kerastorch.ops.hypot(torch.tensor([3.0]), torch.tensor([4.0]))
    tensor([5.])
    """
    x1, x2 = tensor_operands(x1, x2)
    return torch.hypot(*cast_operands(x1, x2, to_torch_dtype(promoted_widened(x1, x2))))


@keras_export("keras.ops.deg2rad", "keras.ops.numpy.deg2rad")
@elementwise_op(dtype=float_or_float64)
def deg2rad(x):
    """Converts angles from degrees to radians.

    Args:
        x: Angles in degrees.

    Returns:
        The angles in radians (int64 inputs give float64).

    Example:

    >>> kerastorch.ops.deg2rad(torch.tensor([180.0]))
    tensor([3.1416])
    """
    x = as_tensor(x)
    result = torch.deg2rad(x)
    return result.to(torch.float64) if x.dtype is torch.int64 else result


@keras_export("keras.ops.rad2deg", "keras.ops.numpy.rad2deg")
@elementwise_op(dtype=float_or_float64)
def rad2deg(x):
    """Converts angles from radians to degrees.

    Args:
        x: Angles in radians.

    Returns:
        The angles in degrees (int64 inputs give float64).

    Example:

    >>> kerastorch.ops.rad2deg(torch.tensor([3.141592653589793]))
    tensor([180.])
    """
    x = as_tensor(x)
    result = torch.rad2deg(x)
    return result.to(torch.float64) if x.dtype is torch.int64 else result
