"""Complex-number parts of `keras.ops` (`real`, `imag`, `angle`, `conjugate`)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.ops.numpy.elementwise import elementwise_op, float_result, same
from kerastorch.ops.tensor_args import as_tensor


@keras_export("keras.ops.real", "keras.ops.numpy.real")
@elementwise_op(dtype=same)
def real(x):
    """Real part of each element (real tensors are returned as they are).

    Args:
        x: Input tensor.

    Returns:
        The real parts.

    Example:

    >>> kerastorch.ops.real(torch.tensor([1 + 2j]))
    tensor([1.])
    """
    return torch.real(as_tensor(x))


@keras_export("keras.ops.imag", "keras.ops.numpy.imag")
@elementwise_op(dtype=same)
def imag(x):
    """Imaginary part of each element of a complex tensor.

    Args:
        x: Complex input tensor.

    Returns:
        The imaginary parts.

    Example:

    >>> kerastorch.ops.imag(torch.tensor([1 + 2j]))
    tensor([2.])
    """
    return torch.imag(as_tensor(x))


@keras_export("keras.ops.angle", "keras.ops.numpy.angle")
@elementwise_op(dtype=float_result)
def angle(x):
    """Argument (phase angle) of each element, in radians.

    Args:
        x: Input tensor (real numbers have angle 0 or pi).

    Returns:
        The angles, in `(-pi, pi]`.

    Example:

    >>> kerastorch.ops.angle(torch.tensor([1j, -1 + 0j]))
    tensor([1.5708, 3.1416])
    """
    x = as_tensor(x)
    if x.dtype is torch.float16 and x.device.type != "cpu":
        # As Keras: no half `angle` on accelerators.
        return torch.angle(x.to(torch.float32)).to(torch.float16)
    return torch.angle(x)


@keras_export("keras.ops.conjugate", "keras.ops.numpy.conjugate")
@elementwise_op(dtype=same)
def conjugate(x):
    """Complex conjugate of each element (real tensors unchanged).

    Args:
        x: Input tensor.

    Returns:
        The conjugates, materialised (not a lazy torch view).

    Example:

    >>> kerastorch.ops.conjugate(torch.tensor([1 + 2j]))
    tensor([1.-2.j])
    """
    return torch.conj(as_tensor(x)).resolve_conj()


@keras_export("keras.ops.conj", "keras.ops.numpy.conj")
def conj(x):
    """Complex conjugate of each element; the same as `conjugate`.

    Args:
        x: Input tensor.

    Returns:
        The conjugates.

    Example:

    >>> kerastorch.ops.conj(torch.tensor([3 - 1j]))
    tensor([3.+1.j])
    """
    return conjugate(x)
