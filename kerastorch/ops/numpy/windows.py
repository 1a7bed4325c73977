"""Window functions of `keras.ops`: `bartlett`, `blackman`, `hamming`, `hanning`,
`kaiser` (symmetric windows, as NumPy's)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.device import get_device
from kerastorch.backend.keras_tensor import KerasTensor


def _length(x, name: str) -> int:
    if isinstance(x, KerasTensor):
        raise TypeError(
            f"{name} operation does not support symbolic tensors. Received input x = {x} "
            f"of type {type(x)}"
        )
    return int(x)


@keras_export("keras.ops.bartlett", "keras.ops.numpy.bartlett")
def bartlett(x):
    """The Bartlett (triangular) window.

    Args:
        x: Number of points.

    Returns:
        A 1-D float32 tensor of `x` points.

    Example:

    >>> kerastorch.ops.bartlett(5)
    tensor([0.0000, 0.5000, 1.0000, 0.5000, 0.0000])
    """
    return torch.signal.windows.bartlett(_length(x, "Bartlett"), device=get_device())


@keras_export("keras.ops.blackman", "keras.ops.numpy.blackman")
def blackman(x):
    """The Blackman window.

    Args:
        x: Number of points.

    Returns:
        A 1-D float32 tensor of `x` points.

    Example:

    >>> kerastorch.ops.blackman(3)
    tensor([-1.4901e-08,  1.0000e+00, -1.4901e-08])
    """
    return torch.signal.windows.blackman(_length(x, "Blackman"), device=get_device())


@keras_export("keras.ops.hamming", "keras.ops.numpy.hamming")
def hamming(x):
    """The Hamming window.

    Args:
        x: Number of points.

    Returns:
        A 1-D float32 tensor of `x` points.

    Example:

    >>> kerastorch.ops.hamming(3)
    tensor([0.0800, 1.0000, 0.0800])
    """
    return torch.signal.windows.hamming(_length(x, "Hamming"), device=get_device())


@keras_export("keras.ops.hanning", "keras.ops.numpy.hanning")
def hanning(x):
    """The Hann window.

    Args:
        x: Number of points.

    Returns:
        A 1-D float32 tensor of `x` points.

    Example:

    >>> kerastorch.ops.hanning(3)
    tensor([0., 1., 0.])
    """
    return torch.signal.windows.hann(_length(x, "Hanning"), device=get_device())


@keras_export("keras.ops.kaiser", "keras.ops.numpy.kaiser")
def kaiser(x, beta):
    """The Kaiser window.

    Args:
        x: Number of points.
        beta: Shape parameter.

    Returns:
        A 1-D float32 tensor of `x` points.

    Example:

    >>> kerastorch.ops.kaiser(3, beta=0.0)
    tensor([1., 1., 1.])
    """
    return torch.signal.windows.kaiser(_length(x, "Kaiser"), beta=beta, device=get_device())
