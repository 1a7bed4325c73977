"""Products and linear algebra of `keras.ops.numpy`: `dot`, `tensordot`, `einsum`,
`inner`, `outer`, `vdot`, `kron`, `cross`, `trace`, `slogdet`.

(`matmul` is in `arithmetic.py`.) As in Keras's torch backend, integer
products are computed in floats and cast back to the promoted input dtype.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import result_type
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.numpy.reductions import WIDENED_DTYPES
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import broadcast_shapes, canonicalize_axis
from kerastorch.ops.tensor_args import as_tensor, dtype_of, promoted_dtype

NUMPY = "keras.src.ops.numpy"


def _in_float(x1, x2):
    """Both operands in a common float dtype, and the dtype of the result."""
    x1, x2 = as_tensor(x1), as_tensor(x2)
    if x1.dtype is x2.dtype and x1.dtype in (torch.float32, torch.bfloat16):
        return x1, x2, x1.dtype
    result = promoted_dtype(x1.dtype, x2.dtype)
    compute = promoted_dtype(result, float)
    if compute is torch.float16 and x1.device.type == "cpu":
        compute = torch.float32
    return x1.to(compute), x2.to(compute), result


def _dot_spec(x1, x2):
    shape1, shape2 = list(getattr(x1, "shape", ())), list(getattr(x2, "shape", ()))
    dtype = result_type(dtype_of(x1), dtype_of(x2))
    if not shape1 or not shape2:
        return KerasTensor(broadcast_shapes(shape1, shape2), dtype=dtype)
    if len(shape2) == 1:
        return KerasTensor(shape1[:-1], dtype=dtype)
    return KerasTensor(shape1[:-1] + shape2[:-2] + shape2[-1:], dtype=dtype)


@keras_export("keras.ops.dot", "keras.ops.numpy.dot")
@keras_op(NUMPY, spec=_dot_spec)
def dot(x1, x2):
    """Dot product, as NumPy's: matrix product for 2-D tensors, sum product over
    the last axis of `x1` and the second-to-last of `x2` for N-D ones.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The product (a 0-d operand multiplies element-wise).

    Example:

    >>> kerastorch.ops.dot(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))
    tensor(11.)
    """
    x1, x2, result = _in_float(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return torch.multiply(x1, x2).to(result)
    if x2.ndim > 2:
        # NumPy's N-D dot: a product over every pair of x1 rows and x2 matrices.
        return torch.tensordot(x1, x2, dims=([-1], [-2])).to(result)
    return torch.matmul(x1, x2).to(result)


@keras_export("keras.ops.vdot", "keras.ops.numpy.vdot")
@keras_op(NUMPY)
def vdot(x1, x2):
    """Dot product of two 1-D tensors, conjugating the first.

    Args:
        x1: First 1-D tensor.
        x2: Second 1-D tensor.

    Returns:
        A scalar.

    Example:

    >>> kerastorch.ops.vdot(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))
    tensor(11.)
    """
    x1, x2, result = _in_float(x1, x2)
    return torch.vdot(x1, x2).to(result)


@keras_export("keras.ops.inner", "keras.ops.numpy.inner")
@keras_op(NUMPY)
def inner(x1, x2):
    """Inner product over the last axes of two tensors.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A tensor of shape `x1.shape[:-1] + x2.shape[:-1]`.

    Example:

    >>> kerastorch.ops.inner(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))
    tensor(11.)
    """
    x1, x2, result = _in_float(x1, x2)
    return torch.inner(x1, x2).to(result)


@keras_export("keras.ops.outer", "keras.ops.numpy.outer")
@keras_op(NUMPY)
def outer(x1, x2):
    """Outer product of two tensors (flattened first).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A `(x1.size, x2.size)` tensor.

    Example:

    >>> kerastorch.ops.outer(torch.tensor([1, 2]), torch.tensor([3, 4]))
    tensor([[3, 4],
            [6, 8]])
    """
    x1, x2 = as_tensor(x1), as_tensor(x2)
    return torch.outer(x1.flatten(), x2.flatten())


def _tensordot_spec(x1, x2, axes=2):
    dtype = result_type(dtype_of(x1), dtype_of(x2))
    if isinstance(axes, int):
        return KerasTensor(x1.shape[:x1.ndim - axes] + x2.shape[axes:], dtype=dtype)
    first, second = ([a] if isinstance(a, int) else list(a) for a in axes)
    first = {canonicalize_axis(a, x1.ndim) for a in first}
    second = {canonicalize_axis(a, x2.ndim) for a in second}
    return KerasTensor([d for i, d in enumerate(x1.shape) if i not in first]
                       + [d for i, d in enumerate(x2.shape) if i not in second], dtype=dtype)


@keras_export("keras.ops.tensordot", "keras.ops.numpy.tensordot")
@keras_op(NUMPY, static=("axes",), spec=_tensordot_spec)
def tensordot(x1, x2, axes=2):
    """Tensor contraction over the given axes.

    Args:
        x1: First tensor.
        x2: Second tensor.
        axes: An int `N` (the last `N` axes of `x1` with the first `N` of
            `x2`), or a pair of axis lists `(axes_1, axes_2)`.

    Returns:
        The contraction.

    Example:

    >>> kerastorch.ops.tensordot(torch.ones(2, 3), torch.ones(3, 4), axes=1).shape
    torch.Size([2, 4])
    """
    x1, x2, result = _in_float(x1, x2)
    if isinstance(axes, (list, tuple)):
        first, second = axes
        axes = (first if isinstance(first, (list, tuple)) else (first,),
                second if isinstance(second, (list, tuple)) else (second,))
    return torch.tensordot(x1, x2, dims=axes).to(result)


def _einsum_spec(*operands, subscripts):
    inputs, arrow, output = subscripts.replace(" ", "").partition("->")
    inputs = inputs.split(",")
    sizes, ellipsis = {}, []
    for spec, x in zip(inputs, operands):
        head, dots, tail = spec.partition("...")
        shape = list(getattr(x, "shape", ()))
        middle = len(shape) - len(tail)
        if dots:
            ellipsis = broadcast_shapes(ellipsis, shape[len(head):middle])
        for letter, size in zip(head + tail, shape[:len(head)] + shape[middle:]):
            sizes[letter] = broadcast_shapes([sizes.get(letter, 1)], [size])[0]
    if not arrow:
        letters = "".join(inputs).replace(".", "")
        output = ("..." if ellipsis else "") + "".join(
            sorted(c for c in set(letters) if letters.count(c) == 1))
    head, dots, tail = output.partition("...")
    shape = [sizes[c] for c in head] + (ellipsis if dots else []) + [sizes[c] for c in tail]
    dtypes = {str(dtype_of(x)) for x in operands}
    dtype = "int32" if dtypes == {"int8"} else result_type(*(dtype_of(x) for x in operands))
    return KerasTensor(shape, dtype=dtype)


@keras_op(NUMPY, class_name="Einsum", static=("subscripts",), spec=_einsum_spec)
def _einsum(*operands, subscripts):
    operands = [as_tensor(operand) for operand in operands]
    if all(operand.dtype is torch.int8 for operand in operands):
        # As Keras: int8 operands give int32 (computed in floats on CUDA).
        compute = torch.float32 if operands[0].device.type == "cuda" else torch.int32
        return torch.einsum(subscripts, *(o.to(compute) for o in operands)).to(torch.int32)
    return torch.einsum(subscripts, *operands)


@keras_export("keras.ops.einsum", "keras.ops.numpy.einsum")
def einsum(subscripts, *operands, **kwargs):
    """Einstein summation over the operands.

    Args:
        subscripts: The summation, as `"ij,jk->ik"`.
        *operands: The tensors.
        **kwargs: Ignored (accepted for API compatibility with Keras).

    Returns:
        The result of the summation.

    Example:

    >>> kerastorch.ops.einsum("ij,jk->ik", torch.ones(2, 3), torch.ones(3, 4)).shape
    torch.Size([2, 4])
    """
    return _einsum(*operands, subscripts=subscripts)


@keras_export("keras.ops.kron", "keras.ops.numpy.kron")
@keras_op(NUMPY)
def kron(x1, x2):
    """Kronecker product of two tensors.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The block tensor of `x1[i] * x2` blocks.

    Example:

    >>> kerastorch.ops.kron(torch.tensor([1, 2]), torch.tensor([1, 10]))
    tensor([ 1, 10,  2, 20])
    """
    return torch.kron(as_tensor(x1), as_tensor(x2))


def _cross_spec(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    shape1, shape2 = list(x1.shape), list(x2.shape)
    size1, size2 = shape1.pop(axisa), shape2.pop(axisb)
    shape = broadcast_shapes(shape1, shape2)
    if 3 in (size1, size2):
        shape.insert(canonicalize_axis(axisc, len(shape) + 1), 3)
    return KerasTensor(shape, dtype=result_type(x1.dtype, x2.dtype))


@keras_export("keras.ops.cross", "keras.ops.numpy.cross")
@keras_op(NUMPY, static=("axisa", "axisb", "axisc", "axis"), spec=_cross_spec)
def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 3-vectors along an axis.

    Args:
        x1: First tensor of 3-vectors.
        x2: Second tensor of 3-vectors (broadcast with `x1`).
        axisa: Must be -1 (unsupported on torch, as in Keras).
        axisb: Must be -1.
        axisc: Must be -1.
        axis: The vectors' axis (default: the last).

    Returns:
        The cross products.

    Example:

    >>> kerastorch.ops.cross(torch.tensor([1.0, 0.0, 0.0]), torch.tensor([0.0, 1.0, 0.0]))
    tensor([0., 0., 1.])
    """
    if axisa != -1 or axisb != -1 or axisc != -1:
        raise ValueError(
            "Torch backend does not support `axisa`, `axisb`, or `axisc`. Received: "
            f"axisa={axisa}, axisb={axisb}, axisc={axisc}. Please use `axis` arg in torch "
            "backend."
        )
    x1, x2 = as_tensor(x1), as_tensor(x2)
    result = promoted_dtype(x1.dtype, x2.dtype)
    compute = torch.float32 if result in (torch.float16, torch.bfloat16) else result
    crossed = torch.linalg.cross(x1.to(compute), x2.to(compute), dim=-1 if axis is None else axis)
    return crossed.to(result)


