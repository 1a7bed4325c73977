"""Dtypes: Keras names, torch dtypes, and Keras's type promotion (`result_type`).

Keras names dtypes with strings (`"float32"`); `standardize_dtype` turns any
form (torch, numpy, Python types, strings) into that name and
`to_torch_dtype` into a `torch.dtype`. `result_type` is Keras's promotion
rule: JAX's type lattice, in which Python `int` / `float` are "weak" and
take the precision of the other operand, and 64-bit results come back as
32-bit ones (as JAX without x64, and Keras on every backend but TensorFlow).
"""

import functools

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
    "float8_e4m3fn": torch.float8_e4m3fn,
    "float8_e5m2": torch.float8_e5m2,
}
_NAMES = {v: k for k, v in _TORCH_DTYPES.items()}
# Keras's dtypes: the torch ones plus "string" (a valid name, with no tensor).
ALLOWED_DTYPES = frozenset(_TORCH_DTYPES) | {"string"}
FLOAT8_TYPES = ("float8_e4m3fn", "float8_e5m2")
# Python types and the special string "int", as Keras's torch backend maps them.
_PYTHON_DTYPES = {bool: "bool", int: "int32", float: "float32", complex: "complex64",
                  str: "string", "int": "int32"}
# Common aliases torch and numpy users write.
_ALIASES = {"double": "float64", "float": "float32", "half": "float16"}


def standardize_dtype(dtype) -> str:
    """Returns the Keras name (`"float32"`, ...) of a dtype given in any form.

    Args:
        dtype: `None` (meaning `floatx()`), a string, a torch dtype, a numpy
            dtype or scalar type, or a Python type (`int` is `"int32"`, as in
            Keras).

    Returns:
        The dtype's name.

    Raises:
        ValueError: For an unknown dtype.

    Example:

    >>> standardize_dtype(torch.float16), standardize_dtype(int)
    ('float16', 'int32')
    """
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, torch.dtype):
        return _NAMES[dtype]
    if isinstance(dtype, (type, str)) and dtype in _PYTHON_DTYPES:
        return _PYTHON_DTYPES[dtype]
    if isinstance(dtype, type) and issubclass(dtype, np.generic):  # np.float32
        dtype = np.dtype(dtype)
    name = dtype.name if hasattr(dtype, "name") and not isinstance(dtype, str) else str(dtype)
    name = name.removeprefix("torch.")
    name = _ALIASES.get(name, name)
    if name not in ALLOWED_DTYPES:
        raise ValueError(f"Invalid dtype: {dtype}")
    return name


def to_torch_dtype(dtype) -> torch.dtype:
    """Returns the torch dtype for a dtype given in any form (`None` = floatx).

    Example:

    >>> to_torch_dtype("bfloat16")
    torch.bfloat16
    """
    if isinstance(dtype, torch.dtype):
        return dtype
    # Fast path for the common case, a canonical name (this runs every step).
    found = _TORCH_DTYPES.get(dtype) if isinstance(dtype, str) else None
    if found is not None:
        return found
    name = standardize_dtype(dtype)
    if name not in _TORCH_DTYPES:
        raise ValueError(f"Unsupported dtype for PyTorch: {dtype}")
    return _TORCH_DTYPES[name]


def is_float_dtype(dtype) -> bool:
    """Whether `dtype` is a floating point type (`bfloat16` included).

    Example:

    >>> is_float_dtype("bfloat16"), is_float_dtype("int32")
    (True, False)
    """
    return standardize_dtype(dtype).startswith(("float", "bfloat"))


def is_int_dtype(dtype) -> bool:
    """Whether `dtype` is a signed or unsigned integer type (not `bool`).

    Example:

    >>> is_int_dtype("uint8"), is_int_dtype("bool")
    (True, False)
    """
    return standardize_dtype(dtype).startswith(("int", "uint"))


