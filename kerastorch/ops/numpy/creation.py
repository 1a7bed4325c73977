"""Tensor creation of `keras.ops`: `arange`, `zeros`, `full`, `*_like`, `linspace`,
`logspace`, `geomspace`, `meshgrid`, `array`.

New tensors are made on kerastorch's device (`backend.get_device()`); the
default dtype is `floatx()`, as in Keras.
"""

import math

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor, dtype_of, promoted_dtype

NUMPY = "keras.src.ops.numpy"


def _shape(shape) -> tuple:
    return (shape,) if isinstance(shape, int) else tuple(shape)


@keras_export("keras.ops.zeros", "keras.ops.numpy.zeros")
def zeros(shape, dtype=None):
    """A tensor of zeros.

    Args:
        shape: Int or tuple of ints.
        dtype: Dtype (default `floatx()`).

    Returns:
        The tensor.

    Example:

    >>> kerastorch.ops.zeros((2,))
    tensor([0., 0.])
    """
    return torch.zeros(_shape(shape), dtype=to_torch_dtype(dtype), device=get_device())


@keras_export("keras.ops.ones", "keras.ops.numpy.ones")
def ones(shape, dtype=None):
    """A tensor of ones.

    Args:
        shape: Int or tuple of ints.
        dtype: Dtype (default `floatx()`).

    Returns:
        The tensor.

    Example:

    >>> kerastorch.ops.ones((2,))
    tensor([1., 1.])
    """
    return torch.ones(_shape(shape), dtype=to_torch_dtype(dtype), device=get_device())


@keras_export("keras.ops.empty", "keras.ops.numpy.empty")
def empty(shape, dtype=None):
    """An uninitialized tensor.

    Args:
        shape: Int or tuple of ints.
        dtype: Dtype (default `floatx()`).

    Returns:
        The tensor (its values are arbitrary).

    Example:

    >>> kerastorch.ops.empty((2, 3)).shape
    torch.Size([2, 3])
    """
    return torch.empty(_shape(shape), dtype=to_torch_dtype(dtype), device=get_device())


def _full_spec(shape, fill_value, dtype=None):
    return KerasTensor(_shape(shape), dtype=dtype)


@keras_export("keras.ops.full", "keras.ops.numpy.full")
@keras_op(NUMPY, static=("shape", "dtype"), spec=_full_spec)
def full(shape, fill_value, dtype=None):
    """A tensor filled with `fill_value`.

    Args:
        shape: Int or tuple of ints.
        fill_value: A scalar, or a tensor broadcast along the leading axes.
        dtype: Dtype (default `floatx()`).

    Returns:
        The tensor.

    Example:

    >>> kerastorch.ops.full((2,), 7, dtype="int32")
    tensor([7, 7], dtype=torch.int32)
    """
    shape = _shape(shape)
    dtype = to_torch_dtype(dtype)
    if isinstance(fill_value, (bool, int, float, complex)):
        return torch.full(shape, fill_value, dtype=dtype, device=get_device())
    # A tensor value is broadcast on the device (no host read of its value).
    return as_tensor(fill_value, dtype=dtype).expand(shape).clone()


def _like(factory):
    def op(x, dtype=None):
        x = as_tensor(x)
        return factory(x, dtype=x.dtype if dtype is None else to_torch_dtype(dtype))

    return op


_zeros_like = _like(torch.zeros_like)
_ones_like = _like(torch.ones_like)
_empty_like = _like(torch.empty_like)


@keras_export("keras.ops.zeros_like", "keras.ops.numpy.zeros_like")
@keras_op(NUMPY, static=("dtype",))
def zeros_like(x, dtype=None):
    """Zeros of the shape (and by default the dtype) of `x`.

    Args:
        x: Input tensor.
        dtype: Optional dtype.

    Returns:
        The tensor.

    Example:

    >>> kerastorch.ops.zeros_like(torch.tensor([1, 2]))
    tensor([0, 0])
    """
    return _zeros_like(x, dtype)


@keras_export("keras.ops.ones_like", "keras.ops.numpy.ones_like")
@keras_op(NUMPY, static=("dtype",))
def ones_like(x, dtype=None):
    """Ones of the shape (and by default the dtype) of `x`.

    Args:
        x: Input tensor.
        dtype: Optional dtype.

    Returns:
        The tensor.

    Example:

    >>> kerastorch.ops.ones_like(torch.tensor([1, 2]))
    tensor([1, 1])
    """
    return _ones_like(x, dtype)


