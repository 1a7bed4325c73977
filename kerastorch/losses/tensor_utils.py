"""Tensor helpers shared by losses and metrics: conversion, and means as Keras computes them.

Losses and metrics compute on the device of their inputs: `to_tensor` keeps a
tensor where it is, and `convert_pair` brings the targets to the predictions.
`mean` and `divide_no_nan` give `keras.ops`'s results (dtypes, zero divisors)
without reading anything on the host.
"""

import torch

from kerastorch.backend import config
from kerastorch.backend.device import get_device
from kerastorch.backend.dtype_policy import DTypePolicy
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.tensors import convert_to_tensor


def standardize_compute_dtype(dtype) -> str:
    """Returns the computation dtype named by `dtype`, as a Keras dtype string.

    Args:
        dtype: `None` (meaning `floatx()`), a dtype in any form, a dtype
            policy name (`"mixed_float16"`) or a `DTypePolicy`.

    Returns:
        A string such as `"float32"`.
    """
    if hasattr(dtype, "compute_dtype"):
        return dtype.compute_dtype
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        return DTypePolicy(dtype).compute_dtype
    return standardize_dtype(dtype)


def to_tensor(x, dtype=None, device=None) -> torch.Tensor:
    """Converts `x` to a tensor, keeping a tensor on its own device.

    Unlike `backend.convert_to_tensor`, a torch tensor is not moved to the
    default device unless `device` is given, so a loss or metric computes
    where its inputs already are. Other inputs (numpy arrays, lists,
    scalars) go to `device`, or to `get_device()`; a Python scalar is filled
    in on the device rather than copied from the host.

    Args:
        x: A tensor, numpy array, Python scalar or nested list.
        dtype: Optional target dtype.
        device: Optional target device.

    Returns:
        A `torch.Tensor`.
    """
    if isinstance(x, torch.Tensor):
        torch_dtype = None if dtype is None else to_torch_dtype(dtype)
        if device is None and (torch_dtype is None or x.dtype == torch_dtype):
            return x
        return x.to(device=device, dtype=torch_dtype)
    if isinstance(x, (bool, int, float)):
        # A fill on the device: no host-to-device copy, so no stream sync.
        if dtype is None:
            dtype = "bool" if isinstance(x, bool) else "int64" if isinstance(x, int) else config.floatx()
        return torch.full((), x, dtype=to_torch_dtype(dtype), device=device or get_device())
    return convert_to_tensor(x, dtype=dtype, device=device)


def convert_pair(y_true, y_pred, cast_y_true: bool = True):
    """Converts `y_pred` to a tensor, and `y_true` onto its device.

    Args:
        y_true: Targets (tensor, array, list or number).
        y_pred: Predictions (tensor, array, list or number).
        cast_y_true: Whether `y_true` also takes `y_pred`'s dtype.

    Returns:
        The pair `(y_true, y_pred)` of tensors.
    """
    y_pred = to_tensor(y_pred)
    return to_tensor(y_true, dtype=y_pred.dtype if cast_y_true else None, device=y_pred.device), y_pred


def mean(x: torch.Tensor, axis=None) -> torch.Tensor:
    """Mean as `keras.ops.mean` computes it on torch.

    Float16 and bfloat16 are averaged in float32 and cast back; integer and
    boolean inputs give a float32 result.

    Args:
        x: A tensor.
        axis: An int, a list of ints, or `None` for all axes.

    Returns:
        The reduced tensor.
    """
    if isinstance(axis, (list, tuple)) and len(axis) == 0:
        return x
    dims = tuple(range(x.ndim)) if axis is None else axis
    if x.dtype in (torch.float16, torch.bfloat16):
        return torch.mean(x.float(), dim=dims).to(x.dtype)
    if not x.is_floating_point():
        return torch.mean(x.float(), dim=dims)
    return torch.mean(x, dim=dims)


def divide_no_nan(x: torch.Tensor, y) -> torch.Tensor:
    """Returns `x / y`, or 0 where `y` is 0, without reading `y` on the host.

    Args:
        x: The numerator tensor.
        y: The denominator: a tensor, or a Python number (a shape-derived
            count, so testing it against 0 costs nothing).

    Returns:
        The quotient tensor.
    """
    if not isinstance(y, torch.Tensor):
        return x / y if y != 0 else torch.zeros_like(x)
    is_zero = y == 0
    return torch.where(is_zero, 0.0, x / torch.where(is_zero, 1.0, y))