# ------------------------------------------------------------- promotion
# Each type and the types directly above it; "int" and "float" are the weak
# types of Python scalars. Promotion is the least upper bound in this lattice.
_LATTICE = {
    "bool": ("int",),
    "int": ("uint8", "int8", "complex64"),
    "uint8": ("int16", "uint16"),
    "uint16": ("int32", "uint32"),
    "uint32": ("int64", "uint64"),
    "uint64": ("float",),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": ("float",),
    "float": ("bfloat16", "float16"),
    "bfloat16": ("float32",),
    "float16": ("float32",),
    "float32": ("float64", "complex64"),
    "float64": ("complex128",),
    "complex64": ("complex128",),
    "complex128": (),
}
_WEAK_TYPES = ("int", "float")
_TO_32_BITS = {"int64": "int32", "uint64": "uint32", "float64": "float32",
               "complex128": "complex64"}


def _upper_bounds() -> dict:
    """Each type of the lattice mapped to the set of types at or above it."""
    bounds = {}

    def above(node):
        if node not in bounds:
            bounds[node] = {node}.union(*(above(parent) for parent in _LATTICE[node]))
        return bounds[node]

    for node in _LATTICE:
        above(node)
    return bounds


_UPPER_BOUNDS = _upper_bounds()


def _least_upper_bound(nodes) -> str:
    for node in nodes:
        if node not in _UPPER_BOUNDS:
            raise ValueError(f"dtype='{node}' is not a valid dtype for Keras type promotion.")
    common = set.intersection(*(_UPPER_BOUNDS[node] for node in nodes))
    # The least common bound is the one whose own upper bounds hold all the others.
    (least,) = [c for c in common if common <= _UPPER_BOUNDS[c]]
    return least


def _weak_name(dtype: str) -> str:
    """The weak type a Python scalar of standard type `dtype` stands for."""
    if dtype == "bool":
        return dtype
    return "float" if "float" in dtype else "int"


def _resolve_weak(dtype: str, precision: str) -> str:
    """A weak result in the precision of `floatx()` (`"int"` -> `"int32"` by default)."""
    if dtype == "bool":
        return dtype
    if dtype.startswith(("int", "uint")):
        return f"{dtype.rstrip('0123456789')}{precision}"
    return f"float{precision}"


@functools.lru_cache(maxsize=1024)
def _promote(args: tuple, floatx: str) -> str:
    names = [standardize_dtype(arg) for arg in args]
    weak = [arg is int or arg is float for arg in args]
    if len(names) == 1:
        out, out_weak = names[0], weak[0]
    elif len(set(names)) == 1 and not all(weak):
        out, out_weak = names[0], False
    elif all(weak):
        out, out_weak = _least_upper_bound(set(names)), True
    else:
        out = _least_upper_bound({_weak_name(n) if w else n for n, w in zip(names, weak)})
        out_weak = out in _WEAK_TYPES
    if out_weak and out != "bool":
        out = _resolve_weak(out, floatx[-2:])
    return _TO_32_BITS.get(out, out)


def result_type(*dtypes) -> str:
    """Returns the dtype of an operation on inputs of `dtypes`, by Keras's promotion rules.

    Each argument is a dtype in any form `standardize_dtype` accepts; `None`
    means `floatx()`. The Python types `int` and `float` are weak: they adopt
    the other operand's precision (`int8` with `int` stays `int8`, `bfloat16`
    with `float` stays `bfloat16`). Mixing integers and floats gives a float
    wide enough for the float operand (`int32` with `float16` is `float16`);
    64-bit results are returned as 32-bit ones, as Keras does on torch.

    Args:
        *dtypes: Input dtypes. None at all gives `floatx()`.

    Returns:
        The result dtype's name.

    Raises:
        ValueError: For a float8 dtype (never promoted implicitly) or a dtype
            outside the lattice (`"string"` with another dtype).

    Example:

    >>> result_type("int32", "float32"), result_type("bfloat16", float)
    ('float32', 'bfloat16')
    """
    if not dtypes:
        return config.floatx()
    if any(isinstance(d, str) and d in FLOAT8_TYPES for d in dtypes):
        raise ValueError(
            "There is no implicit conversions from float8 dtypes to others. You must "
            f"cast it internally. Received: {dtypes}"
        )
    floatx = config.floatx()
    return _promote(tuple(floatx if d is None else d for d in dtypes), floatx)
