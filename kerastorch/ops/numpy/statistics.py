"""Statistics of `keras.ops`: `std`, `var`, `quantile`, `median`, `average`,
their NaN-ignoring forms, `corrcoef`, `histogram` and `bincount`.

Variances are population variances (no Bessel correction), as NumPy and
Keras compute them.
"""

import math

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import result_type, to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.numpy.reductions import REDUCE, dims, is_empty_axis
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import axis_tuple, reduce_shape
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype

NUMPY = "keras.src.ops.numpy"
QUANTILE = ("axis", "method", "keepdims")


@keras_export("keras.ops.std", "keras.ops.numpy.std")
@keras_op(NUMPY, static=REDUCE)
def std(x, axis=None, keepdims=False):
    """Standard deviation over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The standard deviation (float32 for integer and bool inputs).

    Example:

    >>> kerastorch.ops.std(torch.tensor([1.0, 3.0]))
    tensor(1.)
    """
    x = as_tensor(x)
    if not x.is_floating_point():
        x = x.to(torch.float32)
    return torch.std(x, dim=dims(axis), keepdim=keepdims, unbiased=False)


@keras_export("keras.ops.var", "keras.ops.numpy.var")
@keras_op(NUMPY, static=REDUCE)
def var(x, axis=None, keepdims=False):
    """Variance over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The variance (float32 for integer and bool inputs).

    Example:

    >>> kerastorch.ops.var(torch.tensor([1.0, 3.0]))
    tensor(1.)
    """
    x = as_tensor(x)
    result = promoted_dtype(x.dtype, float)
    if is_empty_axis(axis):
        return torch.zeros_like(x, dtype=result)
    if x.dtype is torch.float32:
        return torch.var(x, dim=dims(axis), keepdim=keepdims, correction=0)
    compute = promoted_dtype(x.dtype, "float32")
    return torch.var(x.to(compute), dim=dims(axis), keepdim=keepdims, correction=0).to(result)


def _quantile(x, q, axis, method, keepdims, reduce):
    """`torch.quantile` (or `nanquantile`) over several axes, moved last and merged."""
    x = as_tensor(x)
    q = as_tensor(q)
    result = promoted_dtype(x.dtype, float)
    x = x.to(promoted_dtype(x.dtype, "float32"))
    q = q.to(x.dtype)
    axis = axis_tuple(axis)
    if axis is None:
        y = x.reshape(-1)
    else:
        axis = sorted(a % x.ndim for a in axis)
        others = [d for d in range(x.ndim) if d not in axis]
        y = x.permute(others + axis).reshape(
            [x.shape[d] for d in others] + [math.prod(x.shape[d] for d in axis)])
    y = reduce(y, q, dim=-1, interpolation=method)
    if keepdims:
        if axis is None:
            y = y.reshape(y.shape + (1,) * x.ndim)
        else:
            for a in axis:
                y = y.unsqueeze(a + 1 if q.ndim > 0 else a)
    return y.to(result)


@keras_export("keras.ops.quantile", "keras.ops.numpy.quantile")
@keras_op(NUMPY, static=QUANTILE)
def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th quantiles of the data over the given axes.

    Args:
        x: Input tensor.
        q: Quantile(s) in `[0, 1]`, a scalar or a 1-D tensor (its axis comes
            first in the result).
        axis: Int, tuple of ints, or `None` (all axes).
        method: `"linear"`, `"lower"`, `"higher"`, `"midpoint"` or `"nearest"`.
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The quantiles (float; int inputs give float32).

    Example:

    >>> kerastorch.ops.quantile(torch.tensor([1.0, 2.0, 3.0, 4.0]), 0.5)
    tensor(2.5000)
    """
    return _quantile(x, q, axis, method, keepdims, torch.quantile)


@keras_export("keras.ops.percentile", "keras.ops.numpy.percentile")
@keras_op(NUMPY, static=QUANTILE)
def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th percentiles of the data over the given axes.

    Args:
        x: Input tensor.
        q: Percentile(s) in `[0, 100]`, a scalar or a 1-D tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        method: `"linear"`, `"lower"`, `"higher"`, `"midpoint"` or `"nearest"`.
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The percentiles.

    Example:

    >>> kerastorch.ops.percentile(torch.tensor([1.0, 2.0, 3.0, 4.0]), 50)
    tensor(2.5000)
    """
    q = as_tensor(q, dtype=config.floatx()) / 100.0
    return _quantile(x, q, axis, method, keepdims, torch.quantile)


@keras_export("keras.ops.median", "keras.ops.numpy.median")
@keras_op(NUMPY, static=REDUCE)
def median(x, axis=None, keepdims=False):
    """Median over the given axes (the mean of the two middle values when even).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The median (float).

    Example:

    >>> kerastorch.ops.median(torch.tensor([1.0, 2.0, 3.0, 4.0]))
    tensor(2.5000)
    """
    return _quantile(x, 0.5, axis, "linear", keepdims, torch.quantile)


