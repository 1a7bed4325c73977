"""Shape manipulation of `keras.ops`: `reshape`, `transpose`, `swapaxes`, `moveaxis`,
`expand_dims`, `squeeze`, `ravel`, `broadcast_to`, `view`."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import (
    broadcast_shapes,
    canonicalize_axis,
    compute_reshape_output_shape,
)
from kerastorch.ops.tensor_args import as_tensor

NUMPY = "keras.src.ops.numpy"


def _reshape_spec(x, newshape):
    return KerasTensor(compute_reshape_output_shape(x.shape, newshape), dtype=x.dtype)


@keras_op(NUMPY, class_name="Reshape", static=("newshape",), spec=_reshape_spec)
def _reshape(x, newshape):
    return torch.reshape(as_tensor(x), newshape)


@keras_export("keras.ops.reshape", "keras.ops.numpy.reshape")
def reshape(x, newshape):
    """Gives a tensor a new shape with the same data.

    Args:
        x: Input tensor.
        newshape: Int or tuple of ints; one entry may be -1 (inferred).

    Returns:
        The reshaped tensor.

    Example:

    >>> kerastorch.ops.reshape(torch.arange(6), (2, -1)).shape
    torch.Size([2, 3])
    """
    if isinstance(newshape, int):
        newshape = (newshape,)
    elif not isinstance(newshape, tuple):
        newshape = tuple(int(d) for d in newshape)
    return _reshape(x, newshape)


@keras_export("keras.ops.transpose", "keras.ops.numpy.transpose")
@keras_op(NUMPY, static=("axes",))
def transpose(x, axes=None):
    """Permutes the axes of a tensor.

    Args:
        x: Input tensor.
        axes: The permutation (default: the axes reversed).

    Returns:
        The transposed tensor (a view).

    Example:

    >>> kerastorch.ops.transpose(torch.ones(2, 3, 4)).shape
    torch.Size([4, 3, 2])
    """
    x = as_tensor(x)
    if axes is None:
        axes = tuple(range(x.ndim - 1, -1, -1))
    return torch.permute(x, tuple(axes))


@keras_export("keras.ops.swapaxes", "keras.ops.numpy.swapaxes")
@keras_op(NUMPY, static=("axis1", "axis2"))
def swapaxes(x, axis1, axis2):
    """Interchanges two axes of a tensor.

    Args:
        x: Input tensor.
        axis1: First axis.
        axis2: Second axis.

    Returns:
        The tensor with the axes swapped (a view).

    Example:

    >>> kerastorch.ops.swapaxes(torch.ones(2, 3, 4), 0, 2).shape
    torch.Size([4, 3, 2])
    """
    return torch.swapaxes(as_tensor(x), axis1, axis2)


@keras_export("keras.ops.moveaxis", "keras.ops.numpy.moveaxis")
@keras_op(NUMPY, static=("source", "destination"))
def moveaxis(x, source, destination):
    """Moves axes of a tensor to new positions (the others keep their order).

    Args:
        x: Input tensor.
        source: Int or sequence of ints: the axes to move.
        destination: Int or sequence of ints: their new positions.

    Returns:
        The tensor with moved axes (a view).

    Example:

    >>> kerastorch.ops.moveaxis(torch.ones(2, 3, 4), 0, -1).shape
    torch.Size([3, 4, 2])
    """
    return torch.moveaxis(as_tensor(x), source, destination)


@keras_export("keras.ops.expand_dims", "keras.ops.numpy.expand_dims")
@keras_op(NUMPY, static=("axis",))
def expand_dims(x, axis):
    """Inserts size-1 axes.

    Args:
        x: Input tensor.
        axis: Int or sequence of ints: positions of the new axes in the output.

    Returns:
        The expanded tensor (a view).

    Example:

    >>> kerastorch.ops.expand_dims(torch.ones(2, 3), -1).shape
    torch.Size([2, 3, 1])
    """
    if not isinstance(axis, (int, tuple, list)):
        raise ValueError(  # noqa: TRY004 - Keras's error
            "The `axis` argument to `expand_dims` should be an integer, tuple or list. "
            f"Received axis={axis}"
        )
    x = as_tensor(x)
    if isinstance(axis, int):
        return torch.unsqueeze(x, axis)
    ndim = x.ndim + len(axis)
    for a in sorted(canonicalize_axis(a, ndim) for a in axis):
        x = torch.unsqueeze(x, a)
    return x


@keras_export("keras.ops.squeeze", "keras.ops.numpy.squeeze")
@keras_op(NUMPY, static=("axis",))
def squeeze(x, axis=None):
    """Removes size-1 axes.

    Args:
        x: Input tensor.
        axis: Int or tuple of ints to remove (default: every size-1 axis).
            As with Keras's torch backend, a listed axis whose size is not 1
            is kept.

    Returns:
        The squeezed tensor (a view).

    Example:

    >>> kerastorch.ops.squeeze(torch.ones(2, 1, 3)).shape
    torch.Size([2, 3])
    """
    x = as_tensor(x)
    if axis is None:
        return torch.squeeze(x)
    return torch.squeeze(x, dim=tuple(axis) if isinstance(axis, list) else axis)


@keras_export("keras.ops.ravel", "keras.ops.numpy.ravel")
@keras_op(NUMPY)
def ravel(x):
    """Flattens a tensor to 1-D.

    Args:
        x: Input tensor.

    Returns:
        The flat tensor.

    Example:

    >>> kerastorch.ops.ravel(torch.ones(2, 3)).shape
    torch.Size([6])
    """
    return torch.ravel(as_tensor(x))


def _broadcast_to_spec(x, shape):
    broadcast_shapes(x.shape, shape)
    return KerasTensor(shape, dtype=x.dtype)


@keras_export("keras.ops.broadcast_to", "keras.ops.numpy.broadcast_to")
@keras_op(NUMPY, static=("shape",), spec=_broadcast_to_spec)
def broadcast_to(x, shape):
    """Broadcasts a tensor to a new shape.

    Args:
        x: Input tensor.
        shape: The target shape.

    Returns:
        The broadcast tensor (a view).

    Example:

    >>> kerastorch.ops.broadcast_to(torch.tensor([1, 2]), (2, 2))
    tensor([[1, 2],
            [1, 2]])
    """
    return torch.broadcast_to(as_tensor(x), shape)


@keras_export("keras.ops.view", "keras.ops.numpy.view")
@keras_op(NUMPY, static=("dtype",))
def view(x, dtype=None):
    """Reinterprets the bytes of a tensor as another dtype.

    Args:
        x: Input tensor.
        dtype: The new dtype (default `floatx()`, as Keras's torch backend).
            When its item size differs, the last axis is resized.

    Returns:
        The view.

    Example:

    >>> kerastorch.ops.view(torch.tensor([1.0]), "int32")
    tensor([1065353216], dtype=torch.int32)
    """
    return as_tensor(x).view(dtype=to_torch_dtype(dtype))
