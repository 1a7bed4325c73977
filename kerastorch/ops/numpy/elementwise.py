"""What element-wise ops share: their graph specs and Keras's output dtype rules.

An element-wise op's symbolic output has the broadcast shape of its tensor
arguments and the dtype Keras's op class gives it (`compute_output_spec` in
`keras/src/ops/numpy.py`). Those dtype rules are the functions below; several
ops also apply them on tensors, because Keras's torch backend casts to the same
dtype there (`floor` of an int64 tensor is `floatx()`, ...).
"""

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import result_type, standardize_dtype, to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import broadcast_shapes
from kerastorch.utils import tree

NUMPY = "keras.src.ops.numpy"

# Dtypes whose promotion Keras resolves to a 32-bit type: the fast paths that
# skip `result_type` exclude them.
_WIDE_DTYPES = (torch.int64, torch.float64, torch.uint64, torch.complex128)
_SMALL_INTS = ("int8", "int16", "int32", "uint8", "uint16", "uint32")


def elementwise_op(dtype, class_name=None, static=()):
    """`keras_op` for an element-wise op of `keras.ops.numpy`.

    Its symbolic output has the broadcast shape of the tensor arguments (lists
    of tensors included) and the dtype `dtype(*call_arguments)`.

    Args:
        dtype: A dtype rule of this module, called with the op's tensor
            (non-static) arguments.
        class_name: Keras's op class name, when not the CamelCase of the
            function's name.
        static: The op's non-tensor arguments (its Keras class's constructor
            arguments).

    Returns:
        A decorator.

    Example:

    ```python
    @elementwise_op(dtype=promoted)
    def add(x1, x2): ...
    ```
    """

    def spec(*args, **static_arguments):
        return KerasTensor(broadcast_shape(args), dtype=dtype(*args))

    return keras_op(NUMPY, class_name=class_name, static=static, spec=spec)


def broadcast_shape(values) -> tuple:
    """The broadcast shape of the tensors among `values` (nested lists too).

    Example:

    >>> broadcast_shape([KerasTensor((None, 1)), 2.0, torch.ones(3)])
    (None, 3)
    """
    shape = ()
    for value in tree.flatten(values):
        if hasattr(value, "shape"):
            shape = broadcast_shapes(shape, value.shape)
    return tuple(shape)


def dtype_of(x):
    """`x`'s dtype as Keras's promotion reads it: Python scalars are weak types.

    Example:

    >>> dtype_of(torch.ones(2)), dtype_of(2.0)
    ('float32', <class 'float'>)
    """
    dtype = getattr(x, "dtype", None)
    return type(x) if dtype is None else standardize_dtype(dtype)


def promoted_torch_dtype(x1, x2, *extra) -> torch.dtype:
    """Keras's promotion of two operands (tensors or Python numbers) and `extra`
    dtypes, as a torch dtype; immediate for two tensors of one dtype that Keras
    keeps (a float one when `extra` holds `float`).

    Example:

    >>> promoted_torch_dtype(torch.ones(2, dtype=torch.int64), 1)
    torch.int32
    """
    dtype = getattr(x1, "dtype", None)
    if (dtype is not None and dtype is getattr(x2, "dtype", None) and dtype not in _WIDE_DTYPES
            and (not extra or dtype.is_floating_point)):
        return dtype
    return to_torch_dtype(result_type(dtype_of(x1), dtype_of(x2), *extra))


def ints_to_floatx(x: torch.Tensor) -> torch.Tensor:
    """`x` cast to `floatx()` when it holds integers or bools (as Keras's `exp`).

    Example:

    >>> ints_to_floatx(torch.tensor([1, 2])).dtype
    torch.float32
    """
    if x.is_floating_point() or x.is_complex():
        return x
    return x.to(to_torch_dtype(config.floatx()))


def strong_dtype_of(x) -> str:
    """`x`'s dtype, Python scalars as Keras's default dtypes (int32, float32, bool):
    how several of Keras's specs, and its torch backend, read numbers.

    Example:

    >>> strong_dtype_of(2)
    'int32'
    """
    return standardize_dtype(getattr(x, "dtype", type(x)))


