"""Self-gated activations: the input scaled by a gate computed from itself."""

import torch
import torch.nn.functional as F

from kerastorch.activations._utils import as_tensor
from kerastorch.api_export import keras_export


@keras_export("keras.activations.silu", "keras.activations.swish")
def silu(x: torch.Tensor) -> torch.Tensor:
    """Swish (or SiLU): `x * sigmoid(x)`.

    Also available as `swish`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Ramachandran et al., 2017](https://arxiv.org/abs/1710.05941)

    Example:

    >>> silu(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.2689,  0.0000,  0.7311])
    """
    return F.silu(as_tensor(x))


@keras_export("keras.activations.hard_silu", "keras.activations.hard_swish")
def hard_silu(x: torch.Tensor) -> torch.Tensor:
    """Hard SiLU (hard swish): `x * relu6(x + 3) / 6`.

    `0` for `x < -3`, `x` for `x > 3`, `x * (x + 3) / 6` in between. Also
    available as `hard_swish`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Howard et al., 2019](https://arxiv.org/abs/1905.02244)

    Example:

    >>> hard_silu(torch.tensor([-4.0, 0.0, 1.0, 4.0]))
    tensor([-0.0000,  0.0000,  0.6667,  4.0000])
    """
    return F.hardswish(as_tensor(x))


@keras_export("keras.activations.gelu")
def gelu(x: torch.Tensor, approximate: bool = False) -> torch.Tensor:
    """Gaussian error linear unit: `x * P(X <= x)` with `X ~ N(0, 1)`.

    Exact: `0.5 * x * (1 + erf(x / sqrt(2)))`; with `approximate=True` the
    tanh approximation `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))`.

    Args:
        x: Input tensor.
        approximate: Whether to use the tanh approximation.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Hendrycks et al., 2016](https://arxiv.org/abs/1606.08415)

    Example:

    >>> gelu(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.1587,  0.0000,  0.8413])
    """
    return F.gelu(as_tensor(x), approximate="tanh" if approximate else "none")


@keras_export("keras.activations.mish")
def mish(x: torch.Tensor) -> torch.Tensor:
    """Mish: `x * tanh(softplus(x))`.

    Args:
        x: Input tensor.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:
        [Misra, 2019](https://arxiv.org/abs/1908.08681)

    Example:

    >>> mish(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.3034,  0.0000,  0.8651])
    """
    return F.mish(as_tensor(x))


@keras_export("keras.activations.glu")
def glu(x: torch.Tensor, axis: int = -1) -> torch.Tensor:
    """Gated linear unit: `a * sigmoid(b)`, `x` split in halves `a`, `b` along `axis`.

    Args:
        x: Input tensor; its size along `axis` must be even.
        axis: The axis along which to split `x`.

    Returns:
        A tensor of half the size of `x` along `axis`.

    Reference:
        [Dauphin et al., 2017](https://arxiv.org/abs/1612.08083)

    Example:

    >>> glu(torch.tensor([[1.0, 2.0, 0.0, 1.0]]))
    tensor([[0.5000, 1.4621]])
    """
    x = as_tensor(x)
    if x.shape[axis] % 2 != 0:
        raise ValueError(
            "axis size must be divisible by 2. "
            f"Received: x.shape={tuple(x.shape)} with axis={axis}"
        )
    return F.glu(x, dim=axis)
