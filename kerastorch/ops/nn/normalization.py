"""Normalization ops of `keras.ops.nn`: `moments`, `batch_normalization`,
`layer_normalization`, `rms_normalization`, `normalize`.

Statistics are computed in at least float32 and returned in the input's
dtype, as in Keras. Layer and RMS normalization run on torch's fused
`F.layer_norm` / `F.rms_norm` over a view with the normalized axes moved last
(the normalization layers' helpers), so any axes work.
"""

import warnings

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.layers.normalization.base_normalization import (
    at_least_float32,
    move_axes_last,
)
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NN = "keras.src.ops.nn"
_FLOAT16_MAX = torch.finfo(torch.float16).max


@keras_export("keras.ops.moments", "keras.ops.nn.moments")
@keras_op(NN, static=("axes", "keepdims", "synchronized"))
def moments(x, axes, keepdims=False, synchronized=False):
    """Mean and variance of `x` over `axes`.

    Args:
        x: Input tensor.
        axes: List of axes to reduce over.
        keepdims: Whether reduced axes are kept with size 1.
        synchronized: Unsupported on torch (raises `NotImplementedError`), as in Keras.

    Returns:
        A tuple `(mean, variance)`, in the input's dtype (float16 is reduced in
        float32 and clipped to the float16 range).

    Example:

    >>> kerastorch.ops.moments(torch.tensor([1.0, 2.0, 3.0]), axes=[0])
    (tensor(2.), tensor(0.6667))
    """
    if synchronized:
        raise NotImplementedError("Argument synchronized=True is not supported with PyTorch.")
    x = as_tensor(x)
    half = x.dtype is torch.float16
    if half:
        x = x.float()
    dims = tuple(axes) if isinstance(axes, (list, tuple)) else axes
    mean = torch.mean(x, dim=dims, keepdim=True)
    # E[x^2] - E[x]^2, Keras's formula (not torch.var's two passes).
    variance = torch.mean(torch.square(x), dim=dims, keepdim=True) - torch.square(mean)
    if not keepdims:
        mean, variance = torch.squeeze(mean, dims), torch.squeeze(variance, dims)
    if half:
        mean = torch.clip(mean, -_FLOAT16_MAX, _FLOAT16_MAX).half()
        variance = torch.clip(variance, -_FLOAT16_MAX, _FLOAT16_MAX).half()
    return mean, variance


@keras_export("keras.ops.batch_normalization", "keras.ops.nn.batch_normalization")
def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """Normalizes `x` with given statistics: `(x - mean) / sqrt(variance + epsilon) * scale + offset`.

    Args:
        x: Input tensor.
        mean: 1-D tensor of means, one per index of `axis`.
        variance: 1-D tensor of variances.
        axis: The feature axis of `x`.
        offset: Optional 1-D tensor added after scaling.
        scale: Optional 1-D tensor of scales.
        epsilon: Small float added to the variance.

    Returns:
        The normalized tensor.

    Example:

    >>> kerastorch.ops.batch_normalization(torch.tensor([[1.0, 2.0]]), torch.tensor([1.0, 0.0]),
    ...                                    torch.tensor([1.0, 4.0]), axis=-1, epsilon=0.0)
    tensor([[0., 1.]])
    """
    return _batch_norm(x, mean, variance, offset, scale, axis, epsilon)


@keras_op(NN, class_name="BatchNorm", static=("axis", "epsilon"))
def _batch_norm(x, mean, variance, offset, scale, axis, epsilon):
    x = as_tensor(x)
    shape = [1] * x.ndim
    shape[axis] = -1
    inv = torch.rsqrt(as_tensor(variance).reshape(shape) + epsilon)
    if scale is not None:
        inv = inv * as_tensor(scale).reshape(shape)
    outputs = (x - as_tensor(mean).reshape(shape)) * inv
    if offset is not None:
        outputs = outputs + as_tensor(offset).reshape(shape)
    return outputs


def _normalized_axes(axis):
    return sorted(axis) if isinstance(axis, (list, tuple)) else [axis]


