"""Indexing of `keras.ops`: `get_item`, `take`, `take_along_axis`, `nonzero`,
`unravel_index`."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype

NUMPY = "keras.src.ops.numpy"


def _get_item_spec(x, key):
    """Keras's symbolic indexing: ints, slices, `None` and one `Ellipsis`."""
    if isinstance(key, int):
        remaining_key = [key]
    elif isinstance(key, (tuple, list)):
        remaining_key = list(key)
    else:
        raise ValueError(  # noqa: TRY004 - Keras's error
            f"Unsupported key type for array slice. Received: `{key}`")
    if remaining_key.count(Ellipsis) > 1:
        raise ValueError(f"Slice should only have one ellipsis. Received: `{key}`")
    if Ellipsis not in remaining_key:
        remaining_key.append(Ellipsis)
    remaining_shape = list(x.shape)
    shape = []
    while remaining_key:
        subkey = remaining_key.pop(0)
        if subkey is Ellipsis:
            consumed = len(remaining_shape) - (len(remaining_key) - remaining_key.count(None))
            shape += remaining_shape[:consumed]
            remaining_shape = remaining_shape[consumed:]
        elif subkey is None:
            shape.append(1)
        elif not remaining_shape:
            raise ValueError(
                f"Array has shape {x.shape} but slice has to many indices. Received: `{key}`")
        else:
            length = remaining_shape.pop(0)
            if isinstance(subkey, int):
                if length is not None and not -length <= subkey < length:
                    raise ValueError(
                        f"Array has shape {x.shape} but out-of-bounds index {key} was requested.")
            elif isinstance(subkey, slice):
                shape.append(None if length is None else len(range(*subkey.indices(length))))
            else:
                raise ValueError(f"Unsupported key type for array slice. Received: `{key}`")
    return KerasTensor(tuple(shape), dtype=x.dtype)


@keras_export("keras.ops.get_item", "keras.ops.numpy.get_item")
@keras_op(NUMPY, spec=_get_item_spec)
def get_item(x, key):
    """`x[key]`, NumPy-style indexing.

    Args:
        x: Input tensor.
        key: Int, slice, `None`, `Ellipsis`, index tensor, or a tuple of these.

    Returns:
        The selected elements.

    Example:

    >>> kerastorch.ops.get_item(torch.tensor([[1, 2], [3, 4]]), (slice(None), 0))
    tensor([1, 3])
    """
    return as_tensor(x)[key]


@keras_export("keras.ops.take", "keras.ops.numpy.take")
@keras_op(NUMPY, static=("axis",))
def take(x, indices, axis=None):
    """Takes elements of a tensor along an axis.

    Args:
        x: Input tensor.
        indices: Int indices (any shape; negative ones count from the end).
        axis: The axis to take along (default: the flattened tensor).

    Returns:
        A tensor of shape `x.shape[:axis] + indices.shape + x.shape[axis + 1:]`.

    Example:

    >>> kerastorch.ops.take(torch.tensor([[1, 2], [3, 4]]), torch.tensor([1, 0]), axis=1)
    tensor([[2, 1],
            [4, 3]])
    """
    x = as_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    indices = as_tensor(indices)
    if indices.is_floating_point() or indices.dtype is torch.bool:
        indices = indices.long()
    # Advanced indexing is NumPy's `take`: negative indices count from the end.
    return x[(slice(None),) * (axis % x.ndim) + (indices,)]


@keras_export("keras.ops.take_along_axis", "keras.ops.numpy.take_along_axis")
@keras_op(NUMPY, static=("axis",))
def take_along_axis(x, indices, axis=None):
    """Takes values along an axis at matching positions of `indices`.

    Args:
        x: Input tensor.
        indices: Int indices, of `x`'s rank (broadcast with `x` off `axis`).
        axis: The axis (default: the flattened tensor).

    Returns:
        The gathered values.

    Example:

    >>> x = torch.tensor([[10, 30, 20]])
    >>> kerastorch.ops.take_along_axis(x, torch.tensor([[0, 2]]), axis=1)
    tensor([[10, 20]])
    """
    x = as_tensor(x)
    indices = as_tensor(indices).long()
    size = x.numel() if axis is None else x.shape[axis]
    # Negative indices count from the end, as in Keras.
    return torch.take_along_dim(x, torch.where(indices < 0, indices + size, indices), dim=axis)


def _nonzero_spec(x):
    # Keras describes one 1-D index tensor per axis.
    return tuple(KerasTensor((None,), dtype="int32") for _ in range(x.ndim))


@keras_export("keras.ops.nonzero", "keras.ops.numpy.nonzero")
@keras_op(NUMPY, spec=_nonzero_spec)
def nonzero(x):
    """Indices of the non-zero elements.

    Args:
        x: Input tensor.

    Returns:
        An int32 tensor of shape `(x.ndim, count)`: row `i` holds the indices
        along axis `i` (as Keras's torch backend returns them).

    Example:

    >>> kerastorch.ops.nonzero(torch.tensor([0, 3, 0, 5]))
    tensor([[1, 3]], dtype=torch.int32)
    """
    return torch.nonzero(as_tensor(x)).T.to(torch.int32)


def _unravel_index_spec(indices, shape):
    if None in shape:
        return [KerasTensor((None,), dtype=indices.dtype) for _ in shape]
    return [KerasTensor(indices.shape, dtype=indices.dtype) for _ in shape]


@keras_export("keras.ops.unravel_index", "keras.ops.numpy.unravel_index")
@keras_op(NUMPY, static=("shape",), spec=_unravel_index_spec)
def unravel_index(indices, shape):
    """Converts flat indices into coordinate tuples of a shape.

    Args:
        indices: Int tensor of flat indices.
        shape: The shape the indices index into.

    Returns:
        A tuple of int tensors, one per axis of `shape`.

    Example:

    >>> kerastorch.ops.unravel_index(torch.tensor([5], dtype=torch.int32), (2, 3))
    (tensor([1], dtype=torch.int32), tensor([2], dtype=torch.int32))
    """
    indices = as_tensor(indices)
    dtype = promoted_dtype(indices.dtype)
    return tuple(i.to(dtype) for i in torch.unravel_index(indices, tuple(int(d) for d in shape)))