@keras_export("keras.ops.nanquantile", "keras.ops.numpy.nanquantile")
@keras_op(NUMPY, static=QUANTILE)
def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th quantiles over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        q: Quantile(s) in `[0, 1]`, a scalar or a 1-D tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        method: `"linear"`, `"lower"`, `"higher"`, `"midpoint"` or `"nearest"`.
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The quantiles.

    Example:

    >>> kerastorch.ops.nanquantile(torch.tensor([1.0, float("nan"), 3.0]), 0.5)
    tensor(2.)
    """
    return _quantile(x, q, axis, method, keepdims, torch.nanquantile)


@keras_export("keras.ops.nanpercentile", "keras.ops.numpy.nanpercentile")
@keras_op(NUMPY, static=QUANTILE)
def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th percentiles over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        q: Percentile(s) in `[0, 100]`, a scalar or a 1-D tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        method: `"linear"`, `"lower"`, `"higher"`, `"midpoint"` or `"nearest"`.
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The percentiles.

    Example:

    >>> kerastorch.ops.nanpercentile(torch.tensor([1.0, float("nan"), 3.0]), 50)
    tensor(2.)
    """
    q = as_tensor(q, dtype=config.floatx()) / 100.0
    return _quantile(x, q, axis, method, keepdims, torch.nanquantile)


@keras_export("keras.ops.nanmedian", "keras.ops.numpy.nanmedian")
@keras_op(NUMPY, static=REDUCE)
def nanmedian(x, axis=None, keepdims=False):
    """Median over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The median.

    Example:

    >>> kerastorch.ops.nanmedian(torch.tensor([1.0, float("nan"), 3.0]))
    tensor(2.)
    """
    if is_empty_axis(axis):
        return as_tensor(x)
    return _quantile(x, 0.5, axis, "linear", keepdims, torch.nanquantile)


@keras_export("keras.ops.nanmean", "keras.ops.numpy.nanmean")
@keras_op(NUMPY, static=REDUCE)
def nanmean(x, axis=None, keepdims=False):
    """Mean over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The mean (float).

    Example:

    >>> kerastorch.ops.nanmean(torch.tensor([1.0, float("nan"), 3.0]))
    tensor(2.)
    """
    x = as_tensor(x)
    if is_empty_axis(axis):
        return x
    return torch.nanmean(x.to(promoted_dtype(x.dtype, float)), dim=dims(axis), keepdim=keepdims)


@keras_export("keras.ops.nanvar", "keras.ops.numpy.nanvar")
@keras_op(NUMPY, static=REDUCE)
def nanvar(x, axis=None, keepdims=False):
    """Variance over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The variance (float).

    Example:

    >>> kerastorch.ops.nanvar(torch.tensor([1.0, float("nan"), 3.0]))
    tensor(1.)
    """
    x = as_tensor(x)
    x = x.to(promoted_dtype(x.dtype, float))
    if is_empty_axis(axis):
        return torch.where(torch.isnan(x), x, torch.zeros_like(x))
    axis = dims(axis)
    valid = ~torch.isnan(x)
    centered = torch.where(valid, x - torch.nanmean(x, dim=axis, keepdim=True), 0.0)
    squares = centered.abs().square() if centered.is_complex() else centered.square()
    return squares.sum(dim=axis, keepdim=keepdims) / valid.sum(dim=axis, keepdim=keepdims)


@keras_export("keras.ops.nanstd", "keras.ops.numpy.nanstd")
@keras_op(NUMPY, static=REDUCE)
def nanstd(x, axis=None, keepdims=False):
    """Standard deviation over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The standard deviation (float).

    Example:

    >>> kerastorch.ops.nanstd(torch.tensor([1.0, float("nan"), 3.0]))
    tensor(1.)
    """
    return torch.sqrt(nanvar(x, axis=axis, keepdims=keepdims))


def _average_spec(x, axis=None, weights=None):
    dtypes = (x.dtype, float) if weights is None else (x.dtype, float, weights.dtype)
    return KerasTensor(reduce_shape(x.shape, axis=axis), dtype=result_type(*dtypes))


@keras_export("keras.ops.average", "keras.ops.numpy.average")
@keras_op(NUMPY, static=("axis",), spec=_average_spec)
def average(x, axis=None, weights=None):
    """Weighted average over an axis (the mean when `weights` is `None`).

    Args:
        x: Input tensor.
        axis: Int, or `None` (all axes).
        weights: Optional weights, of `x`'s shape or 1-D along `axis`.

    Returns:
        `sum(x * weights, axis) / sum(weights, axis)`, as a float.

    Example:

    >>> kerastorch.ops.average(torch.tensor([1.0, 4.0]), weights=torch.tensor([3.0, 1.0]))
    tensor(1.7500)
    """
    x = as_tensor(x)
    if weights is None:
        x = x.to(promoted_dtype(x.dtype, float))
        return x if is_empty_axis(axis) else torch.mean(x, dims(axis))
    weights = as_tensor(weights)
    dtype = promoted_dtype(x.dtype, float, weights.dtype)
    x, weights = x.to(dtype), weights.to(dtype)
    if is_empty_axis(axis):
        return x
    if axis is None:
        return torch.sum(x * weights) / torch.sum(weights)
    if weights.ndim == 1 and x.ndim > 1:
        # NumPy's 1-D weights along `axis`.
        weights = weights.reshape([-1 if d == axis % x.ndim else 1 for d in range(x.ndim)])
        return torch.sum(x * weights, dim=axis) / torch.sum(weights)
    return torch.sum(x * weights, dim=axis) / torch.sum(weights, dim=axis)