@keras_export("keras.ops.empty_like", "keras.ops.numpy.empty_like")
@keras_op(NUMPY, static=("dtype",))
def empty_like(x, dtype=None):
    """An uninitialized tensor of the shape (and by default the dtype) of `x`.

    Args:
        x: Input tensor.
        dtype: Optional dtype.

    Returns:
        The tensor (its values are arbitrary).

    Example:

    >>> kerastorch.ops.empty_like(torch.ones(2, 3)).shape
    torch.Size([2, 3])
    """
    return _empty_like(x, dtype)


@keras_export("keras.ops.full_like", "keras.ops.numpy.full_like")
@keras_op(NUMPY, static=("dtype",))
def full_like(x, fill_value, dtype=None):
    """`fill_value` in the shape (and by default the dtype) of `x`.

    Args:
        x: Input tensor.
        fill_value: A scalar, or a tensor broadcast along the leading axes.
        dtype: Optional dtype.

    Returns:
        The tensor.

    Example:

    >>> kerastorch.ops.full_like(torch.tensor([1, 2]), 5)
    tensor([5, 5])
    """
    x = as_tensor(x)
    return full(x.shape, fill_value, dtype=x.dtype if dtype is None else dtype)


@keras_export("keras.ops.array", "keras.ops.numpy.array")
@keras_op(NUMPY, static=("dtype",))
def array(x, dtype=None):
    """A tensor from array-like data.

    Args:
        x: Tensor, numpy array, nested list or scalar.
        dtype: Optional dtype (default: inferred as Keras does, e.g. int32
            for Python ints, `floatx()` for Python floats).

    Returns:
        The tensor.

    Example:

    >>> kerastorch.ops.array([1, 2])
    tensor([1, 2], dtype=torch.int32)
    """
    return as_tensor(x, dtype=dtype)


@keras_export("keras.ops.arange", "keras.ops.numpy.arange")
@keras_op(NUMPY, static=("dtype",))
def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in `[start, stop)`.

    Args:
        start: Start (or the stop, when `stop` is `None`).
        stop: End, excluded.
        step: Spacing (default 1).
        dtype: Optional dtype (default: the promotion of the arguments' types,
            int32 for Python ints).

    Returns:
        A 1-D tensor.

    Example:

    >>> kerastorch.ops.arange(3)
    tensor([0, 1, 2], dtype=torch.int32)
    """
    if dtype is None:
        dtype = promoted_dtype(*(dtype_of(v) for v in (start, stop, step) if v is not None))
    else:
        dtype = to_torch_dtype(dtype)
    if stop is None:
        start, stop = 0, start
    return torch.arange(start, stop, 1 if step is None else step, dtype=dtype,
                        device=get_device())


def _space_dtype(start, stop, dtype):
    if dtype is None:
        return promoted_dtype(dtype_of(start), dtype_of(stop), float)
    return to_torch_dtype(dtype)


def _check_axis(axis, name):
    if axis != 0:
        raise ValueError(
            f"torch.{name} does not support an `axis` argument. Received axis={axis}")


def _array_space(start, stop, num, dtype):
    """`num` points from `start` to `stop` (tensors) along a new first axis."""
    start = as_tensor(start, dtype=dtype)
    stop = as_tensor(stop, dtype=dtype)
    steps = torch.arange(num, dtype=dtype, device=start.device) / (num - 1)
    steps = steps.reshape((num,) + (1,) * start.ndim)
    return start[None] + steps * (stop - start)[None]


@keras_export("keras.ops.linspace", "keras.ops.numpy.linspace")
@keras_op(NUMPY, static=("num", "endpoint", "retstep", "dtype", "axis"))
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced numbers over `[start, stop]`.

    Args:
        start: Start value (scalar or tensor).
        stop: End value.
        num: Number of values.
        endpoint: Whether `stop` is included.
        retstep: Whether to also return the spacing.
        dtype: Optional dtype (default: float).
        axis: Must be 0 (as with Keras's torch backend).

    Returns:
        The values, or `(values, step)` when `retstep`.

    Example:

    >>> kerastorch.ops.linspace(0, 1, 3)
    tensor([0.0000, 0.5000, 1.0000])
    """
    _check_axis(axis, "linspace")
    dtype = _space_dtype(start, stop, dtype)
    step = float("nan")
    if endpoint:
        if num > 1:
            step = (stop - start) / (num - 1)
    else:
        if num > 0:
            step = (stop - start) / num
        if num > 1:
            stop = stop - ((stop - start) / num)
    if hasattr(start, "__len__") and hasattr(stop, "__len__"):
        values = _array_space(start, stop, num, dtype)
    else:
        values = torch.linspace(start, stop, num, dtype=dtype, device=get_device())
    return (values, step) if retstep is True else values


