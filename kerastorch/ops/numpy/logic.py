"""Logical ops and selection of `keras.ops` (`logical_and`, `where`, `select`, ...)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.numpy.elementwise import (
    NUMPY,
    boolean,
    broadcast_shape,
    elementwise_op,
    promoted,
)
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor, operands, tensor_operands


@keras_export("keras.ops.logical_and", "keras.ops.numpy.logical_and")
@elementwise_op(dtype=boolean)
def logical_and(x1, x2):
    """Logical AND of the truth values, element-wise (non-zero is true).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, `x1 and x2`.

    Example:

    >>> kerastorch.ops.logical_and(torch.tensor([True, True]), torch.tensor([1, 0]))
    tensor([ True, False])
    """
    return torch.logical_and(*tensor_operands(x1, x2))


@keras_export("keras.ops.logical_or", "keras.ops.numpy.logical_or")
@elementwise_op(dtype=boolean)
def logical_or(x1, x2):
    """Logical OR of the truth values, element-wise (non-zero is true).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, `x1 or x2`.

    Example:

    >>> kerastorch.ops.logical_or(torch.tensor([False, False]), torch.tensor([1, 0]))
    tensor([ True, False])
    """
    return torch.logical_or(*tensor_operands(x1, x2))


@keras_export("keras.ops.logical_xor", "keras.ops.numpy.logical_xor")
@elementwise_op(dtype=boolean)
def logical_xor(x1, x2):
    """Logical exclusive OR of the truth values, element-wise (non-zero is true).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A bool tensor, true where exactly one operand is true.

    Example:

    >>> kerastorch.ops.logical_xor(torch.tensor([True, True]), torch.tensor([1, 0]))
    tensor([False,  True])
    """
    return torch.logical_xor(*tensor_operands(x1, x2))


@keras_export("keras.ops.logical_not", "keras.ops.numpy.logical_not")
@elementwise_op(dtype=boolean)
def logical_not(x):
    """Logical NOT of the truth values, element-wise (non-zero is true).

    Args:
        x: Input tensor.

    Returns:
        A bool tensor, `not x`.

    Example:

    >>> kerastorch.ops.logical_not(torch.tensor([0, 2]))
    tensor([ True, False])
    """
    return torch.logical_not(as_tensor(x))


def _where_spec(condition, x1=None, x2=None):
    _check_where_branches(x1, x2)
    if x1 is None:
        return KerasTensor((len(condition.shape), None), dtype="int64")
    return KerasTensor(broadcast_shape((condition, x1, x2)), dtype=promoted(x1, x2))


@keras_export("keras.ops.where", "keras.ops.numpy.where")
@keras_op(NUMPY, spec=_where_spec)
def where(condition, x1=None, x2=None):
    """Elements of `x1` where `condition` is true, else of `x2` (with broadcasting).

    With only `condition`, returns the indices of its true elements, one row
    per dimension.

    Args:
        condition: The choice, a tensor (cast to bool).
        x1: Values where `condition` is true.
        x2: Values where `condition` is false.

    Returns:
        The chosen values, or `(condition.ndim, number of true elements)` int64
        indices.

    Raises:
        ValueError: If only one of `x1` and `x2` is given.

    Example:

    >>> kerastorch.ops.where(torch.tensor([True, False]), torch.tensor([1, 2]), 0)
    tensor([1, 0])
    """
    _check_where_branches(x1, x2)
    condition = as_tensor(condition, "bool")
    if x1 is None:
        return torch.stack(torch.where(condition), dim=0)
    x1, x2 = operands(x1, x2)
    return torch.where(condition, x1, x2)


def _check_where_branches(x1, x2):
    if (x1 is None) != (x2 is None):
        raise ValueError(
            "`x1` and `x2` either both should be `None` or both should have non-None value."
        )


def _select_spec(condlist, choicelist, default=0):
    _check_select_lists(condlist, choicelist)
    return KerasTensor(broadcast_shape((condlist, choicelist, default)),
                       dtype=standardize_dtype(choicelist[0].dtype))


@keras_export("keras.ops.select", "keras.ops.numpy.select")
@keras_op(NUMPY, spec=_select_spec)
def select(condlist, choicelist, default=0):
    """Elements of the first choice whose condition holds, else `default`.

    Args:
        condlist: List of bool tensors, the conditions.
        choicelist: List of tensors, one per condition.
        default: Value where no condition holds.

    Returns:
        The selected values (broadcast shape of all inputs).

    Raises:
        ValueError: If the lists are not lists, or are empty.

    Example:

    >>> x = torch.tensor([-1, 0, 3])
    >>> kerastorch.ops.select([x < 0, x > 0], [x * 10, x * 100], default=7)
    tensor([-10,   7, 300])
    """
    _check_select_lists(condlist, choicelist)
    choices = [as_tensor(choice) for choice in choicelist]
    _, selected = tensor_operands(choices[0], default)
    for condition, choice in reversed(list(zip(condlist, choices))):
        selected = torch.where(as_tensor(condition), choice, selected)
    return selected


def _check_select_lists(condlist, choicelist):
    if not isinstance(condlist, (list, tuple)) or not isinstance(choicelist, (list, tuple)):
        raise ValueError(  # noqa: TRY004 - Keras's error type
            "condlist and choicelist must be lists. Received: "
            f"type(condlist) = {type(condlist)}, type(choicelist) = {type(choicelist)}"
        )
    if not condlist or not choicelist:
        raise ValueError(
            "condlist and choicelist must not be empty. Received: "
            f"condlist = {condlist}, choicelist = {choicelist}"
        )
