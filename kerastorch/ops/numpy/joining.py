"""Joining tensors, `keras.ops`: `concatenate`, `stack`, `hstack`, `vstack`,
`dstack`, `append`.

Mixed dtypes are promoted as torch promotes them (the same results as
Keras's promotion for these ops).
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NUMPY = "keras.src.ops.numpy"


def _tensors(xs) -> list:
    return [as_tensor(x) for x in xs]


@keras_export("keras.ops.concatenate", "keras.ops.numpy.concatenate")
@keras_op(NUMPY, static=("axis",))
def concatenate(xs, axis=0):
    """Joins tensors along an existing axis.

    Args:
        xs: Sequence of tensors, equal in shape except along `axis`.
        axis: The axis to join along (`None`: the tensors are flattened first).

    Returns:
        The concatenation.

    Example:

    >>> kerastorch.ops.concatenate([torch.ones(2, 1), torch.zeros(2, 2)], axis=1).shape
    torch.Size([2, 3])
    """
    xs = _tensors(xs)
    if axis is None:
        return torch.cat([x.flatten() for x in xs])
    return torch.cat(xs, dim=axis)


@keras_export("keras.ops.stack", "keras.ops.numpy.stack")
@keras_op(NUMPY, static=("axis",))
def stack(x, axis=0):
    """Joins tensors of one shape along a new axis.

    Args:
        x: Sequence of tensors of the same shape.
        axis: Position of the new axis in the output.

    Returns:
        The stacked tensor.

    Example:

    >>> kerastorch.ops.stack([torch.ones(2), torch.zeros(2)], axis=1).shape
    torch.Size([2, 2])
    """
    return torch.stack(_tensors(x), dim=axis)


@keras_export("keras.ops.hstack", "keras.ops.numpy.hstack")
@keras_op(NUMPY)
def hstack(xs):
    """Joins tensors horizontally (along axis 1; axis 0 for 1-D tensors).

    Args:
        xs: Sequence of tensors.

    Returns:
        The joined tensor.

    Example:

    >>> kerastorch.ops.hstack([torch.tensor([1, 2]), torch.tensor([3])])
    tensor([1, 2, 3])
    """
    return torch.hstack(_tensors(xs))


@keras_export("keras.ops.vstack", "keras.ops.numpy.vstack")
@keras_op(NUMPY)
def vstack(xs):
    """Joins tensors vertically (along axis 0; 1-D tensors become rows).

    Args:
        xs: Sequence of tensors.

    Returns:
        The joined tensor.

    Example:

    >>> kerastorch.ops.vstack([torch.tensor([1, 2]), torch.tensor([3, 4])])
    tensor([[1, 2],
            [3, 4]])
    """
    return torch.vstack(_tensors(xs))


@keras_export("keras.ops.dstack", "keras.ops.numpy.dstack")
@keras_op(NUMPY)
def dstack(xs):
    """Joins tensors depth-wise (along axis 2, after making them at least 3-D).

    Args:
        xs: Sequence of tensors.

    Returns:
        The joined tensor.

    Example:

    >>> kerastorch.ops.dstack([torch.ones(2, 3), torch.zeros(2, 3)]).shape
    torch.Size([2, 3, 2])
    """
    return torch.dstack(_tensors(xs))


@keras_export("keras.ops.append", "keras.ops.numpy.append")
@keras_op(NUMPY, static=("axis",))
def append(x1, x2, axis=None):
    """Appends `x2` to the end of `x1`.

    Args:
        x1: First tensor.
        x2: Tensor to append.
        axis: The axis to join along (`None`: both are flattened first).

    Returns:
        The joined tensor.

    Example:

    >>> kerastorch.ops.append(torch.tensor([1, 2]), torch.tensor([[3]]))
    tensor([1, 2, 3])
    """
    return concatenate([x1, x2], axis=axis)