# ------------------------------------------------------------ dtype rules
def same(x, *_) -> str:
    """The input's dtype (`negative`, `round`, `nan_to_num`, ...)."""
    return standardize_dtype(x.dtype)


def boolean(*_) -> str:
    """`"bool"` (comparisons, logical ops, `isnan`, ...)."""
    return "bool"


def promoted(x1, x2, *_) -> str:
    """The promotion of both operands (`add`, `maximum`, `power`, ...)."""
    return result_type(dtype_of(x1), dtype_of(x2))


def promoted_float(x1, x2, *_) -> str:
    """The promotion of both operands with a float (`divide`, `logaddexp`, ...)."""
    return result_type(dtype_of(x1), dtype_of(x2), float)


def promoted_strong(x1, x2) -> str:
    """The promotion of both operands, numbers as strong types (`gcd`, `lcm`)."""
    return result_type(strong_dtype_of(x1), strong_dtype_of(x2))


def promoted_strong_float(x1, x2) -> str:
    """`promoted_strong` with a float (`ldexp`, `nextafter`)."""
    return result_type(strong_dtype_of(x1), strong_dtype_of(x2), float)


def angle_of_point(x1, x2) -> str:
    """The dtype of `arctan2`: the promotion with a float, numbers as `floatx()`."""
    return result_type(getattr(x1, "dtype", config.floatx()),
                       getattr(x2, "dtype", config.floatx()), float)


def promoted_no_bool(x1, x2) -> str:
    """The promotion of both operands, int32 for two bools (`mod`, `fmod`)."""
    dtype = promoted(x1, x2)
    return "int32" if dtype == "bool" else dtype


def shifted(x, y) -> str:
    """`x`'s dtype for a Python int shift, else the promotion (`left_shift`)."""
    return standardize_dtype(x.dtype) if isinstance(y, int) else promoted(x, y)


def float_result(x) -> str:
    """A float for ints (int64 gives `floatx()`), floats kept (`sin`, `log`, ...)."""
    dtype = standardize_dtype(x.dtype)
    return config.floatx() if dtype == "int64" else result_type(dtype, float)


def float_of_ints(x) -> str:
    """`floatx()` for ints and bools, else the input's dtype (`exp`, `fabs`)."""
    dtype = standardize_dtype(x.dtype)
    return config.floatx() if "int" in dtype or dtype == "bool" else dtype


def float_or_float64(x) -> str:
    """float64 for int64 and float64, half floats kept, else `floatx()`
    (`deg2rad`, `rad2deg`, `i0`)."""
    dtype = standardize_dtype(x.dtype)
    if dtype in ("int64", "float64"):
        return "float64"
    return dtype if dtype in ("bfloat16", "float16") else config.floatx()


def widened(dtype: str, bool_to_float: bool = False) -> str:
    """Integers as floats wide enough for them: int64 as float64, smaller ones
    as `floatx()` (`hypot`, `heaviside`, `cbrt`); other dtypes kept."""
    if dtype in _SMALL_INTS or (bool_to_float and dtype == "bool"):
        return config.floatx()
    return "float64" if dtype == "int64" else dtype


def promoted_widened(x1, x2) -> str:
    """`promoted_strong`, `widened` (`hypot`, `heaviside`)."""
    return widened(promoted_strong(x1, x2))


def cube_root(x) -> str:
    """The dtype of `cbrt`: `widened`, bools too."""
    return widened(standardize_dtype(x.dtype), bool_to_float=True)


def int32_for_bool(x, *_) -> str:
    """int32 for bools, else the input's dtype (`square`, `clip`)."""
    dtype = standardize_dtype(x.dtype)
    return "int32" if dtype == "bool" else dtype


def floatx(*_) -> str:
    """`floatx()`, whatever the input (Keras's spec of `reciprocal`)."""
    return config.floatx()