@keras_export("keras.ops.corrcoef", "keras.ops.numpy.corrcoef")
@keras_op(NUMPY)
def corrcoef(x):
    """Pearson correlation coefficients of the rows of `x` (variables) over its
    columns (observations).

    Args:
        x: A 1-D or 2-D tensor.

    Returns:
        The correlation matrix.

    Example:

    >>> kerastorch.ops.corrcoef(torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]))
    tensor([[ 1., -1.],
            [-1.,  1.]])
    """
    x = as_tensor(x)
    if x.dtype is torch.bool:
        x = x.to(to_torch_dtype(config.floatx()))
    elif x.dtype is torch.int64:
        x = x.to(torch.float64)
    return torch.corrcoef(x)


@keras_export("keras.ops.histogram", "keras.ops.numpy.histogram")
@keras_op(NUMPY, static=("bins", "range"))
def histogram(x, bins=10, range=None):
    """Histogram of a 1-D tensor in equal-width bins.

    Args:
        x: A 1-D float tensor.
        bins: Number of bins.
        range: Optional `(lower, upper)` tuple; defaults to `(x.min(), x.max())`.

    Returns:
        A tuple `(counts, bin_edges)`, of shapes `(bins,)` and `(bins + 1,)`.

    Example:

    >>> kerastorch.ops.histogram(torch.tensor([0.0, 1.0, 1.0, 2.0]), bins=2)[0]
    tensor([1., 3.])
    """
    if not isinstance(bins, int):
        raise TypeError(f"Argument `bins` must be of type `int`. Received: bins={bins}")
    if bins < 0:
        raise ValueError(f"Argument `bins` should be a non-negative integer. Received: bins={bins}")
    if range:
        if len(range) < 2 or not isinstance(range, tuple):
            raise ValueError(
                f"Argument `range` must be a tuple of two elements. Received: range={range}")
        if range[1] < range[0]:
            raise ValueError(
                "The second element of `range` must be greater than the first. "
                f"Received: range={range}"
            )
    x = as_tensor(x)
    if x.ndim > 1:
        raise ValueError(f"Input tensor must be 1-dimensional. Received: input.shape={x.shape}")
    # `torch.histogram` is CPU-only (and its bins depend on the data anyway).
    counts, edges = torch.histogram(x.cpu(), bins=bins, range=range)
    return counts.to(x.device), edges.to(x.device)


def _bincount_spec(x, weights=None, minlength=0, sparse=False):
    dtype = "int32" if weights is None else result_type(x.dtype, as_tensor(weights).dtype)
    return KerasTensor(x.shape[:-1] + (None,), dtype=dtype)


@keras_export("keras.ops.bincount", "keras.ops.numpy.bincount")
@keras_op(NUMPY, static=("weights", "minlength", "sparse"), spec=_bincount_spec)
def bincount(x, weights=None, minlength=0, sparse=False):
    """Counts the occurrences of each value of a non-negative int tensor.

    Args:
        x: A 1-D int tensor, or a 2-D one (counted per row).
        weights: Optional weights of `x`'s shape: each occurrence adds its weight.
        minlength: Minimum number of bins.
        sparse: Unsupported (as with Keras's torch backend).

    Returns:
        The counts, `(max(x) + 1,)` or at least `(minlength,)` (per row for 2-D
        `x`); int32, or the weights' dtype.

    Example:

    >>> kerastorch.ops.bincount(torch.tensor([0, 1, 1, 3]))
    tensor([1, 2, 0, 1], dtype=torch.int32)
    """
    if sparse:
        raise ValueError("Unsupported value `sparse=True` with torch backend")
    x = as_tensor(x)
    if weights is not None:
        weights = as_tensor(weights)
        dtype = promoted_dtype(x.dtype, weights.dtype)
    else:
        dtype = torch.int32
    if x.ndim != 2:
        return torch.bincount(x, weights, minlength).to(dtype)
    rows = x.shape[0]
    length = max(minlength, int(x.max()) + 1 if x.numel() else 0)
    offsets = x + torch.arange(rows, device=x.device).unsqueeze(1) * length
    counts = torch.bincount(offsets.reshape(-1), None if weights is None else weights.reshape(-1),
                            minlength=rows * length)
    return counts.reshape(rows, length).to(dtype)