@keras_export("keras.ops.trace", "keras.ops.numpy.trace")
@keras_op(NUMPY, static=("offset", "axis1", "axis2"))
def trace(x, offset=0, axis1=0, axis2=1):
    """Sum along a diagonal.

    Args:
        x: Input tensor, at least 2-D.
        offset: Diagonal offset (positive: above the main diagonal).
        axis1: First axis of the 2-D planes.
        axis2: Second axis of the 2-D planes.

    Returns:
        The sums (bool and small ints as int32).

    Example:

    >>> kerastorch.ops.trace(torch.eye(3))
    tensor(3.)
    """
    x = as_tensor(x)
    return torch.sum(torch.diagonal(x, offset, axis1, axis2), dim=-1,
                     dtype=WIDENED_DTYPES.get(x.dtype, x.dtype))


@keras_export("keras.ops.slogdet", "keras.ops.numpy.slogdet")
@keras_op(NUMPY)
def slogdet(x):
    """Sign and natural log of the absolute value of the determinant.

    Args:
        x: Square matrices, `(..., n, n)`.

    Returns:
        A tuple `(sign, logabsdet)`.

    Example:

    >>> kerastorch.ops.slogdet(2 * torch.eye(2))
    (tensor(1.), tensor(1.3863))
    """
    return tuple(torch.linalg.slogdet(as_tensor(x)))
