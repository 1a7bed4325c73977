"""Turning op arguments into tensors the way Keras's torch backend does."""

import torch

from kerastorch.backend.tensors import convert_to_tensor


def as_tensor(x, dtype=None) -> torch.Tensor:
    """`x` as a tensor (numpy arrays, lists and scalars converted like Keras)."""
    if isinstance(x, torch.Tensor) and dtype is None:
        return x
    return convert_to_tensor(x, dtype=dtype)


def as_operand(x):
    """A binary op's operand: tensors kept, Python scalars kept (weakly typed, as
    in Keras and torch), anything else converted."""
    if isinstance(x, (torch.Tensor, bool, int, float, complex)):
        return x
    return convert_to_tensor(x)
