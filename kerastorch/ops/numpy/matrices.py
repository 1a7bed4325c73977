"""Matrix construction of `keras.ops`: `eye`, `identity`, `tri`, `tril`, `triu`,
`diag`, `diagflat`, `diagonal`, `vander`."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype

NUMPY = "keras.src.ops.numpy"


def _is_float(value) -> bool:
    return isinstance(value, float) or (
        isinstance(value, torch.Tensor) and value.is_floating_point())


def _band(n, m, k, dtype) -> torch.Tensor:
    """`(n, m)` ones on diagonal `k` and below (`tri`), on the device."""
    return torch.ones((int(n), int(m)), dtype=to_torch_dtype(dtype), device=get_device()).tril(k)


@keras_export("keras.ops.eye", "keras.ops.numpy.eye")
def eye(N, M=None, k=0, dtype=None):
    """A 2-D tensor with ones on a diagonal and zeros elsewhere.

    Args:
        N: Number of rows (an int or an int tensor).
        M: Number of columns (default `N`).
        k: Diagonal offset (positive: above the main diagonal).
        dtype: Dtype (default `floatx()`).

    Returns:
        The `(N, M)` tensor.

    Example:

    >>> kerastorch.ops.eye(2, 3, k=1)
    tensor([[0., 1., 0.],
            [0., 0., 1.]])
    """
    if _is_float(N):
        raise TypeError("Argument `N` must be an integer or an integer tensor.")
    if _is_float(M):
        raise TypeError("Argument `M` must be an integer, an integer tensor, or `None`.")
    M = N if M is None else M
    k = 0 if k is None else k
    if k == 0:
        return torch.eye(int(N), int(M), dtype=to_torch_dtype(dtype), device=get_device())
    return _band(N, M, k, dtype).triu(k)


@keras_export("keras.ops.identity", "keras.ops.numpy.identity")
def identity(n, dtype=None):
    """The `(n, n)` identity matrix.

    Args:
        n: Number of rows and columns.
        dtype: Dtype (default `floatx()`).

    Returns:
        The tensor.

    Example:

    >>> kerastorch.ops.identity(2)
    tensor([[1., 0.],
            [0., 1.]])
    """
    return torch.eye(int(n), dtype=to_torch_dtype(dtype), device=get_device())


@keras_export("keras.ops.tri", "keras.ops.numpy.tri")
def tri(N, M=None, k=0, dtype=None):
    """Ones at and below a diagonal, zeros elsewhere.

    Args:
        N: Number of rows.
        M: Number of columns (default `N`).
        k: Diagonal offset (positive: above the main diagonal).
        dtype: Dtype (default `floatx()`).

    Returns:
        The `(N, M)` tensor.

    Example:

    >>> kerastorch.ops.tri(2)
    tensor([[1., 0.],
            [1., 1.]])
    """
    return _band(N, M or N, k, dtype)


@keras_export("keras.ops.tril", "keras.ops.numpy.tril")
@keras_op(NUMPY, static=("k",))
def tril(x, k=0):
    """The lower triangle of the last two axes (zeros above diagonal `k`).

    Args:
        x: Input tensor, at least 2-D.
        k: Diagonal offset.

    Returns:
        The lower triangle.

    Example:

    >>> kerastorch.ops.tril(torch.ones(2, 2))
    tensor([[1., 0.],
            [1., 1.]])
    """
    return torch.tril(as_tensor(x), diagonal=k)


@keras_export("keras.ops.triu", "keras.ops.numpy.triu")
@keras_op(NUMPY, static=("k",))
def triu(x, k=0):
    """The upper triangle of the last two axes (zeros below diagonal `k`).

    Args:
        x: Input tensor, at least 2-D.
        k: Diagonal offset.

    Returns:
        The upper triangle.

    Example:

    >>> kerastorch.ops.triu(torch.ones(2, 2))
    tensor([[1., 1.],
            [0., 1.]])
    """
    return torch.triu(as_tensor(x), diagonal=k)


@keras_export("keras.ops.diag", "keras.ops.numpy.diag")
@keras_op(NUMPY, static=("k",))
def diag(x, k=0):
    """Extracts a diagonal of a 2-D tensor, or builds a diagonal matrix from a 1-D one.

    Args:
        x: A 1-D or 2-D tensor.
        k: Diagonal offset.

    Returns:
        The diagonal (1-D) or the matrix (2-D).

    Example:

    >>> kerastorch.ops.diag(torch.tensor([1, 2]))
    tensor([[1, 0],
            [0, 2]])
    """
    return torch.diag(as_tensor(x), diagonal=k)


@keras_export("keras.ops.diagflat", "keras.ops.numpy.diagflat")
@keras_op(NUMPY, static=("k",))
def diagflat(x, k=0):
    """A 2-D tensor with the flattened input on diagonal `k`.

    Args:
        x: Input tensor.
        k: Diagonal offset.

    Returns:
        The matrix.

    Example:

    >>> kerastorch.ops.diagflat(torch.tensor([[1, 2]]))
    tensor([[1, 0],
            [0, 2]])
    """
    return torch.diagflat(as_tensor(x), offset=k)


@keras_export("keras.ops.diagonal", "keras.ops.numpy.diagonal")
@keras_op(NUMPY, static=("offset", "axis1", "axis2"))
def diagonal(x, offset=0, axis1=0, axis2=1):
    """A diagonal of the planes spanned by `axis1` and `axis2` (it becomes the
    last axis).

    Args:
        x: Input tensor, at least 2-D.
        offset: Diagonal offset.
        axis1: First axis of the planes.
        axis2: Second axis of the planes.

    Returns:
        The diagonals.

    Example:

    >>> kerastorch.ops.diagonal(torch.tensor([[1, 2], [3, 4]]))
    tensor([1, 4])
    """
    x = as_tensor(x)
    if axis1 % x.ndim == axis2 % x.ndim:
        raise ValueError(
            f"`axis1` and `axis2` cannot be the same. Received: axis1={axis1}, axis2={axis2}")
    return torch.diagonal(x, offset=offset, dim1=axis1, dim2=axis2)


@keras_export("keras.ops.vander", "keras.ops.numpy.vander")
@keras_op(NUMPY, static=("N", "increasing"))
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix: columns are powers of `x`.

    Args:
        x: A 1-D tensor.
        N: Number of columns (default `len(x)`).
        increasing: Whether powers increase left to right (default: decrease).

    Returns:
        The `(len(x), N)` matrix.

    Example:

    >>> kerastorch.ops.vander(torch.tensor([1, 2, 3]), N=2)
    tensor([[1, 1],
            [2, 1],
            [3, 1]], dtype=torch.int32)
    """
    x = as_tensor(x)
    if x.ndim != 1:
        raise ValueError(f"Input tensor must be 1-dimensional. Received: input.shape={x.shape}")
    if N is not None:
        if not isinstance(N, int):
            raise TypeError(
                f"Argument `N` must be of type `int`. Received: N={N} of type {type(N)}")
        if N < 0:
            raise ValueError(f"Argument 'N' must be nonnegative. Received: N={N}")
    if not isinstance(increasing, bool):
        raise TypeError(
            "Argument `increasing` must be of type `bool`. Received: "
            f"increasing={increasing} of type {type(increasing)}"
        )
    return torch.vander(x, N=N, increasing=increasing).to(promoted_dtype(x.dtype))
