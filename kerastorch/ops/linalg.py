"""`keras.ops.linalg`: linear algebra on (batches of) matrices, with `torch.linalg`.

Each op is also a top-level `keras.ops` name (`keras.ops.inv` is
`keras.ops.linalg.inv`). Inputs are checked as Keras checks them (rank >= 2,
square matrices where needed) and errors name the received shapes.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import result_type
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import axis_tuple
from kerastorch.ops.operation_utils import reduce_shape
from kerastorch.ops.tensor_args import as_tensor

LINALG = "keras.src.ops.linalg"


def _assert_1d(*arrays):
    for a in arrays:
        if a.ndim < 1:
            raise ValueError(f"Expected input to have rank >= 1. Received scalar input {a}.")


def _assert_2d(*arrays):
    for a in arrays:
        if a.ndim < 2:
            raise ValueError(
                f"Expected input to have rank >= 2. Received input with shape {a.shape}.")


def _assert_square(*arrays):
    for a in arrays:
        m, n = a.shape[-2:]
        if m != n:
            raise ValueError(
                f"Expected a square matrix. Received non-square input with shape {a.shape}")


def _assert_a_b_compat(a, b):
    if a.ndim == b.ndim and a.shape[-2] != b.shape[-2]:
        raise ValueError(
            "Incompatible shapes between `a` and `b`. Expected `a.shape[-2] == "
            f"b.shape[-2]`. Received: a.shape={a.shape}, b.shape={b.shape}")
    if a.ndim == b.ndim - 1 and a.shape[-1] != b.shape[-1]:
        raise ValueError(
            "Incompatible shapes between `a` and `b`. Expected `a.shape[-1] == "
            f"b.shape[-1]`. Received: a.shape={a.shape}, b.shape={b.shape}")


def _square_matrix(x):
    """`x` as a tensor, checked to be a (batch of) square matrix."""
    x = as_tensor(x)
    _assert_2d(x)
    _assert_square(x)
    return x


def _square_spec(x, **_):
    _assert_2d(x)
    _assert_square(x)
    return KerasTensor(x.shape, dtype=x.dtype)


def _system_spec(a, b, **_):
    _assert_2d(a)
    _assert_square(a)
    _assert_1d(b)
    _assert_a_b_compat(a, b)
    return KerasTensor(b.shape, dtype=b.dtype)


def _system(a, b):
    """`a` and `b` as tensors, checked to be a square system and its right-hand side."""
    a = as_tensor(a)
    b = as_tensor(b)
    _assert_2d(a)
    _assert_square(a)
    _assert_1d(b)
    _assert_a_b_compat(a, b)
    return a, b


@keras_export("keras.ops.cholesky", "keras.ops.linalg.cholesky")
@keras_op(LINALG, static=("upper",), spec=_square_spec)
def cholesky(x, upper=False):
    """The Cholesky factor of (a batch of) symmetric positive-definite matrices.

    Args:
        x: `(..., n, n)` tensor.
        upper: Whether to return the upper factor `U` (`x = U^T U`) instead of
            the lower one `L` (`x = L L^T`).

    Returns:
        The triangular factor, shaped like `x`.

    Raises:
        ValueError: When a matrix is not positive-definite.

    Example:

    >>> kerastorch.ops.cholesky(torch.tensor([[4.0, 2.0], [2.0, 5.0]]))
    tensor([[2., 0.],
            [1., 2.]])
    """
    x = _square_matrix(x)
    try:
        return torch.linalg.cholesky(x, upper=upper)
    except RuntimeError as error:
        raise ValueError(f"Cholesky decomposition failed: {error}") from error


@keras_export("keras.ops.cholesky_inverse", "keras.ops.linalg.cholesky_inverse")
@keras_op(LINALG, static=("upper",), spec=_square_spec)
def cholesky_inverse(x, upper=False):
    """The inverse of a symmetric positive-definite matrix from its Cholesky factor.

    Args:
        x: `(..., n, n)` triangular Cholesky factor(s).
        upper: Whether `x` is the upper factor.

    Returns:
        The inverse of `L L^T` (or `U^T U`), shaped like `x`.

    Example:

    >>> kerastorch.ops.cholesky_inverse(torch.tensor([[2.0, 0.0], [1.0, 1.0]]))
    tensor([[ 0.5000, -0.5000],
            [-0.5000,  1.0000]])
    """
    x = _square_matrix(x)
    try:
        return torch.cholesky_inverse(x, upper=upper)
    except RuntimeError as error:
        raise ValueError(f"Cholesky inverse failed: {error}") from error


def _det_spec(x):
    _square_spec(x)
    return KerasTensor(x.shape[:-2], dtype=x.dtype)


@keras_export("keras.ops.det", "keras.ops.linalg.det")
@keras_op(LINALG, spec=_det_spec)
def det(x):
    """The determinant of (a batch of) square matrices.

    Args:
        x: `(..., n, n)` tensor.

    Returns:
        `(...)` determinants.

    Example:

    >>> kerastorch.ops.det(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    tensor(-2.)
    """
    return torch.linalg.det(_square_matrix(x))


def _eig_spec(x):
    _square_spec(x)
    return KerasTensor(x.shape[:-1], dtype=x.dtype), KerasTensor(x.shape, dtype=x.dtype)


@keras_export("keras.ops.eig", "keras.ops.linalg.eig")
@keras_op(LINALG, spec=_eig_spec)
def eig(x):
    """Eigenvalues and eigenvectors of (a batch of) general square matrices.

    Args:
        x: `(..., n, n)` tensor.

    Returns:
        `(eigenvalues, eigenvectors)`, complex tensors `(..., n)` and
        `(..., n, n)` (eigenvectors are the columns).

    Example:

    >>> values, vectors = kerastorch.ops.eig(torch.diag(torch.tensor([1.0, 2.0])))
    >>> values
    tensor([1.+0.j, 2.+0.j])
    """
    return torch.linalg.eig(_square_matrix(x))


@keras_export("keras.ops.eigh", "keras.ops.linalg.eigh")
@keras_op(LINALG, spec=_eig_spec)
def eigh(x):
    """Eigenvalues (ascending) and eigenvectors of (a batch of) symmetric matrices.

    Args:
        x: `(..., n, n)` symmetric tensor (its lower triangle is read).

    Returns:
        `(eigenvalues, eigenvectors)`, `(..., n)` and `(..., n, n)` (columns).

    Example:

    >>> values, vectors = kerastorch.ops.eigh(torch.tensor([[2.0, 1.0], [1.0, 2.0]]))
    >>> values
    tensor([1., 3.])
    """
    return torch.linalg.eigh(_square_matrix(x))


@keras_export("keras.ops.inv", "keras.ops.linalg.inv")
@keras_op(LINALG, spec=_square_spec)
def inv(x):
    """The inverse of (a batch of) square matrices.

    Args:
        x: `(..., n, n)` tensor.

    Returns:
        The inverses, shaped like `x`.

    Example:

    >>> kerastorch.ops.inv(torch.tensor([[2.0, 0.0], [0.0, 4.0]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    return torch.linalg.inv(_square_matrix(x))


def _lu_factor_spec(x):
    _assert_2d(x)
    *batch_shape, m, n = x.shape
    k = None if m is None or n is None else min(m, n)
    return (KerasTensor(x.shape, dtype=x.dtype),
            KerasTensor(tuple(batch_shape) + (k,), dtype=x.dtype))


@keras_export("keras.ops.lu_factor", "keras.ops.linalg.lu_factor")
@keras_op(LINALG, spec=_lu_factor_spec)
def lu_factor(x):
    """LU factorization with partial pivoting, in LAPACK's compact form.

    Args:
        x: `(..., m, n)` tensor.

    Returns:
        `(lu, pivots)`: `L` (unit diagonal, not stored) and `U` packed in one
        `(..., m, n)` tensor, and the int32 row swaps `(..., min(m, n))`,
        0-based (row `i` was swapped with row `pivots[i]`).

    Example:

    >>> lu, pivots = kerastorch.ops.lu_factor(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    >>> pivots
    tensor([1, 1], dtype=torch.int32)
    """
    x = as_tensor(x)
    _assert_2d(x)
    lu, pivots = torch.linalg.lu_factor(x)
    return lu, pivots - 1


_NORM_DTYPES = (torch.float32, torch.float16, torch.bfloat16)  # Computed as they are.


def _norm_spec(x, ord=None, axis=None, keepdims=False):  # noqa: A002 - Keras's name
    if isinstance(ord, str) and ord not in ("fro", "nuc"):
        raise ValueError(
            "Invalid `ord` argument. Expected one of {'fro', 'nuc'} when using string. "
            f"Received: ord={ord}")
    dtype = x.dtype
    if "int" in dtype or dtype == "bool":
        dtype = config.floatx()
    num_axes = len(x.shape) if axis is None else len(axis_tuple(axis))
    if num_axes == 1 and isinstance(ord, str):
        raise ValueError(f"Invalid `ord` argument for vector norm. Received: ord={ord}")
    if num_axes == 2 and ord not in (None, "fro", "nuc", float("inf"), float("-inf"),
                                     1, -1, 2, -2):
        raise ValueError(f"Invalid `ord` argument for matrix norm. Received: ord={ord}")
    return KerasTensor(reduce_shape(x.shape, axis, keepdims), dtype=dtype)


@keras_export("keras.ops.norm", "keras.ops.linalg.norm")
@keras_op(LINALG, static=("ord", "axis", "keepdims"), spec=_norm_spec)
def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002 - Keras's name
    """A vector or matrix norm (`torch.linalg.norm`).

    With one axis (or `x` 1-D), a vector norm: `ord` is a number (`2` by
    default, `inf`, `-inf`, `0`...). With two axes (or `x` 2-D with
    `axis=None` and an `ord`), a matrix norm: `"fro"`, `"nuc"`, `inf`, `-inf`,
    `1`, `-1`, `2`, `-2`. With `ord=None` and `axis=None`, the 2-norm of all
    entries.

    Args:
        x: Input tensor (integers are converted to a float dtype, as Keras).
        ord: The norm order.
        axis: `None`, an int or a pair of ints.
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The norm(s).

    Example:

    >>> kerastorch.ops.norm(torch.tensor([3.0, 4.0]))
    tensor(5.)
    """
    x = as_tensor(x)
    if x.dtype not in _NORM_DTYPES:
        # As Keras's torch backend: int64 -> floatx, other types promoted with a
        # float (float64 -> float32: Keras's promotion stays in 32 bits on torch).
        dtype = config.floatx() if x.dtype is torch.int64 else result_type(x.dtype, float)
        x = x.to(to_torch_dtype(dtype))
    return torch.linalg.norm(x, ord=ord, dim=axis, keepdim=keepdims)


def _check_qr_mode(mode):
    if mode not in ("reduced", "complete"):
        raise ValueError(
            "`mode` argument value not supported. Expected one of {'reduced', "
            f"'complete'}}. Received: mode={mode}")


def _qr_spec(x, mode="reduced"):
    _check_qr_mode(mode)
    if len(x.shape) < 2:
        raise ValueError(f"Input should have rank >= 2. Received: input.shape = {x.shape}")
    *batch_shape, m, n = x.shape
    if m is None or n is None:
        raise ValueError(
            "Input should have its last 2 dimensions fully-defined. Received: "
            f"input.shape = {x.shape}")
    batch_shape, k = tuple(batch_shape), min(m, n)
    if mode == "reduced":
        return (KerasTensor(batch_shape + (m, k), dtype=x.dtype),
                KerasTensor(batch_shape + (k, n), dtype=x.dtype))
    return (KerasTensor(batch_shape + (m, m), dtype=x.dtype),
            KerasTensor(batch_shape + (m, n), dtype=x.dtype))


@keras_export("keras.ops.qr", "keras.ops.linalg.qr")
@keras_op(LINALG, static=("mode",), spec=_qr_spec)
def qr(x, mode="reduced"):
    """QR decomposition `x = Q R` (`Q` orthonormal columns, `R` upper triangular).

    Args:
        x: `(..., m, n)` tensor.
        mode: `"reduced"` (`Q` is `(m, k)`, `R` `(k, n)`, `k = min(m, n)`) or
            `"complete"` (`Q` is `(m, m)`, `R` `(m, n)`).

    Returns:
        `(q, r)`.

    Example:

    >>> q, r = kerastorch.ops.qr(torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    >>> q.shape, r.shape
    (torch.Size([3, 2]), torch.Size([2, 2]))
    """
    _check_qr_mode(mode)
    return torch.linalg.qr(as_tensor(x), mode=mode)


@keras_export("keras.ops.solve", "keras.ops.linalg.solve")
@keras_op(LINALG, spec=_system_spec)
def solve(a, b):
    """Solves the linear system `a @ x = b`.

    Args:
        a: `(..., n, n)` coefficient matrices.
        b: `(..., n)` or `(..., n, k)` right-hand side(s).

    Returns:
        The solution, shaped like `b`.

    Example:

    >>> kerastorch.ops.solve(torch.tensor([[2.0, 0.0], [0.0, 4.0]]), torch.tensor([2.0, 2.0]))
    tensor([1.0000, 0.5000])
    """
    a, b = _system(a, b)
    return torch.linalg.solve(a, b)


@keras_export("keras.ops.solve_triangular", "keras.ops.linalg.solve_triangular")
@keras_op(LINALG, static=("lower",), spec=_system_spec)
def solve_triangular(a, b, lower=False):
    """Solves `a @ x = b` for a triangular `a` (only its triangle is read).

    Args:
        a: `(..., n, n)` triangular matrices.
        b: `(..., n)` or `(..., n, k)` right-hand side(s).
        lower: Whether `a` is lower (else upper) triangular.

    Returns:
        The solution, shaped like `b`.

    Example:

    >>> kerastorch.ops.solve_triangular(torch.tensor([[2.0, 0.0], [1.0, 1.0]]),
    ...                                 torch.tensor([2.0, 3.0]), lower=True)
    tensor([1., 2.])
    """
    a, b = _system(a, b)
    if b.ndim == a.ndim - 1:
        return torch.linalg.solve_triangular(a, b.unsqueeze(-1), upper=not lower).squeeze(-1)
    return torch.linalg.solve_triangular(a, b, upper=not lower)


def _svd_spec(x, full_matrices=True, compute_uv=True):
    _assert_2d(x)
    *batch_shape, rows, columns = x.shape
    batch_shape = tuple(batch_shape)
    k = None if rows is None or columns is None else min(rows, columns)
    s = KerasTensor(batch_shape + (k,), dtype=x.dtype)
    if not compute_uv:
        return s
    if full_matrices:
        u_shape, v_shape = batch_shape + (rows, rows), batch_shape + (columns, columns)
    else:
        u_shape, v_shape = batch_shape + (rows, k), batch_shape + (k, columns)
    return KerasTensor(u_shape, dtype=x.dtype), s, KerasTensor(v_shape, dtype=x.dtype)


@keras_export("keras.ops.svd", "keras.ops.linalg.svd")
@keras_op(LINALG, class_name="SVD", static=("full_matrices", "compute_uv"), spec=_svd_spec)
def svd(x, full_matrices=True, compute_uv=True):
    """Singular value decomposition `x = U diag(S) Vh`.

    Args:
        x: `(..., m, n)` tensor.
        full_matrices: Whether `U` and `Vh` are square (`(m, m)`, `(n, n)`)
            rather than `(m, k)`, `(k, n)` with `k = min(m, n)`.
        compute_uv: Whether to return `U` and `Vh` (else only `S`).

    Returns:
        `(U, S, Vh)` (singular values descending), or `S` alone.

    Example:

    >>> kerastorch.ops.svd(torch.tensor([[3.0, 0.0], [0.0, -2.0]]), compute_uv=False)
    tensor([3., 2.])
    """
    x = as_tensor(x)
    _assert_2d(x)
    if not compute_uv:
        return torch.linalg.svdvals(x)
    return torch.linalg.svd(x, full_matrices=full_matrices)


def _lstsq_spec(a, b, rcond=None):
    if len(a.shape) != 2:
        raise ValueError(f"Expected a to have rank 2. Received: a.shape={a.shape}")
    if len(b.shape) not in (1, 2):
        raise ValueError(f"Expected b to have rank 1 or 2. Received: b.shape={b.shape}")
    m, n = a.shape
    if b.shape[0] != m:
        raise ValueError(
            "Expected b.shape[0] to be equal to a.shape[0]. Received: "
            f"a.shape={a.shape}, b.shape={b.shape}")
    return KerasTensor((n,) + tuple(b.shape[1:]), dtype=a.dtype)


@keras_export("keras.ops.lstsq", "keras.ops.linalg.lstsq")
@keras_op(LINALG, static=("rcond",), spec=_lstsq_spec)
def lstsq(a, b, rcond=None):
    """The least-squares solution of `a @ x = b`.

    Args:
        a: `(m, n)` matrix.
        b: `(m,)` or `(m, k)` right-hand side(s).
        rcond: Cut-off ratio for small singular values of `a` (numpy's
            meaning; an SVD-based solver is used then).

    Returns:
        `x`, `(n,)` or `(n, k)`.

    Example:

    >>> kerastorch.ops.lstsq(torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
    ...                      torch.tensor([1.0, 1.0, 2.0]))
    tensor([1.0000, 1.0000])
    """
    a = as_tensor(a)
    b = as_tensor(b)
    if rcond is None:
        return torch.linalg.lstsq(a, b).solution
    if a.device.type == "cuda":  # CUDA's only driver (`gels`) has no cut-off.
        return torch.linalg.pinv(a, rtol=rcond) @ b
    return torch.linalg.lstsq(a, b, rcond=rcond, driver="gelsd").solution


def _matrix_rank_spec(x, tol=None):
    _assert_2d(x)
    return KerasTensor(x.shape[:-2], dtype="int32")


@keras_export("keras.ops.matrix_rank", "keras.ops.linalg.matrix_rank")
@keras_op(LINALG, static=("tol",), spec=_matrix_rank_spec)
def matrix_rank(x, tol=None):
    """The rank of (a batch of) matrices: the number of significant singular values.

    Args:
        x: `(..., m, n)` tensor.
        tol: Absolute threshold below which singular values are ignored
            (default: a relative one, `max(m, n) * eps * largest`).

    Returns:
        `(...)` int32 ranks.

    Example:

    >>> kerastorch.ops.matrix_rank(torch.tensor([[1.0, 2.0], [2.0, 4.0]]))
    tensor(1, dtype=torch.int32)
    """
    return torch.linalg.matrix_rank(as_tensor(x), atol=tol).to(torch.int32)


def _pinv_spec(x, rcond=None):
    _assert_2d(x)
    *batch_shape, m, n = x.shape
    return KerasTensor(tuple(batch_shape) + (n, m), dtype=x.dtype)


@keras_export("keras.ops.pinv", "keras.ops.linalg.pinv")
@keras_op(LINALG, static=("rcond",), spec=_pinv_spec)
def pinv(x, rcond=None):
    """The Moore-Penrose pseudo-inverse of (a batch of) matrices.

    Args:
        x: `(..., m, n)` tensor.
        rcond: Singular values below `rcond` times the largest are treated as
            zero (default: torch's `max(m, n) * eps`).

    Returns:
        `(..., n, m)` pseudo-inverses.

    Example:

    >>> kerastorch.ops.pinv(torch.tensor([[2.0, 0.0], [0.0, 0.0]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.0000]])
    """
    return torch.linalg.pinv(as_tensor(x), rtol=rcond)


@keras_export("keras.ops.jvp", "keras.ops.linalg.jvp")
@keras_op(LINALG, class_name="JVP", static=("has_aux",))
def jvp(fun, primals, tangents, has_aux=False):
    """A Jacobian-vector product by forward-mode autodiff (`torch.func.jvp`).

    Args:
        fun: Function of the primals.
        primals: Tuple of the points at which `fun` is differentiated.
        tangents: Tuple of tangent vectors, shaped like `primals`.
        has_aux: Whether `fun` returns `(output, aux)`.

    Returns:
        `(fun(*primals), jvp)`, plus `aux` when `has_aux`.

    Example:

    >>> kerastorch.ops.jvp(lambda x: x ** 2, (torch.tensor(3.0),), (torch.tensor(1.0),))
    (tensor(9.), tensor(6.))
    """
    return torch.func.jvp(fun, primals, tangents, has_aux=has_aux)
