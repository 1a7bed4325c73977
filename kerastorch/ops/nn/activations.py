"""Activation ops of `keras.ops.nn` (`relu`, `gelu`, `softmax`, ...).

Each op computes as the activation of the same name in `kerastorch.activations`
(torch's fused kernels, Keras's maths), after converting its input as Keras's
torch backend does; on KerasTensors it records Keras's op node.
"""

import torch
import torch.nn.functional as F

from kerastorch import activations
from kerastorch.api_export import keras_export
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NN = "keras.src.ops.nn"


@keras_export("keras.ops.relu", "keras.ops.nn.relu")
@keras_op(NN)
def relu(x):
    """Rectified linear unit, `max(x, 0)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.relu(torch.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """
    return F.relu(as_tensor(x))  # `activations.relu` with its defaults, one call less.


@keras_export("keras.ops.relu6", "keras.ops.nn.relu6")
@keras_op(NN)
def relu6(x):
    """Rectified linear unit capped at 6, `min(max(x, 0), 6)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.relu6(torch.tensor([-1.0, 8.0]))
    tensor([0., 6.])
    """
    return activations.relu6(as_tensor(x))


@keras_export("keras.ops.sigmoid", "keras.ops.nn.sigmoid")
@keras_op(NN)
def sigmoid(x):
    """Sigmoid, `1 / (1 + exp(-x))`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.sigmoid(torch.tensor([0.0]))
    tensor([0.5000])
    """
    return activations.sigmoid(as_tensor(x))


@keras_export("keras.ops.sparse_sigmoid", "keras.ops.nn.sparse_sigmoid")
@keras_op(NN)
def sparse_sigmoid(x):
    """Sparse sigmoid, `0.5 * (x + 1)` clipped to `[0, 1]`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.sparse_sigmoid(torch.tensor([-2.0, 0.0]))
    tensor([0.0000, 0.5000])
    """
    return activations.sparse_sigmoid(as_tensor(x))


@keras_export("keras.ops.softplus", "keras.ops.nn.softplus")
@keras_op(NN)
def softplus(x):
    """Softplus, `log(exp(x) + 1)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.softplus(torch.tensor([0.0]))
    tensor([0.6931])
    """
    return activations.softplus(as_tensor(x))


@keras_export("keras.ops.softsign", "keras.ops.nn.softsign")
@keras_op(NN)
def softsign(x):
    """Softsign, `x / (abs(x) + 1)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.softsign(torch.tensor([1.0]))
    tensor([0.5000])
    """
    return activations.softsign(as_tensor(x))


@keras_export("keras.ops.soft_shrink", "keras.ops.nn.soft_shrink")
@keras_op(NN, static=("threshold",))
def soft_shrink(x, threshold=0.5):
    """Soft shrinkage: `x - threshold` above `threshold`, `x + threshold` below `-threshold`, else 0.

    Args:
        x: Input tensor.
        threshold: Threshold value.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.soft_shrink(torch.tensor([-1.0, 0.2]))
    tensor([-0.5000,  0.0000])
    """
    return activations.soft_shrink(as_tensor(x), threshold)


@keras_export("keras.ops.sparse_plus", "keras.ops.nn.sparse_plus")
@keras_op(NN)
def sparse_plus(x):
    """SparsePlus: 0 below -1, `(x + 1)**2 / 4` on `(-1, 1)`, `x` above.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.sparse_plus(torch.tensor([0.0]))
    tensor([0.2500])
    """
    return activations.sparse_plus(as_tensor(x))


@keras_export("keras.ops.silu", "keras.ops.nn.silu", "keras.ops.swish", "keras.ops.nn.swish")
@keras_op(NN)
def silu(x):
    """Sigmoid linear unit (swish), `x * sigmoid(x)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.silu(torch.tensor([0.0]))
    tensor([0.])
    """
    return activations.silu(as_tensor(x))


swish = silu


