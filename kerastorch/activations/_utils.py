"""Turning activation inputs into tensors."""

import torch

from kerastorch.backend.tensors import convert_to_tensor


def as_tensor(x) -> torch.Tensor:
    """Returns `x` unchanged if it is a tensor, else converts it (arrays, lists).

    Tensors are not moved: an activation runs where its input lives.
    """
    if isinstance(x, torch.Tensor):
        return x
    return convert_to_tensor(x)
