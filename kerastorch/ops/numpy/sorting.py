"""Sorting and searching of `keras.ops`: `sort`, `argsort`, `argpartition`,
`searchsorted`, `digitize`, `isin`, `unique`."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import canonicalize_axis
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype

NUMPY = "keras.src.ops.numpy"


def _flat_if_none(x, axis):
    return (x.reshape(-1), 0) if axis is None else (x, axis)


@keras_export("keras.ops.sort", "keras.ops.numpy.sort")
@keras_op(NUMPY, static=("axis",))
def sort(x, axis=-1):
    """Sorts a tensor along an axis, in ascending order.

    Args:
        x: Input tensor.
        axis: The axis (`None`: sort the flattened tensor).

    Returns:
        The sorted tensor.

    Example:

    >>> kerastorch.ops.sort(torch.tensor([3, 1, 2]))
    tensor([1, 2, 3])
    """
    x, axis = _flat_if_none(as_tensor(x), axis)
    if x.dtype is torch.bool and x.device.type == "cuda":
        return torch.sort(x.to(torch.uint8), dim=axis).values.to(torch.bool)
    return torch.sort(x, dim=axis).values


def _stable_argsort(x, axis):
    x, axis = _flat_if_none(as_tensor(x), axis)
    if x.dtype is torch.bool:
        x = x.to(torch.uint8)
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


@keras_export("keras.ops.argsort", "keras.ops.numpy.argsort")
@keras_op(NUMPY, static=("axis",))
def argsort(x, axis=-1):
    """Indices that sort a tensor along an axis (stable: ties keep their order).

    Args:
        x: Input tensor.
        axis: The axis (`None`: sort the flattened tensor).

    Returns:
        int32 indices.

    Example:

    >>> kerastorch.ops.argsort(torch.tensor([3, 1, 2]))
    tensor([1, 2, 0], dtype=torch.int32)
    """
    return _stable_argsort(x, axis)


@keras_export("keras.ops.argpartition", "keras.ops.numpy.argpartition")
@keras_op(NUMPY, static=("kth", "axis"))
def argpartition(x, kth, axis=-1):
    """Indices that partition a tensor around its `kth` smallest element.

    The element at position `kth` is the one a sort would put there; those
    before it are not larger, those after it not smaller. (This implementation
    sorts fully, a valid partition; Keras's torch backend orders the upper
    part differently and truncates floats to ints first.)

    Args:
        x: Input tensor.
        kth: The partition position.
        axis: The axis (`None`: the flattened tensor).

    Returns:
        int32 indices.

    Example:

    >>> kerastorch.ops.argpartition(torch.tensor([3, 4, 2, 1]), 1)[:2]
    tensor([3, 2], dtype=torch.int32)
    """
    if not isinstance(kth, int):
        raise ValueError(  # noqa: TRY004 - Keras's error
            f"kth must be an integer. Received:kth = {kth}")
    x = as_tensor(x)
    size = x.numel() if axis is None else x.shape[axis]
    if not -size <= kth < size:
        raise ValueError(f"kth(={kth}) out of bounds ({size})")
    return _stable_argsort(x, axis)


def _searchsorted_spec(sorted_sequence, values, side="left"):
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "searchsorted only supports 1-D sorted sequences. Usekeras.ops.vectorized_map "
            "to extend to N-D sequences."
        )
    dtype = "int64" if sorted_sequence.shape[0] is None else "int32"
    return KerasTensor(values.shape, dtype=dtype)


@keras_export("keras.ops.searchsorted", "keras.ops.numpy.searchsorted")
@keras_op(NUMPY, class_name="SearchSorted", static=("side",), spec=_searchsorted_spec)
def searchsorted(sorted_sequence, values, side="left"):
    """Where `values` would be inserted into a sorted 1-D sequence to keep it sorted.

    Args:
        sorted_sequence: A sorted 1-D tensor.
        values: Values to insert.
        side: `"left"` (the first suitable position) or `"right"` (the last).

    Returns:
        int32 positions, of `values`' shape.

    Example:

    >>> kerastorch.ops.searchsorted(torch.tensor([1, 3, 5]), torch.tensor([3, 4]))
    tensor([1, 2], dtype=torch.int32)
    """
    sorted_sequence, values = as_tensor(sorted_sequence), as_tensor(values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "`searchsorted` only supports 1-D sorted sequences. You can use "
            "`keras.ops.vectorized_map` to extend it to N-D sequences. Received: "
            f"sorted_sequence.shape={sorted_sequence.shape}"
        )
    if sorted_sequence.dtype is not values.dtype:
        dtype = promoted_dtype(sorted_sequence.dtype, values.dtype)
        sorted_sequence, values = sorted_sequence.to(dtype), values.to(dtype)
    out_int32 = sorted_sequence.shape[0] <= torch.iinfo(torch.int32).max
    return torch.searchsorted(sorted_sequence, values, side=side, out_int32=out_int32)


@keras_export("keras.ops.digitize", "keras.ops.numpy.digitize")
@keras_op(NUMPY)
def digitize(x, bins):
    """Indices of the bins each value falls in (`bins[i-1] <= x < bins[i]` gives `i`).

    Args:
        x: Input tensor.
        bins: Increasing 1-D tensor of bin edges.

    Returns:
        int32 bin indices, of `x`'s shape.

    Example:

    >>> kerastorch.ops.digitize(torch.tensor([0.5, 1.5, 3.0]), torch.tensor([1.0, 2.0]))
    tensor([0, 1, 2], dtype=torch.int32)
    """
    x, bins = as_tensor(x), as_tensor(bins)
    if x.dtype is torch.bool:
        x = x.to(torch.uint8)
    return torch.bucketize(x, bins, right=True).to(torch.int32)


@keras_export("keras.ops.isin", "keras.ops.numpy.isin")
@keras_op(NUMPY, class_name="IsIn", static=("assume_unique", "invert"))
def isin(x1, x2, assume_unique=False, invert=False):
    """Whether each element of `x1` is present in `x2`.

    Args:
        x1: Input tensor.
        x2: The values to look for (any shape).
        assume_unique: Whether both inputs are known to hold unique values
            (a faster search).
        invert: Whether to answer "not present" instead.

    Returns:
        A bool tensor of `x1`'s shape.

    Example:

    >>> kerastorch.ops.isin(torch.tensor([0, 1, 2, 5]), torch.tensor([0, 2]))
    tensor([ True, False,  True, False])
    """
    x1, x2 = as_tensor(x1), as_tensor(x2)
    if x1.dtype is not x2.dtype:
        dtype = promoted_dtype(x1.dtype, x2.dtype)
        if dtype is torch.bool:
            dtype = torch.int32
        x1, x2 = x1.to(dtype), x2.to(dtype)
    elif x1.dtype is torch.bool:
        x1, x2 = x1.to(torch.int32), x2.to(torch.int32)
    return torch.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def _unique_spec(x, sorted=True, return_index=False, return_inverse=False,
                 return_counts=False, axis=None, size=None, fill_value=None):
    if axis is None:
        values_shape = (size,)
    else:
        axis = canonicalize_axis(axis, x.ndim)
        values_shape = x.shape[:axis] + (size,) + x.shape[axis + 1:]
    outputs = [KerasTensor(values_shape, dtype=x.dtype)]
    if return_index:
        outputs.append(KerasTensor((size,), dtype="int32"))
    if return_inverse:
        outputs.append(KerasTensor(x.shape if axis is None else (x.shape[axis],), dtype="int32"))
    if return_counts:
        outputs.append(KerasTensor((size,), dtype="int32"))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def _resize(t, dim, size, fill):
    """`t` truncated or padded with `fill` to `size` along `dim`."""
    count = t.shape[dim]
    if count >= size:
        return t.narrow(dim, 0, size)
    widths = [0, 0] * (t.ndim - dim - 1) + [0, size - count]
    return F.pad(t, widths, value=fill)


@keras_export("keras.ops.unique", "keras.ops.numpy.unique")
@keras_op(NUMPY, static=("sorted", "return_index", "return_inverse", "return_counts", "axis",
                         "size", "fill_value"), spec=_unique_spec)
def unique(x, sorted=True, return_index=False, return_inverse=False,
           return_counts=False, axis=None, size=None, fill_value=None):
    """The unique elements of a tensor (or unique slices along an axis).

    Args:
        x: Input tensor.
        sorted: Whether the unique values are sorted.
        return_index: Also return the index of each value's first occurrence.
        return_inverse: Also return, for each input element, the index of its
            unique value.
        return_counts: Also return how often each unique value occurs.
        axis: The axis of the slices compared (default: elements of the
            flattened tensor).
        size: Optional fixed number of unique values (truncated or padded).
        fill_value: The padding value for `size` (default 0).

    Returns:
        The unique values, or a tuple `(values, [index], [inverse], [counts])`.

    Example:

    >>> kerastorch.ops.unique(torch.tensor([3, 1, 3, 2]))
    tensor([1, 2, 3])
    """
    x = as_tensor(x)
    output = torch.unique(x, sorted=sorted, return_inverse=return_inverse or return_index,
                          return_counts=return_counts, dim=axis)
    output = list(output) if isinstance(output, tuple) else [output]
    values = output[0]
    dim = 0 if axis is None else canonicalize_axis(axis, x.ndim)
    extras = {}
    if return_index:
        inverse = output[1].reshape(-1)
        positions = torch.arange(inverse.numel(), dtype=inverse.dtype, device=inverse.device)
        extras["index"] = inverse.new_empty(values.shape[dim]).scatter_reduce_(
            0, inverse, positions, reduce="min", include_self=False)
    if return_inverse:
        extras["inverse"] = output[1]
    if return_counts:
        extras["counts"] = output[-1]
    if size is not None:
        values = _resize(values, dim, size, 0 if fill_value is None else fill_value)
        for name, fill in (("index", 1), ("counts", 0)):
            if name in extras:
                extras[name] = _resize(extras[name], 0, size, fill)
    return (values, *extras.values()) if extras else values
