"""NaN-ignoring reductions of `keras.ops` (`nansum`, `nanmax`, `nanargmax`, `nancumsum`, ...).

NaNs are skipped (treated as 0 by sums, 1 by products); an all-NaN slice
gives NaN for `nanmax`/`nanmin` and -1 for `nanargmax`/`nanargmin`, as in Keras.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.numpy.reductions import (
    REDUCE,
    WIDENED_DTYPES,
    argmax,
    argmin,
    cumprod,
    cumsum,
    dims,
    is_empty_axis,
    prod,
)
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NUMPY = "keras.src.ops.numpy"


@keras_export("keras.ops.nansum", "keras.ops.numpy.nansum")
@keras_op(NUMPY, static=REDUCE)
def nansum(x, axis=None, keepdims=False):
    """Sum over the given axes, NaNs counted as zero.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The sum (bool and small ints sum as int32).

    Example:

    >>> kerastorch.ops.nansum(torch.tensor([1.0, float("nan"), 2.0]))
    tensor(3.)
    """
    x = as_tensor(x)
    dtype = WIDENED_DTYPES.get(x.dtype, x.dtype)
    if is_empty_axis(axis):
        return torch.nan_to_num(x, nan=0).to(dtype)
    if x.dtype is torch.bool:
        x = x.to(dtype)
    return torch.nansum(x, dim=dims(axis), keepdim=keepdims).to(dtype)


@keras_export("keras.ops.nanprod", "keras.ops.numpy.nanprod")
@keras_op(NUMPY, static=REDUCE)
def nanprod(x, axis=None, keepdims=False):
    """Product over the given axes, NaNs counted as one.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The product (bool and small ints multiply as int32).

    Example:

    >>> kerastorch.ops.nanprod(torch.tensor([2.0, float("nan"), 3.0]))
    tensor(6.)
    """
    x = as_tensor(x)
    if is_empty_axis(axis):
        return torch.nan_to_num(x, nan=1)
    if x.is_floating_point():
        x = torch.where(torch.isnan(x), torch.ones((), dtype=x.dtype, device=x.device), x)
    return prod(x, axis=axis, keepdims=keepdims)


def _nan_extremum(reduce, fill):
    def op(x, axis=None, keepdims=False):
        x = as_tensor(x)
        if not x.is_floating_point():
            return reduce(x, dim=dims(axis) if axis is not None else (), keepdim=keepdims)
        if is_empty_axis(axis):
            return x
        nan = torch.isnan(x)
        result = reduce(torch.where(nan, fill, x), dim=dims(axis) if axis is not None else (),
                        keepdim=keepdims)
        all_nan = nan.all(dim=dims(axis), keepdim=keepdims)
        return torch.where(all_nan, torch.full((), float("nan"), dtype=x.dtype, device=x.device),
                           result)

    return op


_nanmax = _nan_extremum(torch.amax, float("-inf"))
_nanmin = _nan_extremum(torch.amin, float("inf"))


@keras_export("keras.ops.nanmax", "keras.ops.numpy.nanmax")
@keras_op(NUMPY, static=REDUCE)
def nanmax(x, axis=None, keepdims=False):
    """Maximum over the given axes, ignoring NaNs (NaN where all are NaN).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The maximum.

    Example:

    >>> kerastorch.ops.nanmax(torch.tensor([1.0, float("nan"), 2.0]))
    tensor(2.)
    """
    return _nanmax(x, axis, keepdims)


@keras_export("keras.ops.nanmin", "keras.ops.numpy.nanmin")
@keras_op(NUMPY, static=REDUCE)
def nanmin(x, axis=None, keepdims=False):
    """Minimum over the given axes, ignoring NaNs (NaN where all are NaN).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The minimum.

    Example:

    >>> kerastorch.ops.nanmin(torch.tensor([1.0, float("nan"), 2.0]))
    tensor(1.)
    """
    return _nanmin(x, axis, keepdims)


def _nan_arg_extremum(arg_reduce, fill):
    def op(x, axis=None, keepdims=False):
        x = as_tensor(x)
        if not x.is_floating_point():
            return arg_reduce(x, axis=axis, keepdims=keepdims)
        nan = torch.isnan(x)
        index = arg_reduce(torch.where(nan, fill, x), axis=axis, keepdims=keepdims)
        all_nan = nan.all(dim=axis, keepdim=keepdims)
        return torch.where(all_nan, torch.tensor(-1, dtype=torch.int32, device=x.device), index)

    return op


_nanargmax = _nan_arg_extremum(argmax, float("-inf"))
_nanargmin = _nan_arg_extremum(argmin, float("inf"))


@keras_export("keras.ops.nanargmax", "keras.ops.numpy.nanargmax")
@keras_op(NUMPY, static=REDUCE)
def nanargmax(x, axis=None, keepdims=False):
    """Indices of the maximum values along an axis, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, or `None` (index into the flattened tensor).
        keepdims: Whether the reduced axis is kept with size 1.

    Returns:
        int32 indices; -1 where a slice is all NaN.

    Example:

    >>> kerastorch.ops.nanargmax(torch.tensor([1.0, float("nan"), 2.0]))
    tensor(2, dtype=torch.int32)
    """
    return _nanargmax(x, axis, keepdims)


@keras_export("keras.ops.nanargmin", "keras.ops.numpy.nanargmin")
@keras_op(NUMPY, static=REDUCE)
def nanargmin(x, axis=None, keepdims=False):
    """Indices of the minimum values along an axis, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, or `None` (index into the flattened tensor).
        keepdims: Whether the reduced axis is kept with size 1.

    Returns:
        int32 indices; -1 where a slice is all NaN.

    Example:

    >>> kerastorch.ops.nanargmin(torch.tensor([3.0, float("nan"), 2.0]))
    tensor(2, dtype=torch.int32)
    """
    return _nanargmin(x, axis, keepdims)


@keras_export("keras.ops.nancumsum", "keras.ops.numpy.nancumsum")
@keras_op(NUMPY, static=("axis", "dtype"))
def nancumsum(x, axis=None, dtype=None):
    """Cumulative sum along an axis, NaNs counted as zero.

    As in Keras (torch's `nan_to_num`), infinities become the dtype's largest
    finite values first.

    Args:
        x: Input tensor.
        axis: Int, or `None` (over the flattened tensor).
        dtype: Optional result dtype.

    Returns:
        The running sums.

    Example:

    >>> kerastorch.ops.nancumsum(torch.tensor([1.0, float("nan"), 2.0]))
    tensor([1., 1., 3.])
    """
    return cumsum(torch.nan_to_num(as_tensor(x)), axis=axis, dtype=dtype)


@keras_export("keras.ops.nancumprod", "keras.ops.numpy.nancumprod")
@keras_op(NUMPY, static=("axis", "dtype"))
def nancumprod(x, axis=None, dtype=None):
    """Cumulative product along an axis, NaNs counted as one.

    As in Keras (torch's `nan_to_num`), infinities become the dtype's largest
    finite values first.

    Args:
        x: Input tensor.
        axis: Int, or `None` (over the flattened tensor).
        dtype: Optional result dtype.

    Returns:
        The running products.

    Example:

    >>> kerastorch.ops.nancumprod(torch.tensor([2.0, float("nan"), 3.0]))
    tensor([2., 2., 6.])
    """
    return cumprod(torch.nan_to_num(as_tensor(x), nan=1.0), axis=axis, dtype=dtype)
