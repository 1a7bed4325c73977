"""Other `keras.ops.numpy` ops: `allclose`, `correlate`, `diff`, `trapezoid`, `size`,
`ndim`, `vectorize`."""

import functools
import re

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype

NUMPY = "keras.src.ops.numpy"


@keras_export("keras.ops.allclose", "keras.ops.numpy.allclose")
@keras_op(NUMPY, class_name="AllClose", static=("rtol", "atol", "equal_nan"))
def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether two tensors are equal element-wise within a tolerance,
    `|x1 - x2| <= atol + rtol * |x2|`.

    Args:
        x1: First tensor.
        x2: Second tensor (broadcast with `x1`).
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        equal_nan: Whether NaNs compare equal.

    Returns:
        A 0-d bool tensor.

    Example:

    >>> kerastorch.ops.allclose(torch.tensor([1.0]), torch.tensor([1.0 + 1e-9]))
    tensor(True)
    """
    x1, x2 = as_tensor(x1), as_tensor(x2)
    dtype = promoted_dtype(x1.dtype, x2.dtype)
    x1, x2 = x1.to(dtype), x2.to(dtype)
    if dtype.is_floating_point:
        return torch.all(torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))
    return torch.all(torch.eq(x1, x2))


@keras_export("keras.ops.correlate", "keras.ops.numpy.correlate")
@keras_op(NUMPY, static=("mode",))
def correlate(x1, x2, mode="valid"):
    """Cross-correlation of two 1-D sequences, `c[k] = sum_n x1[n + k] * x2[n]`.

    Args:
        x1: First 1-D tensor.
        x2: Second 1-D tensor.
        mode: `"valid"` (only full overlaps), `"same"` (`len(x1)` values,
            centred) or `"full"` (every overlap).

    Returns:
        The correlation, float32 (float64 for int64 or float64 inputs).

    Example:

    >>> kerastorch.ops.correlate(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([0.0, 1.0]))
    tensor([2., 3.])
    """
    if mode not in ("valid", "same", "full"):
        raise ValueError(
            f"`mode` must be either `valid`, `same`, or `full`, butreceived: {mode}")
    x1, x2 = as_tensor(x1), as_tensor(x2)
    dtype = promoted_dtype(x1.dtype, x2.dtype)
    if dtype is torch.int64:
        dtype = torch.float64
    elif dtype not in (torch.bfloat16, torch.float16, torch.float64):
        dtype = torch.float32
    x1, x2 = x1.to(dtype), x2.to(dtype)
    length1, length2 = x1.shape[-1], x2.shape[-1]
    batch = torch.broadcast_shapes(x1.shape[:-1], x2.shape[:-1])
    x1 = x1.expand(batch + (length1,)).reshape(-1, length1)
    x2 = x2.expand(batch + (length2,)).reshape(-1, length2)
    full = F.conv1d(x1, x2.unsqueeze(1), groups=x1.shape[0], padding=length2 - 1)
    full = full.reshape(batch + (-1,))
    if mode == "valid":
        target = max(length1, length2) - min(length1, length2) + 1
    elif mode == "same":
        target = length1
    else:
        return full
    start = (full.shape[-1] - target) // 2
    return full[..., start:start + target]


@keras_export("keras.ops.diff", "keras.ops.numpy.diff")
@keras_op(NUMPY, static=("n", "axis"))
def diff(a, n=1, axis=-1):
    """The n-th discrete difference along an axis, `a[i + 1] - a[i]` applied `n` times.

    Args:
        a: Input tensor.
        n: Number of times to difference.
        axis: The axis.

    Returns:
        A tensor `n` shorter along `axis`.

    Example:

    >>> kerastorch.ops.diff(torch.tensor([1, 4, 9]))
    tensor([3, 5])
    """
    return torch.diff(as_tensor(a), n=n, dim=axis)


@keras_export("keras.ops.trapezoid", "keras.ops.numpy.trapezoid")
@keras_op(NUMPY, static=("x", "dx", "axis"))
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integral of `y` along an axis by the trapezoidal rule.

    Args:
        y: Sample values.
        x: Optional sample points (default: spaced by `dx`).
        dx: Spacing of the samples when `x` is `None`.
        axis: The axis to integrate along.

    Returns:
        The integral (float).

    Example:

    >>> kerastorch.ops.trapezoid(torch.tensor([1.0, 2.0, 3.0]))
    tensor(4.)
    """
    y = as_tensor(y)
    if y.dtype is torch.bool:
        y = y.to(to_torch_dtype(config.floatx()))
    if x is not None:
        return torch.trapezoid(y, as_tensor(x), dim=axis)
    return torch.trapezoid(y, dx=dx, dim=axis)