@keras_export("keras.ops.logspace", "keras.ops.numpy.logspace")
@keras_op(NUMPY, static=("num", "endpoint", "base", "dtype", "axis"))
def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`num` numbers evenly spaced on a log scale, `base ** linspace(start, stop)`.

    Args:
        start: Start exponent (scalar or tensor).
        stop: End exponent.
        num: Number of values.
        endpoint: Whether `base ** stop` is included.
        base: The base.
        dtype: Optional dtype (default: float).
        axis: Must be 0 (as with Keras's torch backend).

    Returns:
        The values.

    Example:

    >>> kerastorch.ops.logspace(0, 2, 3)
    tensor([  1.,  10., 100.])
    """
    _check_axis(axis, "logspace")
    dtype = _space_dtype(start, stop, dtype)
    if endpoint is False:
        stop = stop - ((stop - start) / num)
    if hasattr(start, "__len__") and hasattr(stop, "__len__"):
        return base ** _array_space(start, stop, num, dtype)
    compute = torch.float32 if dtype is torch.float16 else dtype
    values = torch.logspace(start, stop, num, base=base, dtype=compute, device=get_device())
    return values.to(dtype)


@keras_export("keras.ops.geomspace", "keras.ops.numpy.geomspace")
@keras_op(NUMPY, static=("num", "endpoint", "dtype", "axis"))
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """`num` numbers evenly spaced on a log scale between `start` and `stop`.

    Args:
        start: Start value (non-zero).
        stop: End value (non-zero, same sign as `start`).
        num: Number of values.
        endpoint: Whether `stop` is included.
        dtype: Optional dtype (default: float).
        axis: Must be 0 (as with Keras's torch backend).

    Returns:
        The values.

    Example:

    >>> kerastorch.ops.geomspace(1, 100, 3)
    tensor([  1.,  10., 100.])
    """
    if axis != 0:
        raise ValueError(
            f"torch does not support an `axis` argument for geomspace. Received axis={axis}")
    dtype = _space_dtype(start, stop, dtype)
    start = as_tensor(start, dtype=dtype)
    stop = as_tensor(stop, dtype=dtype)
    values = logspace(torch.log10(torch.abs(start)), torch.log10(torch.abs(stop)), num=num,
                      endpoint=endpoint, base=10, dtype=dtype)
    return values * torch.sign(start)


def _meshgrid_spec(*x, indexing="xy"):
    shape = [1 if not xi.shape else None if None in xi.shape else math.prod(xi.shape)
             for xi in x]
    if indexing == "ij":
        # As Keras: these specs carry the default dtype.
        return [KerasTensor(shape) for _ in x]
    shape[0], shape[1] = shape[1], shape[0]
    return [KerasTensor(shape, dtype=x[-1].dtype) for _ in x]


@keras_export("keras.ops.meshgrid", "keras.ops.numpy.meshgrid")
@keras_op(NUMPY, static=("indexing",), spec=_meshgrid_spec)
def meshgrid(*x, indexing="xy"):
    """Coordinate grids from 1-D coordinate vectors.

    Args:
        *x: 1-D tensors of coordinates.
        indexing: `"xy"` (Cartesian: the first two output axes swapped) or
            `"ij"` (matrix indexing).

    Returns:
        A tuple of N-D grids.

    Example:

    >>> xs, ys = kerastorch.ops.meshgrid(torch.arange(3), torch.arange(2))
    >>> xs.shape
    torch.Size([2, 3])
    """
    if indexing not in ("xy", "ij"):
        raise ValueError(
            f"Valid values for `indexing` are 'xy' and 'ij', but received {indexing}.")
    return torch.meshgrid([as_tensor(xi) for xi in x], indexing=indexing)
