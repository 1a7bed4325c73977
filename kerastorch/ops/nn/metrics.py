"""`keras.ops.nn.polar` and `keras.ops.nn.psnr`."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NN = "keras.src.ops.nn"


@keras_export("keras.ops.polar", "keras.ops.nn.polar")
@keras_op(NN)
def polar(abs_, angle):
    """The complex numbers of magnitudes `abs_` and phases `angle`.

    Args:
        abs_: Magnitudes (float tensor).
        angle: Phases in radians, same shape.

    Returns:
        `abs_ * cos(angle) + 1j * abs_ * sin(angle)`, complex.

    Example:

    >>> kerastorch.ops.polar(torch.tensor([2.0]), torch.tensor([0.0]))
    tensor([2.+0.j])
    """
    abs_, angle = as_tensor(abs_), as_tensor(angle)
    return torch.complex(abs_ * torch.cos(angle), abs_ * torch.sin(angle))


@keras_export("keras.ops.psnr", "keras.ops.nn.psnr")
@keras_op(NN, class_name="PSNR", static=("max_val",))
def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio, `20 log10(max_val) - 10 log10(mse(x1, x2))`.

    Args:
        x1: First image tensor.
        x2: Second image tensor, same shape.
        max_val: The signal's largest possible value.

    Returns:
        The PSNR in decibels, a scalar.

    Example:

    >>> kerastorch.ops.psnr(torch.zeros(4), torch.full((4,), 0.1), 1.0)
    tensor(20.)
    """
    if tuple(x1.shape) != tuple(x2.shape):
        raise ValueError(f"Input shapes {tuple(x1.shape)} and {tuple(x2.shape)} must match "
                         "for PSNR calculation. ")
    x1, x2 = as_tensor(x1), as_tensor(x2)
    max_val = torch.as_tensor(max_val, dtype=x1.dtype, device=x1.device)
    mse = torch.mean((x1 - x2) ** 2)
    return 20 * torch.log10(max_val) - 10 * torch.log10(mse)
