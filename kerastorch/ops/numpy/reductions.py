"""Reductions of `keras.ops` (`sum`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NUMPY = "keras.src.ops.numpy"


@keras_export("keras.ops.sum", "keras.ops.numpy.sum")
@keras_op(NUMPY, static=("axis", "keepdims"))
def sum(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
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
    dtype = torch.int32 if x.dtype in (torch.bool, torch.int8, torch.int16, torch.uint8) \
        else None
    if axis is None:
        result = torch.sum(x, dtype=dtype)
        if keepdims:
            result = result.reshape((1,) * x.ndim)
        return result
    axis = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    return torch.sum(x, dim=axis, keepdim=keepdims, dtype=dtype)
