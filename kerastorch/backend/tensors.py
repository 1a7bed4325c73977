"""Turning user data (numpy arrays, lists, scalars, tensors) into torch tensors."""

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import result_type, standardize_dtype, to_torch_dtype


def convert_to_tensor(x, dtype=None, device=None) -> torch.Tensor:
    """Converts `x` to a torch tensor on the compute device.

    Python floats and float64 numpy arrays become `floatx()` unless `dtype`
    says otherwise, as in Keras.

    Args:
        x: A tensor, numpy array, Python scalar or nested list.
        dtype: Optional target dtype (any form `standardize_dtype` accepts).
        device: Optional target device; defaults to `get_device()`.
    """
    device = get_device() if device is None else device
    torch_dtype = None if dtype is None else to_torch_dtype(dtype)
    if isinstance(x, torch.Tensor):
        return x.to(device=device, dtype=torch_dtype)
    if isinstance(x, np.ndarray):
        if torch_dtype is None and x.dtype == np.float64:
            torch_dtype = to_torch_dtype(config.floatx())
        return torch.as_tensor(x, device=device, dtype=torch_dtype)
    if torch_dtype is None:
        array = np.asarray(x)
        if array.dtype == np.float64:
            torch_dtype = to_torch_dtype(config.floatx())
        return torch.as_tensor(array, device=device, dtype=torch_dtype)
    return torch.as_tensor(x, device=device, dtype=torch_dtype)


def convert_to_numpy(x) -> np.ndarray:
    """Returns `x` (tensor, array, scalar) as a numpy array on the host."""
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def infer_dtype(x) -> str:
    """Returns the dtype Keras's `convert_to_tensor` gives `x`, by Keras's rules.

    Arrays and tensors keep their dtype (float64 included); a Python `int` is
    `int32` (`int64` beyond its range), a `float` is `floatx()`, a `complex`
    `complex64`; a nested list takes the `result_type` of its elements.

    Args:
        x: A tensor, array, Python scalar or nested list.

    Returns:
        The dtype's name.

    Example:

    >>> infer_dtype([1, 2]), infer_dtype([1, 2.5]), infer_dtype(np.zeros(2))
    ('int32', 'float32', 'float64')
    """
    if isinstance(x, (list, tuple)):
        return result_type(*(getattr(item, "dtype", type(item)) for item in _flatten(x)))
    if isinstance(x, int) and not isinstance(x, bool) and not -(2**31) <= x < 2**31:
        return "int64"
    if isinstance(x, float):
        return config.floatx()
    if isinstance(x, (bool, int, complex)):
        return standardize_dtype(type(x))
    dtype = getattr(x, "dtype", None)
    return standardize_dtype(np.asarray(x).dtype if dtype is None else dtype)


def _flatten(values):
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from _flatten(value)
        else:
            yield value
