"""Reductions of `keras.ops` (`sum`, `mean`, `max`, `argmax`, `cumsum`, ...).

Dtypes follow Keras's torch backend: sums and products of bool and small ints
are int32, means of ints float32, argmax indices int32. With `axis=None` and
`keepdims=True` the result keeps every axis with size 1, as NumPy and Keras's
symbolic shapes say (Keras's torch backend drops `keepdims` there for `sum`,
`prod`, `max`, `min`, `amax`, `amin`, `ptp`), and `count_nonzero` keeps the
order of the remaining axes (Keras's torch backend reverses them).
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import axis_tuple
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype

NUMPY = "keras.src.ops.numpy"
REDUCE = ("axis", "keepdims")
# Keras's torch backend accumulates these in int32.
WIDENED_DTYPES = {torch.bool: torch.int32, torch.int8: torch.int32, torch.int16: torch.int32,
                  torch.uint8: torch.int32}


def dims(axis):
    """`axis` as torch's `dim` argument (lists become tuples)."""
    return tuple(axis) if isinstance(axis, list) else axis


def is_empty_axis(axis) -> bool:
    """Whether `axis` is `()` or `[]` (a reduction over no axis: the identity)."""
    return isinstance(axis, (tuple, list)) and len(axis) == 0


def keep_all_dims(result: torch.Tensor, x: torch.Tensor, keepdims: bool) -> torch.Tensor:
    """A full reduction's result reshaped to `(1,) * x.ndim` when `keepdims`."""
    return result.reshape((1,) * x.ndim) if keepdims else result


@keras_export("keras.ops.sum", "keras.ops.numpy.sum")
@keras_op(NUMPY, static=REDUCE)
def sum(x, axis=None, keepdims=False):
    """Sum of tensor elements over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The sum (bool and small ints sum as int32, as in Keras).

    Example:

    >>> kerastorch.ops.sum(torch.ones(2, 3), axis=1)
    tensor([3., 3.])
    """
    x = as_tensor(x)
    dtype = WIDENED_DTYPES.get(x.dtype, x.dtype)
    if axis is None:
        return keep_all_dims(torch.sum(x, dtype=dtype), x, keepdims)
    if is_empty_axis(axis):
        return x
    return torch.sum(x, dim=dims(axis), keepdim=keepdims, dtype=dtype)


@keras_export("keras.ops.mean", "keras.ops.numpy.mean")
@keras_op(NUMPY, static=REDUCE)
def mean(x, axis=None, keepdims=False):
    """Arithmetic mean over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The mean; integer and bool inputs give float32, float16 is averaged in
        float32 and returned as float16 (as in Keras).

    Example:

    >>> kerastorch.ops.mean(torch.tensor([[1, 2], [3, 4]]), axis=0)
    tensor([2., 3.])
    """
    x = as_tensor(x)
    if is_empty_axis(axis):
        return x
    if x.dtype is torch.float32:
        return torch.mean(x, dims(axis), keepdims)
    compute = promoted_dtype(x.dtype, "float32")
    result = compute if not x.is_floating_point() else x.dtype
    return torch.mean(x.to(compute), dims(axis), keepdims).to(result)


def _extremum(x, axis, keepdims, initial, reduce, bound, name):
    x = as_tensor(x)
    if 0 in x.shape:
        if initial is None:
            raise ValueError(f"Cannot compute the {name} of an empty tensor.")
        shape = (1,) * x.ndim if keepdims else ()
        return torch.full(shape, initial, device=x.device)
    if axis is None:
        result = keep_all_dims(reduce(x), x, keepdims)
    elif is_empty_axis(axis):
        result = x
    else:
        result = reduce(x, dim=dims(axis), keepdim=keepdims)
    if initial is not None:
        result = torch.clamp(result, **{bound: initial})
    return result


@keras_export("keras.ops.max", "keras.ops.numpy.max")
@keras_op(NUMPY, static=("axis", "keepdims", "initial"))
def max(x, axis=None, keepdims=False, initial=None):
    """Maximum of a tensor over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.
        initial: Optional lower bound of the result (also the value for an
            empty tensor).

    Returns:
        The maximum.

    Example:

    >>> kerastorch.ops.max(torch.tensor([[1, 5], [3, 2]]), axis=1)
    tensor([5, 3])
    """
    return _extremum(x, axis, keepdims, initial, torch.amax, "min", "max")


