"""Magnitudes, signs and bounds of `keras.ops` (`absolute`, `sign`, `maximum`, `clip`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops.numpy.elementwise import (
    elementwise_op,
    float_of_ints,
    int32_for_bool,
    ints_to_floatx,
    promoted,
    promoted_torch_dtype,
    promoted_widened,
    same,
)
from kerastorch.ops.tensor_args import (
    as_tensor,
    cast_operands,
    operands,
    tensor_operands,
)


@keras_export("keras.ops.absolute", "keras.ops.numpy.absolute")
@elementwise_op(dtype=same)
def absolute(x):
    """Absolute value of each element.

    Args:
        x: Input tensor.

    Returns:
        `|x|` (bools unchanged; complex inputs give real magnitudes).

    Example:

    >>> kerastorch.ops.absolute(torch.tensor([-1.0, 2.0]))
    tensor([1., 2.])
    """
    x = as_tensor(x)
    return x if x.dtype is torch.bool else torch.abs(x)


@keras_export("keras.ops.abs", "keras.ops.numpy.abs")
def abs(x):
    """Absolute value of each element; the same as `absolute`.

    Args:
        x: Input tensor.

    Returns:
        `|x|`.

    Example:

    >>> kerastorch.ops.abs(torch.tensor([-3]))
    tensor([3])
    """
    return absolute(x)


@keras_export("keras.ops.fabs", "keras.ops.numpy.fabs")
@elementwise_op(dtype=float_of_ints)
def fabs(x):
    """Absolute value of each element, as floats (integers give `floatx()`).

    Args:
        x: Input tensor (not complex).

    Returns:
        `|x|` as floats.

    Raises:
        TypeError: For complex inputs.

    Example:

    >>> kerastorch.ops.fabs(torch.tensor([-2, 3]))
    tensor([2., 3.])
    """
    x = as_tensor(x)
    if x.is_complex():
        raise TypeError(f"fabs does not support complex inputs. Received: x.dtype={x.dtype}")
    return torch.abs(ints_to_floatx(x))


@keras_export("keras.ops.sign", "keras.ops.numpy.sign")
@elementwise_op(dtype=same)
def sign(x):
    """Sign of each element: -1, 0 or 1.

    Args:
        x: Input tensor.

    Returns:
        The signs, in `x`'s dtype.

    Example:

    >>> kerastorch.ops.sign(torch.tensor([-4, 0, 2]))
    tensor([-1,  0,  1])
    """
    return torch.sign(as_tensor(x))


@keras_export("keras.ops.maximum", "keras.ops.numpy.maximum")
@elementwise_op(dtype=promoted)
def maximum(x1, x2):
    """Element-wise maximum (NaN if either is NaN).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The larger of each pair, in the promoted dtype.

    Example:

    >>> kerastorch.ops.maximum(torch.tensor([1.0, 5.0]), 3.0)
    tensor([3., 5.])
    """
    return torch.maximum(*_promoted_operands(x1, x2))


@keras_export("keras.ops.minimum", "keras.ops.numpy.minimum")
@elementwise_op(dtype=promoted)
def minimum(x1, x2):
    """Element-wise minimum (NaN if either is NaN).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The smaller of each pair, in the promoted dtype.

    Example:

    >>> kerastorch.ops.minimum(torch.tensor([1.0, 5.0]), 3.0)
    tensor([1., 3.])
    """
    return torch.minimum(*_promoted_operands(x1, x2))


@keras_export("keras.ops.fmax", "keras.ops.numpy.fmax")
@elementwise_op(dtype=promoted)
def fmax(x1, x2):
    """Element-wise maximum ignoring NaNs (NaN only where both are NaN).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The larger of each pair, in the promoted dtype.

    Example:

    >>> kerastorch.ops.fmax(torch.tensor([float("nan"), 1.0]), torch.tensor([2.0, 0.0]))
    tensor([2., 1.])
    """
    return torch.fmax(*_promoted_operands(x1, x2))


@keras_export("keras.ops.fmin", "keras.ops.numpy.fmin")
@elementwise_op(dtype=promoted)
def fmin(x1, x2):
    """Element-wise minimum ignoring NaNs (NaN only where both are NaN).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The smaller of each pair, in the promoted dtype.

    Example:

    >>> kerastorch.ops.fmin(torch.tensor([float("nan"), 1.0]), torch.tensor([2.0, 0.0]))
    tensor([2., 0.])
    """
    return torch.fmin(*_promoted_operands(x1, x2))


def _promoted_operands(x1, x2):
    x1, x2 = operands(x1, x2)
    return cast_operands(x1, x2, promoted_torch_dtype(x1, x2))


@keras_export("keras.ops.clip", "keras.ops.numpy.clip")
@elementwise_op(dtype=int32_for_bool, static=("x_min", "x_max"))
def clip(x, x_min, x_max):
    """Limits the values of a tensor to `[x_min, x_max]`.

    Args:
        x: Input tensor (bools compute as int32).
        x_min: Lower bound (number or tensor; `None`: no bound).
        x_max: Upper bound (number or tensor; `None`: no bound).

    Returns:
        The clipped tensor.

    Example:

    >>> kerastorch.ops.clip(torch.tensor([-2.0, 0.5, 3.0]), 0.0, 1.0)
    tensor([0.0000, 0.5000, 1.0000])
    """
    x = as_tensor(x)
    if x.dtype is torch.bool:
        x = x.to(torch.int32)
    if not (_is_number(x_min) and _is_number(x_max)):  # torch takes numbers or tensors.
        x_min, x_max = (b if b is None else tensor_operands(x, b)[1] for b in (x_min, x_max))
    if x.dtype is torch.float16 and x.device.type == "cpu":
        # As Keras: half precision clips in float32 on the CPU.
        return torch.clip(x.to(torch.float32), x_min, x_max).to(torch.float16)
    return torch.clip(x, x_min, x_max)


def _is_number(value) -> bool:
    return value is None or isinstance(value, (bool, int, float))


@keras_export("keras.ops.heaviside", "keras.ops.numpy.heaviside")
@elementwise_op(dtype=promoted_widened)
def heaviside(x1, x2):
    """Heaviside step function: 0 where `x1 < 0`, `x2` where `x1 == 0`, 1 where `x1 > 0`.

    Args:
        x1: Input tensor.
        x2: The values at `x1 == 0`.

    Returns:
        The step values (int64 inputs give float64, smaller integers `floatx()`).

    Example:

    >>> kerastorch.ops.heaviside(torch.tensor([-1.0, 0.0, 2.0]), 0.5)
    tensor([0.0000, 0.5000, 1.0000])
    """
    x1, x2 = tensor_operands(x1, x2)
    return torch.heaviside(*cast_operands(x1, x2, to_torch_dtype(promoted_widened(x1, x2))))
