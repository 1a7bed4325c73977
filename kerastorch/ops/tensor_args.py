"""Turning op arguments into tensors the way Keras's torch backend does."""

import functools

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import result_type, to_torch_dtype
from kerastorch.backend.tensors import convert_to_tensor
from kerastorch.utils import tree


def as_tensor(x, dtype=None) -> torch.Tensor:
    """`x` as a tensor (numpy arrays, lists and scalars converted like Keras).

    As Keras's torch backend: numpy arrays keep their dtype (float64 too),
    Python ints become int32 (int64 when out of range), floats `floatx()`,
    and a list's dtype is the Keras promotion of its elements' types.
    """
    if isinstance(x, torch.Tensor):
        return x if dtype is None else x.to(to_torch_dtype(dtype))
    if isinstance(x, (list, tuple)) and any(isinstance(item, torch.Tensor) for item in x):
        stacked = torch.stack([as_tensor(item) for item in x])
        return stacked if dtype is None else stacked.to(to_torch_dtype(dtype))
    if dtype is None:
        dtype = _keras_dtype_of(x)
    return convert_to_tensor(x, dtype=dtype)


def _keras_dtype_of(x):
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int64" if x < -(2**31) or x >= 2**31 else "int32"
    if isinstance(x, float):
        return config.floatx()
    if isinstance(x, complex):
        return "complex64"
    if isinstance(x, (np.ndarray, np.generic)):
        return "int64" if x.dtype == np.uint32 else x.dtype
    if isinstance(x, (list, tuple)):
        return result_type(*(getattr(item, "dtype", type(item)) for item in tree.flatten(x)))
    return None


def as_operand(x):
    """A binary op's operand: tensors kept, Python scalars kept (weakly typed, as
    in Keras and torch), anything else converted."""
    if isinstance(x, (torch.Tensor, bool, int, float, complex)):
        return x
    return convert_to_tensor(x)


def operands(x1, x2):
    """A binary op's operands, computing as Keras's torch backend does.

    Tensors are kept. A Python number as second operand stays a Python number
    (torch's cheapest path) when torch's promotion with it gives what Keras's
    converted 0-d tensor gives: a number of the tensor's kind or below (a bool
    or int beside an integer tensor, any real beside a float tensor). Other
    numbers become Keras's 0-d tensors (int32, `floatx()`, bool, complex64) on
    the other operand's device; anything else is converted by `as_tensor`.

    Example:

    >>> operands(torch.tensor([True]), 1)[1]
    tensor(1, dtype=torch.int32)
    """
    if type(x1) is torch.Tensor and type(x2) is torch.Tensor:
        return x1, x2  # The common case, first: `isinstance` is slow on a tensor.
    if isinstance(x1, torch.Tensor):
        if isinstance(x2, torch.Tensor):
            return x1, x2
        return x1, _beside(x2, x1, keep_weak=True)
    if isinstance(x2, torch.Tensor):
        return _beside(x1, x2, keep_weak=False), x2
    return as_tensor(x1), as_tensor(x2)


def tensor_operands(x1, x2):
    """Both operands as tensors, Python numbers as Keras's 0-d tensors (int32,
    `floatx()`, ...) on the other operand's device, as Keras's torch backend
    converts them before promoting dtypes.

    Example:

    >>> tensor_operands(torch.ones(2, dtype=torch.float16), 2.0)[1].dtype
    torch.float32
    """
    if isinstance(x1, torch.Tensor):
        if isinstance(x2, torch.Tensor):
            return x1, x2
        return x1, _beside(x2, x1, keep_weak=False)
    if isinstance(x2, torch.Tensor):
        return _beside(x1, x2, keep_weak=False), x2
    return as_tensor(x1), as_tensor(x2)


def cast_operands(x1, x2, dtype: torch.dtype):
    """Both operands (tensors or Python numbers) as tensors of `dtype`; a number
    is filled on the other operand's device.

    Example:

    >>> cast_operands(torch.tensor([1, 2]), 0.5, torch.float32)[1]
    tensor(0.5000)
    """
    device = x1.device if isinstance(x1, torch.Tensor) else x2.device
    return _cast(x1, dtype, device), _cast(x2, dtype, device)


def _cast(x, dtype, device):
    if isinstance(x, torch.Tensor):
        return x if x.dtype is dtype else x.to(dtype)
    return torch.scalar_tensor(x, dtype=dtype, device=device)


def _beside(x, tensor, keep_weak):
    if not isinstance(x, (bool, int, float, complex)):
        return as_tensor(x)
    if keep_weak and (
            isinstance(x, bool)
            or (isinstance(x, int) and tensor.dtype is not torch.bool)
            or (isinstance(x, float) and (tensor.is_floating_point() or tensor.is_complex()))):
        return x
    # A fill on the device, not a host-to-device copy (which would synchronise).
    return torch.scalar_tensor(x, dtype=to_torch_dtype(_keras_dtype_of(x)),
                               device=tensor.device)


def promoted_dtype(*dtypes) -> torch.dtype:
    """Keras's type promotion of `dtypes` (torch dtypes, names or Python types), as a
    torch dtype (cached: ops call this on every eager call)."""
    return _promoted(config.floatx(), dtypes)


@functools.lru_cache(maxsize=1024)
def _promoted(floatx, dtypes) -> torch.dtype:
    return to_torch_dtype(result_type(*dtypes))


def dtype_of(value):
    """An argument's dtype for Keras's promotion: a tensor's (or KerasTensor's)
    dtype, or a Python scalar's type (weak: it adopts the other operands' width)."""
    return getattr(value, "dtype", type(value))