@keras_export("keras.ops.min", "keras.ops.numpy.min")
@keras_op(NUMPY, static=("axis", "keepdims", "initial"))
def min(x, axis=None, keepdims=False, initial=None):
    """Minimum of a tensor over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.
        initial: Optional upper bound of the result (also the value for an
            empty tensor).

    Returns:
        The minimum.

    Example:

    >>> kerastorch.ops.min(torch.tensor([[1, 5], [3, 2]]), axis=1)
    tensor([1, 2])
    """
    return _extremum(x, axis, keepdims, initial, torch.amin, "max", "min")


@keras_export("keras.ops.amax", "keras.ops.numpy.amax")
@keras_op(NUMPY, static=REDUCE)
def amax(x, axis=None, keepdims=False):
    """Maximum of a tensor over the given axes (`max` without `initial`).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The maximum.

    Example:

    >>> kerastorch.ops.amax(torch.tensor([[1, 5], [3, 2]]), axis=0)
    tensor([3, 5])
    """
    return _extremum(x, axis, keepdims, None, torch.amax, None, "max")


@keras_export("keras.ops.amin", "keras.ops.numpy.amin")
@keras_op(NUMPY, static=REDUCE)
def amin(x, axis=None, keepdims=False):
    """Minimum of a tensor over the given axes (`min` without `initial`).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The minimum.

    Example:

    >>> kerastorch.ops.amin(torch.tensor([[1, 5], [3, 2]]), axis=0)
    tensor([1, 2])
    """
    return _extremum(x, axis, keepdims, None, torch.amin, None, "min")


@keras_export("keras.ops.ptp", "keras.ops.numpy.ptp")
@keras_op(NUMPY, static=REDUCE)
def ptp(x, axis=None, keepdims=False):
    """Range of values (maximum minus minimum) over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        `max(x) - min(x)` over `axis`.

    Example:

    >>> kerastorch.ops.ptp(torch.tensor([[1, 5], [3, 2]]), axis=1)
    tensor([4, 1])
    """
    x = as_tensor(x)
    if is_empty_axis(axis):
        return torch.zeros_like(x)
    return amax(x, axis, keepdims) - amin(x, axis, keepdims)


@keras_export("keras.ops.prod", "keras.ops.numpy.prod")
@keras_op(NUMPY, static=("axis", "keepdims", "dtype"))
def prod(x, axis=None, keepdims=False, dtype=None):
    """Product of tensor elements over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.
        dtype: Optional result dtype (default: as Keras, bool and small ints
            give int32).

    Returns:
        The product.

    Example:

    >>> kerastorch.ops.prod(torch.tensor([[1, 2], [3, 4]]), axis=1)
    tensor([ 2, 12], dtype=torch.int32)
    """
    x = as_tensor(x)
    if dtype is None:
        result = WIDENED_DTYPES.get(x.dtype) or promoted_dtype(x.dtype)
    else:
        result = to_torch_dtype(dtype)
    compute = torch.float32 if result is torch.float16 and x.device.type == "cpu" else result
    if axis is None:
        return keep_all_dims(torch.prod(x, dtype=compute).to(result), x, keepdims)
    for a in sorted((a % x.ndim for a in axis_tuple(axis)), reverse=True):
        x = torch.prod(x, dim=a, keepdim=keepdims, dtype=compute)
    return x.to(result)


def _logical(reduce):
    def op(x, axis=None, keepdims=False):
        x = as_tensor(x)
        if is_empty_axis(axis):
            return x.to(torch.bool)
        result = reduce(x, dim=dims(axis), keepdim=keepdims)
        return result if result.dtype is torch.bool else result.to(torch.bool)

    return op


_all = _logical(torch.all)
_any = _logical(torch.any)


@keras_export("keras.ops.all", "keras.ops.numpy.all")
@keras_op(NUMPY, static=REDUCE)
def all(x, axis=None, keepdims=False):
    """Whether all elements are true (non-zero) over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.all(torch.tensor([[True, False], [True, True]]), axis=1)
    tensor([False,  True])
    """
    return _all(x, axis, keepdims)


@keras_export("keras.ops.any", "keras.ops.numpy.any")
@keras_op(NUMPY, static=REDUCE)
def any(x, axis=None, keepdims=False):
    """Whether any element is true (non-zero) over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        A bool tensor.

    Example:

    >>> kerastorch.ops.any(torch.tensor([[True, False], [False, False]]), axis=1)
    tensor([ True, False])
    """
    return _any(x, axis, keepdims)


