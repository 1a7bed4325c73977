"""Conversion between Keras dtype names and torch dtypes."""

import numpy as np
import torch

from kerastorch.backend import config

_TORCH_DTYPES = {
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bool": torch.bool,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
_NAMES = {v: k for k, v in _TORCH_DTYPES.items()}


def standardize_dtype(dtype) -> str:
    """Returns the Keras name (`"float32"`, ...) of a dtype given in any form.

    Args:
        dtype: `None` (meaning `floatx()`), a string, a torch dtype, a numpy
            dtype or a Python type.
    """
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, torch.dtype):
        return _NAMES[dtype]
    if dtype is int or dtype == "int":
        return "int32"  # As Keras (its torch backend too).
    if dtype is float:
        return "float32"
    if dtype is bool:
        return "bool"
    if isinstance(dtype, type) and issubclass(dtype, np.generic):  # np.float32
        dtype = np.dtype(dtype)
    if hasattr(dtype, "name") and not isinstance(dtype, str):
        dtype = dtype.name
    name = str(dtype)
    if name.startswith("torch."):
        name = name[len("torch."):]
    if name == "double":
        name = "float64"
    if name == "float":
        name = "float32"
    if name == "half":
        name = "float16"
    if name not in _TORCH_DTYPES:
        try:
            name = np.dtype(name).name
        except TypeError:
            raise ValueError(f"Invalid dtype: {dtype}") from None
    if name not in _TORCH_DTYPES:
        raise ValueError(f"Invalid dtype: {dtype}")
    return name


def to_torch_dtype(dtype) -> torch.dtype:
    """Returns the torch dtype for a dtype given in any form (`None` = floatx)."""
    if isinstance(dtype, torch.dtype):
        return dtype
    # Fast path for the common case, a canonical name (this runs every step).
    found = _TORCH_DTYPES.get(dtype) if isinstance(dtype, str) else None
    return found if found is not None else _TORCH_DTYPES[standardize_dtype(dtype)]


def is_float_dtype(dtype) -> bool:
    """Whether `dtype` is a floating point type."""
    return standardize_dtype(dtype).startswith(("float", "bfloat"))
