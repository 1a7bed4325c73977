"""Pooling ops of `keras.ops.nn`: `max_pool`, `average_pool` and their adaptive forms.

The torch side is the pooling layers' (`F.max_pool*d` / `F.avg_pool*d` /
`F.adaptive_*_pool*d` on a channels_first view, TensorFlow-style "same"
padding as Keras's torch backend pads it).
"""

import math

from kerastorch.api_export import keras_export
from kerastorch.backend.config import standardize_data_format
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.pooling.base_adaptive_pooling import _ADAPTIVE_FUNCTIONS
from kerastorch.layers.pooling.base_pooling import _POOL_FUNCTIONS, _same_padding
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor
from kerastorch.utils.argument_validation import standardize_tuple

NN = "keras.src.ops.nn"
POOL_STATIC = ("pool_size", "strides", "padding", "data_format")


def _window(inputs, pool_size, strides):
    rank = len(inputs.shape) - 2
    pool_size = standardize_tuple(pool_size, rank, "pool_size")
    strides = pool_size if strides is None else standardize_tuple(strides, rank, "strides")
    return pool_size, strides


def _pool_spec(inputs, pool_size, strides, padding, data_format):
    pool_size, strides = _window(inputs, pool_size, strides)
    shape = inputs.shape
    spatial = shape[1:-1] if data_format == "channels_last" else shape[2:]
    output = []
    for size, pool, stride in zip(spatial, pool_size, strides):
        if size is None:
            output.append(None)
        elif padding == "same":
            output.append(math.floor((size - 1) / stride) + 1)
        else:
            output.append(math.floor((size - pool) / stride) + 1)
    if data_format == "channels_last":
        return KerasTensor((shape[0], *output, shape[-1]), dtype=inputs.dtype)
    return KerasTensor((shape[0], shape[1], *output), dtype=inputs.dtype)


def _pool(mode, inputs, pool_size, strides, padding, data_format):
    x = as_tensor(inputs)
    pool_size, strides = _window(x, pool_size, strides)
    channels_last = data_format == "channels_last"
    if channels_last:
        x = x.movedim(-1, 1)
    torch_padding = 0
    if padding == "same":
        x, torch_padding = _same_padding(x, pool_size, strides)
    pool = _POOL_FUNCTIONS[mode][len(pool_size)]
    if mode == "max":
        outputs = pool(x, pool_size, strides, torch_padding)
    else:
        outputs = pool(x, pool_size, strides, torch_padding, count_include_pad=False)
    return outputs.movedim(1, -1) if channels_last else outputs


@keras_export("keras.ops.max_pool", "keras.ops.nn.max_pool")
def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling over 1, 2 or 3 spatial axes (by the input's rank).

    Args:
        inputs: Tensor of rank N + 2, per `data_format`.
        pool_size: Int or tuple of N ints, the window size.
        strides: Int, tuple of N ints, or `None` (then `pool_size`).
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The pooled tensor.

    Example:

    >>> kerastorch.ops.max_pool(torch.ones(1, 4, 4, 3), 2).shape
    torch.Size([1, 2, 2, 3])
    """
    return _max_pool(inputs, pool_size, strides, padding.lower(),
                     standardize_data_format(data_format))


@keras_op(NN, class_name="MaxPool", static=POOL_STATIC, spec=_pool_spec)
def _max_pool(inputs, pool_size, strides, padding, data_format):
    return _pool("max", inputs, pool_size, strides, padding, data_format)


@keras_export("keras.ops.average_pool", "keras.ops.nn.average_pool")
def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling over 1, 2 or 3 spatial axes (padded positions not counted).

    Args:
        inputs: Tensor of rank N + 2, per `data_format`.
        pool_size: Int or tuple of N ints, the window size.
        strides: Int, tuple of N ints, or `None` (then `pool_size`).
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The pooled tensor.

    Example:

    >>> kerastorch.ops.average_pool(torch.ones(1, 4, 4, 3), 2).shape
    torch.Size([1, 2, 2, 3])
    """
    return _average_pool(inputs, pool_size, strides, padding.lower(),
                         standardize_data_format(data_format))


@keras_op(NN, class_name="AveragePool", static=POOL_STATIC, spec=_pool_spec)
def _average_pool(inputs, pool_size, strides, padding, data_format):
    return _pool("average", inputs, pool_size, strides, padding, data_format)


def _adaptive_spec(inputs, output_size, data_format):
    shape = inputs.shape
    if isinstance(output_size, int):
        output_size = (output_size,) * (len(shape) - 2)
    output_size = tuple(output_size)
    if data_format == "channels_last":
        return KerasTensor((shape[0], *output_size, shape[-1]), dtype=inputs.dtype)
    return KerasTensor((shape[0], shape[1], *output_size), dtype=inputs.dtype)


def _adaptive_pool(mode, inputs, output_size, data_format):
    x = as_tensor(inputs)
    rank = x.ndim - 2
    if not isinstance(output_size, int):
        output_size = standardize_tuple(output_size, rank, "output_size")
    elif rank > 1:
        output_size = (output_size,) * rank
    channels_last = data_format == "channels_last"
    outputs = _ADAPTIVE_FUNCTIONS[mode][rank](x.movedim(-1, 1) if channels_last else x,
                                              output_size)
    return outputs.movedim(1, -1) if channels_last else outputs


@keras_export("keras.ops.adaptive_max_pool", "keras.ops.nn.adaptive_max_pool")
def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed output size, whatever the input size (torch's windows).

    Args:
        inputs: Tensor of rank N + 2, per `data_format`.
        output_size: Int or tuple of N ints, the output's spatial size.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The pooled tensor.

    Example:

    >>> kerastorch.ops.adaptive_max_pool(torch.ones(1, 9, 7, 3), 4).shape
    torch.Size([1, 4, 4, 3])
    """
    return _adaptive_max_pool(inputs, output_size, standardize_data_format(data_format))


@keras_op(NN, class_name="AdaptiveMaxPool", static=("output_size", "data_format"),
          spec=_adaptive_spec)
def _adaptive_max_pool(inputs, output_size, data_format):
    return _adaptive_pool("max", inputs, output_size, data_format)


@keras_export("keras.ops.adaptive_average_pool", "keras.ops.nn.adaptive_average_pool")
def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed output size, whatever the input size (torch's windows).

    Args:
        inputs: Tensor of rank N + 2, per `data_format`.
        output_size: Int or tuple of N ints, the output's spatial size.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The pooled tensor.

    Example:

    >>> kerastorch.ops.adaptive_average_pool(torch.ones(1, 9, 7, 3), 4).shape
    torch.Size([1, 4, 4, 3])
    """
    return _adaptive_average_pool(inputs, output_size, standardize_data_format(data_format))


@keras_op(NN, class_name="AdaptiveAveragePool", static=("output_size", "data_format"),
          spec=_adaptive_spec)
def _adaptive_average_pool(inputs, output_size, data_format):
    return _adaptive_pool("average", inputs, output_size, data_format)