@keras_export("keras.ops.squareplus", "keras.ops.nn.squareplus")
@keras_op(NN, static=("b",))
def squareplus(x, b=4):
    """Squareplus, `(x + sqrt(x**2 + b)) / 2`.

    Args:
        x: Input tensor.
        b: Smoothness parameter.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.squareplus(torch.tensor([0.0]))
    tensor([1.])
    """
    return activations.squareplus(as_tensor(x), b)


@keras_export("keras.ops.log_sigmoid", "keras.ops.nn.log_sigmoid")
@keras_op(NN)
def log_sigmoid(x):
    """Logarithm of the sigmoid, `-softplus(-x)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.log_sigmoid(torch.tensor([0.0]))
    tensor([-0.6931])
    """
    return activations.log_sigmoid(as_tensor(x))


@keras_export("keras.ops.leaky_relu", "keras.ops.nn.leaky_relu")
@keras_op(NN, static=("negative_slope",))
def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: `x` for `x >= 0`, `negative_slope * x` otherwise.

    Args:
        x: Input tensor.
        negative_slope: Slope for negative values.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.leaky_relu(torch.tensor([-1.0]))
    tensor([-0.2000])
    """
    return activations.leaky_relu(as_tensor(x), negative_slope)


@keras_export("keras.ops.hard_sigmoid", "keras.ops.nn.hard_sigmoid")
@keras_op(NN)
def hard_sigmoid(x):
    """Hard sigmoid, `relu6(x + 3) / 6`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.hard_sigmoid(torch.tensor([0.0]))
    tensor([0.5000])
    """
    return activations.hard_sigmoid(as_tensor(x))


@keras_export("keras.ops.hard_silu", "keras.ops.nn.hard_silu", "keras.ops.hard_swish", "keras.ops.nn.hard_swish")
@keras_op(NN)
def hard_silu(x):
    """Hard SiLU (hard swish), `x * relu6(x + 3) / 6`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.hard_silu(torch.tensor([1.0]))
    tensor([0.6667])
    """
    return activations.hard_silu(as_tensor(x))


hard_swish = hard_silu


@keras_export("keras.ops.elu", "keras.ops.nn.elu")
@keras_op(NN, static=("alpha",))
def elu(x, alpha=1.0):
    """Exponential linear unit: `x` for `x > 0`, `alpha * (exp(x) - 1)` otherwise.

    Args:
        x: Input tensor.
        alpha: Scale of the negative section.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.elu(torch.tensor([-1.0]))
    tensor([-0.6321])
    """
    return activations.elu(as_tensor(x), alpha)


@keras_export("keras.ops.selu", "keras.ops.nn.selu")
@keras_op(NN)
def selu(x):
    """Scaled exponential linear unit.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.selu(torch.tensor([1.0]))
    tensor([1.0507])
    """
    return activations.selu(as_tensor(x))


@keras_export("keras.ops.gelu", "keras.ops.nn.gelu")
@keras_op(NN, static=("approximate",))
def gelu(x, approximate=True):
    """Gaussian error linear unit (tanh approximation by default, as Keras's op).

    Args:
        x: Input tensor.
        approximate: Whether to use the tanh approximation.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.gelu(torch.tensor([1.0]))
    tensor([0.8412])
    """
    return activations.gelu(as_tensor(x), approximate)


@keras_export("keras.ops.celu", "keras.ops.nn.celu")
@keras_op(NN, static=("alpha",))
def celu(x, alpha=1.0):
    """Continuously differentiable ELU: `alpha * (exp(x / alpha) - 1)` for `x < 0`.

    Args:
        x: Input tensor.
        alpha: Scale of the negative section.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.celu(torch.tensor([-1.0]))
    tensor([-0.6321])
    """
    return activations.celu(as_tensor(x), alpha)


@keras_export("keras.ops.glu", "keras.ops.nn.glu")
@keras_op(NN, static=("axis",))
def glu(x, axis=-1):
    """Gated linear unit: `a * sigmoid(b)` for `x` split in halves `a`, `b` along `axis`.

    Args:
        x: Input tensor.
        axis: The axis (axes) the function normalises over.

    Returns:
        A tensor of half the size of `x` along `axis`.

    Example:

    >>> kerastorch.ops.glu(torch.tensor([1.0, 0.0]))
    tensor([0.5000])
    """
    # torch's own error for an odd axis size (a RuntimeError), as Keras's op raises.
    return F.glu(as_tensor(x), axis)


@keras_export("keras.ops.tanh_shrink", "keras.ops.nn.tanh_shrink")
@keras_op(NN)
def tanh_shrink(x):
    """Tanh shrink, `x - tanh(x)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.tanh_shrink(torch.tensor([0.0]))
    tensor([0.])
    """
    return activations.tanh_shrink(as_tensor(x))


@keras_export("keras.ops.hard_tanh", "keras.ops.nn.hard_tanh")
@keras_op(NN)
def hard_tanh(x):
    """Hard tanh, `x` clipped to `[-1, 1]`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.hard_tanh(torch.tensor([-2.0, 0.5]))
    tensor([-1.0000,  0.5000])
    """
    return activations.hard_tanh(as_tensor(x))


@keras_export("keras.ops.hard_shrink", "keras.ops.nn.hard_shrink")
@keras_op(NN, static=("threshold",))
def hard_shrink(x, threshold=0.5):
    """Hard shrinkage: `x` where `abs(x) > threshold`, else 0.

    Args:
        x: Input tensor.
        threshold: Threshold value.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.hard_shrink(torch.tensor([-1.0, 0.2]))
    tensor([-1.,  0.])
    """
    return activations.hard_shrink(as_tensor(x), threshold)


@keras_export("keras.ops.threshold", "keras.ops.nn.threshold")
@keras_op(NN, static=("threshold", "default_value"))
def threshold(x, threshold, default_value):
    """Thresholding: `x` where `x > threshold`, `default_value` elsewhere.

    Args:
        x: Input tensor.
        threshold: Threshold value.
        default_value: Value given where `x <= threshold`.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.threshold(torch.tensor([1.0, 3.0]), 2.0, 0.0)
    tensor([0., 3.])
    """
    return activations.threshold(as_tensor(x), threshold, default_value)


@keras_export("keras.ops.softmax", "keras.ops.nn.softmax")
@keras_op(NN, static=("axis",))
def softmax(x, axis=-1):
    """Softmax, `exp(x) / sum(exp(x))` over `axis` (an int, a tuple of axes normalised jointly, or `None` for all).

    Args:
        x: Input tensor.
        axis: The axis (axes) the function normalises over.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.softmax(torch.tensor([0.0, 0.0]))
    tensor([0.5000, 0.5000])
    """
    if type(x) is torch.Tensor and type(axis) is int and x.dtype is torch.float32 \
            and x.shape[axis] != 1:
        return F.softmax(x, axis)  # The common case, without `activations.softmax`'s checks.
    return activations.softmax(as_tensor(x), axis)


@keras_export("keras.ops.log_softmax", "keras.ops.nn.log_softmax")
@keras_op(NN, static=("axis",))
def log_softmax(x, axis=-1):
    """Log-softmax, `x - logsumexp(x)` over `axis` (an int, a tuple of axes, or `None`).

    Args:
        x: Input tensor.
        axis: The axis (axes) the function normalises over.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.log_softmax(torch.tensor([0.0, 0.0]))
    tensor([-0.6931, -0.6931])
    """
    return activations.log_softmax(as_tensor(x), axis)


@keras_export("keras.ops.sparsemax", "keras.ops.nn.sparsemax")
@keras_op(NN, static=("axis",))
def sparsemax(x, axis=-1):
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex along `axis`.

    Args:
        x: Input tensor.
        axis: The axis (axes) the function normalises over.

    Returns:
        A tensor of the same shape as `x`.

    Example:

    >>> kerastorch.ops.sparsemax(torch.tensor([0.0, 0.5, 1.0]))
    tensor([0.0000, 0.2500, 0.7500])
    """
    return activations.sparsemax(as_tensor(x), axis)
