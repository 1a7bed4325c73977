"""Element-wise arithmetic of `keras.ops` (`add`, `subtract`, `multiply`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_operand

NUMPY = "keras.src.ops.numpy"


@keras_export("keras.ops.add", "keras.ops.numpy.add")
@keras_op(NUMPY)
def add(x1, x2):
    """Adds two tensors element-wise (with broadcasting).

    Args:
        x1: First tensor (or array, or Python number).
        x2: Second tensor.

    Returns:
        `x1 + x2`.

    Example:

    >>> kerastorch.ops.add(torch.tensor([1, 4]), torch.tensor([5, 6]))
    tensor([ 6, 10])
    """
    return torch.add(as_operand(x1), as_operand(x2))


@keras_export("keras.ops.subtract", "keras.ops.numpy.subtract")
@keras_op(NUMPY)
def subtract(x1, x2):
    """Subtracts `x2` from `x1` element-wise (with broadcasting).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        `x1 - x2`.

    Example:

    >>> kerastorch.ops.subtract(torch.tensor([5, 6]), 1)
    tensor([4, 5])
    """
    return torch.subtract(as_operand(x1), as_operand(x2))


@keras_export("keras.ops.multiply", "keras.ops.numpy.multiply")
@keras_op(NUMPY)
def multiply(x1, x2):
    """Multiplies two tensors element-wise (with broadcasting).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        `x1 * x2`.

    Example:

    >>> kerastorch.ops.multiply(torch.tensor([1.0, 2.0]), 3.0)
    tensor([3., 6.])
    """
    return torch.multiply(as_operand(x1), as_operand(x2))


@keras_export("keras.ops.matmul", "keras.ops.numpy.matmul")
@keras_op(NUMPY)
def matmul(x1, x2):
    """Matrix product of two tensors (batched over leading dimensions).

    Args:
        x1: First tensor, `(..., n, k)`.
        x2: Second tensor, `(..., k, m)`.

    Returns:
        The product, `(..., n, m)`.

    Example:

    >>> kerastorch.ops.matmul(torch.ones(2, 3), torch.ones(3, 4)).shape
    torch.Size([2, 4])
    """
    return torch.matmul(as_operand(x1), as_operand(x2))