def _size_spec(x):
    return KerasTensor((), dtype="int32")


@keras_export("keras.ops.size", "keras.ops.numpy.size")
@keras_op(NUMPY, spec=_size_spec)
def size(x):
    """Number of elements of a tensor.

    Args:
        x: Input tensor.

    Returns:
        A 0-d int64 tensor (as Keras's torch backend returns it).

    Example:

    >>> kerastorch.ops.size(torch.ones(2, 3))
    tensor(6)
    """
    x = as_tensor(x)
    return torch.tensor(x.numel(), dtype=torch.int64, device=x.device)


def _ndim_spec(x):
    # Keras describes the result as a float tensor of shape `(ndim,)`.
    return KerasTensor((x.ndim,))


@keras_export("keras.ops.ndim", "keras.ops.numpy.ndim")
@keras_op(NUMPY, spec=_ndim_spec)
def ndim(x):
    """Number of dimensions of a tensor.

    Args:
        x: Input tensor.

    Returns:
        A Python int.

    Example:

    >>> kerastorch.ops.ndim(torch.ones(2, 3))
    2
    """
    return as_tensor(x).ndim


_CORE_DIMS = re.compile(r"\(([^()]*)\)")


def _parse_signature(signature: str):
    """`"(m,n),(n)->(m)"` as `([("m", "n"), ("n",)], [("m",)])`."""
    inputs, _, outputs = signature.replace(" ", "").partition("->")

    def groups(text):
        return [tuple(d for d in group.split(",") if d) for group in _CORE_DIMS.findall(text)]

    return groups(inputs), groups(outputs)


@keras_export("keras.ops.vectorize", "keras.ops.numpy.vectorize")
def vectorize(pyfunc, *, excluded=None, signature=None):
    """Turns a function of tensors into one mapped over leading (loop) axes, with
    NumPy's broadcasting (via `torch.vmap`).

    Args:
        pyfunc: The function.
        excluded: Optional set of positional indices of arguments passed
            through unchanged (not vectorized).
        signature: Optional generalized-ufunc signature, e.g. `"(n),(n)->()"`,
            naming the core axes each argument keeps; the others are looped.

    Returns:
        The vectorized function.

    Example:

    >>> norm = kerastorch.ops.vectorize(lambda v: torch.sqrt(torch.sum(v * v)),
    ...                                 signature="(n)->()")
    >>> norm(torch.tensor([[3.0, 4.0], [6.0, 8.0]]))
    tensor([ 5., 10.])
    """
    if not callable(pyfunc):
        raise ValueError(  # noqa: TRY004 - Keras's error
            f"Expected argument `pyfunc` to be a callable. Received: pyfunc={pyfunc}")
    excluded = set(excluded or ())
    input_core = _parse_signature(signature)[0] if signature is not None else None

    @functools.wraps(pyfunc)
    def wrapped(*args, **kwargs):
        fixed = {i: a for i, a in enumerate(args) if i in excluded or a is None}
        mapped = [as_tensor(a) for i, a in enumerate(args) if i not in fixed]
        core = input_core if input_core is not None else [()] * len(mapped)
        if len(core) != len(mapped):
            raise TypeError(
                f"wrong number of positional arguments: expected {len(core)}, got {len(mapped)}")
        core_ndims = [len(c) for c in core]
        loop = torch.broadcast_shapes(*(a.shape[:a.ndim - n] for a, n in zip(mapped, core_ndims)))
        mapped = [a.expand(loop + a.shape[a.ndim - n:]) for a, n in zip(mapped, core_ndims)]

        def call(*tensors):
            tensors = iter(tensors)
            full = [fixed[i] if i in fixed else next(tensors) for i in range(len(args))]
            return pyfunc(*full, **kwargs)

        function = call
        for _ in loop:
            function = torch.vmap(function)
        return function(*mapped)

    return wrapped