@keras_export("keras.ops.layer_normalization", "keras.ops.nn.layer_normalization")
def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """Layer normalization: `(x - mean) / sqrt(var + epsilon) * gamma + beta` over `axis`.

    Args:
        x: Input tensor.
        gamma: Optional scale, shaped like the normalized axes.
        beta: Optional offset, shaped like the normalized axes.
        axis: Int or list of ints, the normalized axes.
        epsilon: Small float added to the variance (default:
            `keras.config.epsilon()`).
        **kwargs: `rms_scaling=True`, deprecated as in Keras: `x / sqrt(var + epsilon) * gamma`.

    Returns:
        The normalized tensor, in the input's dtype.

    Example:

    >>> kerastorch.ops.layer_normalization(torch.tensor([[1.0, 3.0]]), epsilon=0.0)
    tensor([[-1.,  1.]])
    """
    rms_scaling = kwargs.pop("rms_scaling", False)
    if rms_scaling:
        warnings.warn(
            "You passed `rms_scaling=True`, which is deprecated. This argument incorrectly "
            "scales the input by the variance, not the root mean square. To correctly use RMS "
            "Normalization, please use `keras.ops.rms_normalization` / "
            "`keras.ops.nn.rms_normalization` instead.")
    return _layer_norm(x, gamma, beta, axis, epsilon, rms_scaling)


@keras_op(NN, class_name="LayerNorm", static=("axis", "epsilon", "rms_scaling"))
def _layer_norm(x, gamma, beta, axis, epsilon, rms_scaling):
    x = as_tensor(x)
    axes = _normalized_axes(axis)
    moved, restore = move_axes_last(at_least_float32(x), axes)
    normalized_shape = moved.shape[moved.ndim - len(axes):]
    gamma = None if gamma is None else as_tensor(gamma).to(moved.dtype)
    beta = None if beta is None else as_tensor(beta).to(moved.dtype)
    epsilon = config.epsilon() if epsilon is None else epsilon
    if rms_scaling:
        dims = tuple(range(-len(axes), 0))
        outputs = moved * torch.rsqrt(torch.var(moved, dim=dims, correction=0, keepdim=True)
                                      + epsilon)
        if gamma is not None:
            outputs = outputs * gamma
    else:
        outputs = F.layer_norm(moved, normalized_shape, gamma, beta, epsilon)
    return restore(outputs).to(x.dtype)


@keras_export("keras.ops.rms_normalization", "keras.ops.nn.rms_normalization")
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Root-mean-square normalization: `x / sqrt(mean(x**2) + epsilon) * scale` over `axis`.

    Args:
        x: Input tensor.
        scale: Optional scale, shaped like the normalized axes.
        axis: Int or list of ints, the normalized axes.
        epsilon: Small float added to the mean square (default:
            `keras.config.epsilon()`).

    Returns:
        The normalized tensor, in the input's dtype.

    Example:

    >>> kerastorch.ops.rms_normalization(torch.tensor([[3.0, 4.0]]), epsilon=0.0)
    tensor([[0.8485, 1.1314]])
    """
    return _rms_norm(x, scale, axis, epsilon)


@keras_op(NN, class_name="RMSNorm", static=("axis", "epsilon"))
def _rms_norm(x, scale, axis, epsilon):
    x = as_tensor(x)
    axes = _normalized_axes(axis)
    moved, restore = move_axes_last(at_least_float32(x), axes)
    normalized_shape = moved.shape[moved.ndim - len(axes):]
    scale = None if scale is None else as_tensor(scale).to(moved.dtype)
    outputs = F.rms_norm(moved, normalized_shape, scale,
                         config.epsilon() if epsilon is None else epsilon)
    return restore(outputs).to(x.dtype)


@keras_export("keras.ops.normalize", "keras.ops.nn.normalize")
@keras_op(NN, static=("axis", "order", "epsilon"))
def normalize(x, axis=-1, order=2, epsilon=None):
    """Scales `x` to unit `order`-norm along `axis`.

    Args:
        x: Input tensor.
        axis: Int or tuple of ints, the axes the norm is taken over.
        order: Int >= 1, the norm's order.
        epsilon: Lower bound of the norm (default: `keras.config.epsilon()`).

    Returns:
        `x / max(norm(x), epsilon)`.

    Example:

    >>> kerastorch.ops.normalize(torch.tensor([3.0, 4.0]))
    tensor([0.6000, 0.8000])
    """
    if not isinstance(order, int) or not order >= 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    x = as_tensor(x)
    if x.ndim == 0:
        x = x.unsqueeze(0)
    if epsilon is None:
        epsilon = config.epsilon()
    dims = tuple(axis) if isinstance(axis, list) else axis
    if order == 2:
        inv_norm = torch.rsqrt(torch.sum(torch.square(x), dim=dims, keepdim=True))
        return x * torch.clamp(inv_norm, max=1.0 / epsilon)
    norm = torch.linalg.vector_norm(x, ord=order, dim=dims, keepdim=True)
    return x / torch.clamp(norm, min=epsilon)
