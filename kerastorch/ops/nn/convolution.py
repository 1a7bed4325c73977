"""Convolution ops of `keras.ops.nn`: `conv`, `depthwise_conv`, `separable_conv`, `conv_transpose`.

Kernels are in Keras layout (`(*kernel_size, in, out)`, transposed ones
`(*kernel_size, out, in)`); the torch side is the convolution layers'
(`layers/convolutional/conv_ops.py`), which pads as Keras's torch backend
does. The public functions standardize `padding` and `data_format` before
recording a node, so node configs read like Keras's.
"""

from kerastorch.api_export import keras_export
from kerastorch.backend.config import standardize_data_format
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.convolutional import conv_ops
from kerastorch.layers.convolutional.conv_utils import (
    compute_conv_output_shape,
    compute_conv_transpose_output_shape,
)
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor
from kerastorch.utils.argument_validation import standardize_tuple

NN = "keras.src.ops.nn"
CONV_STATIC = ("strides", "padding", "data_format", "dilation_rate")


def _channels(shape, data_format):
    return shape[-1] if data_format == "channels_last" else shape[1]


def _check_input_channels(inputs, kernel, data_format, kernel_axis=-2):
    """Keras's check that the input has as many channels as the kernel expects
    (`kernel_axis` -2 for convolutions, -1 for transposed ones)."""
    channels = _channels(inputs.shape, data_format)
    kernel_channels = kernel.shape[kernel_axis]
    if channels is not None and kernel_channels is not None and channels != kernel_channels:
        raise ValueError(
            "The number of input channels must match the kernel's input channels. Received: "
            f"input channels={channels}, kernel input channels={kernel_channels}, "
            f"data_format='{data_format}'."
        )


def _conv_geometry(inputs, strides, dilation_rate):
    rank = len(inputs.shape) - 2
    return (standardize_tuple(strides, rank, "strides"),
            standardize_tuple(dilation_rate, rank, "dilation_rate"))


def _conv_spec(inputs, kernel, strides, padding, data_format, dilation_rate):
    _check_input_channels(inputs, kernel, data_format)
    strides, dilation_rate = _conv_geometry(inputs, strides, dilation_rate)
    shape = compute_conv_output_shape(inputs.shape, kernel.shape[-1], kernel.shape[:-2], strides,
                                      padding, data_format, dilation_rate)
    return KerasTensor(shape, dtype=inputs.dtype)


def _depthwise_spec(inputs, kernel, strides, padding, data_format, dilation_rate):
    _check_input_channels(inputs, kernel, data_format)
    strides, dilation_rate = _conv_geometry(inputs, strides, dilation_rate)
    shape = compute_conv_output_shape(inputs.shape, kernel.shape[-2] * kernel.shape[-1],
                                      kernel.shape[:-2], strides, padding, data_format,
                                      dilation_rate)
    return KerasTensor(shape, dtype=inputs.dtype)