def _arg_extremum(reduce):
    def op(x, axis=None, keepdims=False):
        x = as_tensor(x)
        if x.dtype is torch.bool:
            x = x.to(torch.uint8)
        return reduce(x, dim=axis, keepdim=keepdims).to(torch.int32)

    return op


_argmax = _arg_extremum(torch.argmax)
_argmin = _arg_extremum(torch.argmin)


@keras_export("keras.ops.argmax", "keras.ops.numpy.argmax")
@keras_op(NUMPY, static=REDUCE)
def argmax(x, axis=None, keepdims=False):
    """Indices of the maximum values along an axis (first one on ties).

    Args:
        x: Input tensor.
        axis: Int, or `None` (index into the flattened tensor).
        keepdims: Whether the reduced axis is kept with size 1.

    Returns:
        int32 indices.

    Example:

    >>> kerastorch.ops.argmax(torch.tensor([[1, 5], [3, 2]]), axis=1)
    tensor([1, 0], dtype=torch.int32)
    """
    return _argmax(x, axis, keepdims)


@keras_export("keras.ops.argmin", "keras.ops.numpy.argmin")
@keras_op(NUMPY, static=REDUCE)
def argmin(x, axis=None, keepdims=False):
    """Indices of the minimum values along an axis (first one on ties).

    Args:
        x: Input tensor.
        axis: Int, or `None` (index into the flattened tensor).
        keepdims: Whether the reduced axis is kept with size 1.

    Returns:
        int32 indices.

    Example:

    >>> kerastorch.ops.argmin(torch.tensor([[1, 5], [3, 2]]), axis=1)
    tensor([0, 1], dtype=torch.int32)
    """
    return _argmin(x, axis, keepdims)


@keras_export("keras.ops.count_nonzero", "keras.ops.numpy.count_nonzero")
@keras_op(NUMPY, static=("axis",))
def count_nonzero(x, axis=None):
    """Number of non-zero values over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).

    Returns:
        int32 counts.

    Example:

    >>> kerastorch.ops.count_nonzero(torch.tensor([[0, 1], [2, 3]]), axis=1)
    tensor([1, 2], dtype=torch.int32)
    """
    x = as_tensor(x)
    if is_empty_axis(axis):
        return torch.ne(x, 0).to(torch.int32)
    return torch.count_nonzero(x, dim=dims(axis)).to(torch.int32)


def _cumulative(reduce):
    def op(x, axis=None, dtype=None):
        x = as_tensor(x)
        if axis is None:
            x = x.flatten()
            axis = 0
        result = promoted_dtype(x.dtype if dtype is None else dtype)
        if result is torch.bool:
            result = torch.int32
        if result is torch.float16 and x.device.type == "cpu":
            return reduce(x, dim=axis, dtype=torch.float32).to(result)
        return reduce(x, dim=axis, dtype=result)

    return op


_cumsum = _cumulative(torch.cumsum)
_cumprod = _cumulative(torch.cumprod)


@keras_export("keras.ops.cumsum", "keras.ops.numpy.cumsum")
@keras_op(NUMPY, static=("axis", "dtype"))
def cumsum(x, axis=None, dtype=None):
    """Cumulative sum along an axis.

    Args:
        x: Input tensor.
        axis: Int, or `None` (over the flattened tensor).
        dtype: Optional result dtype (bool sums become int32).

    Returns:
        The running sums.

    Example:

    >>> kerastorch.ops.cumsum(torch.tensor([1.0, 2.0, 3.0]))
    tensor([1., 3., 6.])
    """
    return _cumsum(x, axis, dtype)


@keras_export("keras.ops.cumprod", "keras.ops.numpy.cumprod")
@keras_op(NUMPY, static=("axis", "dtype"))
def cumprod(x, axis=None, dtype=None):
    """Cumulative product along an axis.

    Args:
        x: Input tensor.
        axis: Int, or `None` (over the flattened tensor).
        dtype: Optional result dtype (bool products become int32).

    Returns:
        The running products.

    Example:

    >>> kerastorch.ops.cumprod(torch.tensor([1.0, 2.0, 3.0]))
    tensor([1., 2., 6.])
    """
    return _cumprod(x, axis, dtype)
