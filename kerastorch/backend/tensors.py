"""Turning user data (numpy arrays, lists, scalars, tensors) into torch tensors."""

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype


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