def _separable_spec(inputs, depthwise_kernel, pointwise_kernel, strides, padding, data_format,
                    dilation_rate):
    depthwise = _depthwise_spec(inputs, depthwise_kernel, strides, padding, data_format,
                                dilation_rate)
    return _conv_spec(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _conv_transpose_spec(inputs, kernel, strides, padding, output_padding, data_format,
                         dilation_rate):
    _check_input_channels(inputs, kernel, data_format, kernel_axis=-1)
    strides, dilation_rate = _conv_geometry(inputs, strides, dilation_rate)
    rank = len(strides)
    if output_padding is not None:
        output_padding = standardize_tuple(output_padding, rank, "output_padding", allow_zero=True)
    shape = compute_conv_transpose_output_shape(inputs.shape, kernel.shape[-2], kernel.shape[:-2],
                                                strides, padding, output_padding, data_format,
                                                dilation_rate)
    return KerasTensor(shape, dtype=inputs.dtype)


@keras_export("keras.ops.conv", "keras.ops.nn.conv")
def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """General N-D convolution (1-D, 2-D or 3-D by the input's rank).

    Args:
        inputs: Tensor of rank N + 2, `(batch, *spatial, channels)` or
            `(batch, channels, *spatial)` per `data_format`.
        kernel: Tensor of shape `(*kernel_size, in_channels // groups, out_channels)`;
            groups are inferred from the input channels.
        strides: Int or tuple of N ints.
        padding: `"valid"` or `"same"` (TensorFlow-style, the extra pixel at the end).
        data_format: `"channels_last"` or `"channels_first"` (default:
            `keras.config.image_data_format()`).
        dilation_rate: Int or tuple of N ints.

    Returns:
        The convolved tensor, in `data_format`.

    Example:

    >>> kerastorch.ops.conv(torch.ones(2, 5, 5, 3), torch.ones(3, 3, 3, 4)).shape
    torch.Size([2, 3, 3, 4])
    """
    return _conv(inputs, kernel, strides, padding.lower(), standardize_data_format(data_format),
                 dilation_rate)


@keras_op(NN, class_name="Conv", static=CONV_STATIC, spec=_conv_spec)
def _conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = as_tensor(inputs), as_tensor(kernel)
    channels = _channels(inputs.shape, data_format)
    if channels % kernel.shape[-2] != 0:
        raise ValueError(f"Input channels ({channels}) must be divisible by kernel input "
                         f"channels ({kernel.shape[-2]})")
    strides, dilation_rate = _conv_geometry(inputs, strides, dilation_rate)
    return conv_ops.conv(inputs, kernel, None, strides, padding, dilation_rate,
                         channels // kernel.shape[-2], data_format)


@keras_export("keras.ops.depthwise_conv", "keras.ops.nn.depthwise_conv")
def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Depthwise convolution: each input channel convolved with its own filters.

    Args:
        inputs: Tensor of rank N + 2, per `data_format`.
        kernel: Tensor of shape `(*kernel_size, in_channels, depth_multiplier)`.
        strides: Int or tuple of N ints.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`.
        dilation_rate: Int or tuple of N ints.

    Returns:
        The tensor of `in_channels * depth_multiplier` channels.

    Example:

    >>> kerastorch.ops.depthwise_conv(torch.ones(2, 5, 5, 3), torch.ones(3, 3, 3, 2)).shape
    torch.Size([2, 3, 3, 6])
    """
    return _depthwise_conv(inputs, kernel, strides, padding.lower(),
                           standardize_data_format(data_format), dilation_rate)


@keras_op(NN, class_name="DepthwiseConv", static=CONV_STATIC, spec=_depthwise_spec)
def _depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = as_tensor(inputs), as_tensor(kernel)
    _check_input_channels(inputs, kernel, data_format)
    strides, dilation_rate = _conv_geometry(inputs, strides, dilation_rate)
    return conv_ops.depthwise_conv(inputs, kernel, None, strides, padding, dilation_rate,
                                   data_format)


@keras_export("keras.ops.separable_conv", "keras.ops.nn.separable_conv")
def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    """Separable convolution: a depthwise convolution, then a 1x1 (pointwise) one.

    Args:
        inputs: Tensor of rank N + 2, per `data_format`.
        depthwise_kernel: `(*kernel_size, in_channels, depth_multiplier)` kernel.
        pointwise_kernel: `(*(1,) * N, in_channels * depth_multiplier, out_channels)` kernel.
        strides: Int or tuple of N ints (of the depthwise step).
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`.
        dilation_rate: Int or tuple of N ints.

    Returns:
        The tensor of `out_channels` channels.

    Example:

    >>> kerastorch.ops.separable_conv(torch.ones(2, 5, 5, 3), torch.ones(3, 3, 3, 2),
    ...                               torch.ones(1, 1, 6, 4)).shape
    torch.Size([2, 3, 3, 4])
    """
    return _separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides, padding.lower(),
                           standardize_data_format(data_format), dilation_rate)


@keras_op(NN, class_name="SeparableConv", static=CONV_STATIC, spec=_separable_spec)
def _separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides, padding, data_format,
                    dilation_rate):
    depthwise = _depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format,
                                dilation_rate)
    # As Keras's torch backend: the pointwise step gets the same dilation rate
    # (harmless on its 1x1 kernel).
    return _conv(depthwise, pointwise_kernel, 1, "valid", data_format, dilation_rate)


@keras_export("keras.ops.conv_transpose", "keras.ops.nn.conv_transpose")
def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1):
    """Transposed N-D convolution (the gradient of `conv`), Keras's output sizes.

    Args:
        inputs: Tensor of rank N + 2, per `data_format`.
        kernel: Tensor of shape `(*kernel_size, out_channels, in_channels)`.
        strides: Int or tuple of N ints.
        padding: `"valid"` or `"same"`.
        output_padding: Int, tuple of N ints, or `None`: extra output length
            on the right of each axis.
        data_format: `"channels_last"` or `"channels_first"`.
        dilation_rate: Int or tuple of N ints.

    Returns:
        The tensor of `out_channels` channels.

    Example:

    >>> kerastorch.ops.conv_transpose(torch.ones(2, 4, 4, 3), torch.ones(3, 3, 5, 3),
    ...                               strides=2, padding="same").shape
    torch.Size([2, 8, 8, 5])
    """
    return _conv_transpose(inputs, kernel, strides, padding.lower(), output_padding,
                           standardize_data_format(data_format), dilation_rate)


@keras_op(NN, class_name="ConvTranspose",
          static=("strides", "padding", "output_padding", "data_format", "dilation_rate"),
          spec=_conv_transpose_spec)
def _conv_transpose(inputs, kernel, strides, padding, output_padding, data_format,
                    dilation_rate):
    inputs, kernel = as_tensor(inputs), as_tensor(kernel)
    _check_input_channels(inputs, kernel, data_format, kernel_axis=-1)
    strides, dilation_rate = _conv_geometry(inputs, strides, dilation_rate)
    if output_padding is not None:
        output_padding = standardize_tuple(output_padding, len(strides), "output_padding",
                                           allow_zero=True)
    return conv_ops.conv_transpose(inputs, kernel, None, strides, padding, output_padding,
                                   dilation_rate, data_format)
