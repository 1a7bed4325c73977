"""The torch side of the convolution layers: `F.conv*d` / `F.conv_transpose*d` on Keras layouts.

Kernels stay in Keras layout, `(*kernel_size, in, out)`; torch gets a
permuted view, `(out, in, *kernel_size)` (the permutation costs nothing, and
whatever copy torch's kernels make of a 3x3x32x64 weight is negligible next to
the convolution: see `bench/bench_conv_layout.py`). A channels_last input is
handed to torch as a permuted view too, which is a tensor in torch's
channels_last memory format: no copy on the way in, and the output, in the
same format, permutes back to a contiguous channels_last tensor. 1-D
channels_last inputs run as 2-D convolutions of height 1, because
`F.conv1d` has no channels_last path and would copy on both sides.
"""

import torch.nn.functional as F

from kerastorch.layers.convolutional.conv_utils import (
    conv_paddings,
    conv_transpose_padding,
)

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def torch_kernel(kernel):
    """Returns the torch-layout view of a Keras-layout kernel.

    Args:
        kernel: A `(*kernel_size, a, b)` tensor: `(..., in // groups, out)` for
            a convolution, `(..., out, in)` for a transposed one.

    Returns:
        The `(b, a, *kernel_size)` view that `F.conv*d` (`(out, in // groups,
        ...)`) and `F.conv_transpose*d` (`(in, out, ...)`) expect.

    Example:

    >>> torch_kernel(torch.zeros(3, 3, 1, 32)).shape
    torch.Size([32, 1, 3, 3])
    """
    rank = kernel.ndim - 2
    return kernel.permute(rank + 1, rank, *range(rank))


def conv(inputs, kernel, bias, strides, padding, dilation_rate, groups, data_format):
    """Convolves `inputs` with a Keras-layout kernel, with Keras's paddings.

    Args:
        inputs: `(batch, *spatial, channels)` or `(batch, channels, *spatial)`
            tensor, per `data_format`.
        kernel: `(*kernel_size, in // groups, out)` kernel.
        bias: `(out,)` tensor or `None`.
        strides: Tuple of strides.
        padding: `"valid"`, `"same"` (TensorFlow-style) or `"causal"`.
        dilation_rate: Tuple of dilation rates.
        groups: Number of channel groups.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The output tensor, in `data_format`.

    Example:

    >>> conv(torch.ones(2, 5, 5, 3), torch.ones(3, 3, 3, 4), None, (1, 1), "same",
    ...      (1, 1), 1, "channels_last").shape
    torch.Size([2, 5, 5, 4])
    """
    x, lifted = _channels_first(inputs, data_format)
    weight = torch_kernel(kernel)
    if lifted:
        weight, strides, dilation_rate = weight.unsqueeze(2), (1, *strides), (1, *dilation_rate)
    pads = conv_paddings(padding, x.shape[2:], weight.shape[2:], strides, dilation_rate)
    if all(left == right for left, right in pads):
        torch_padding = [left for left, _ in pads]
    else:
        # torch pads symmetrically only; uneven paddings ("same" with an even
        # kernel or a stride, "causal") pad the input first.
        x = F.pad(x, [p for pair in reversed(pads) for p in pair])
        torch_padding = 0
    outputs = _CONV[x.ndim - 2](x, weight, bias, strides, torch_padding, dilation_rate, groups)
    return _restore(outputs, data_format, lifted)


def depthwise_conv(inputs, kernel, bias, strides, padding, dilation_rate, data_format):
    """Convolves each input channel with its own `depth_multiplier` filters.

    Keras's `(*kernel_size, in, depth_multiplier)` kernel reshapes (a view)
    to a `(*kernel_size, 1, in * depth_multiplier)` convolution kernel with
    `groups=in`: output channel `c * depth_multiplier + m` comes from input
    channel `c`, as in Keras.

    Args:
        inputs: The input tensor, per `data_format`.
        kernel: `(*kernel_size, in, depth_multiplier)` depthwise kernel.
        bias: `(in * depth_multiplier,)` tensor or `None`.
        strides: Tuple of strides.
        padding: `"valid"` or `"same"`.
        dilation_rate: Tuple of dilation rates.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The output tensor, in `data_format`.

    Example:

    >>> depthwise_conv(torch.ones(2, 5, 5, 3), torch.ones(3, 3, 3, 2), None, (1, 1),
    ...                "valid", (1, 1), "channels_last").shape
    torch.Size([2, 3, 3, 6])
    """
    channels = kernel.shape[-2]
    kernel = kernel.reshape(kernel.shape[:-2] + (1, channels * kernel.shape[-1]))
    return conv(inputs, kernel, bias, strides, padding, dilation_rate, channels, data_format)


def conv_transpose(inputs, kernel, bias, strides, padding, output_padding, dilation_rate,
                   data_format):
    """Transposed convolution of `inputs` with a Keras-layout kernel, Keras's output sizes.

    Args:
        inputs: `(batch, *spatial, channels)` or `(batch, channels, *spatial)`
            tensor, per `data_format`.
        kernel: `(*kernel_size, out, in)` kernel.
        bias: `(out,)` tensor or `None`.
        strides: Tuple of strides.
        padding: `"valid"` or `"same"`.
        output_padding: Tuple of output paddings, or `None`.
        dilation_rate: Tuple of dilation rates.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The output tensor, in `data_format`.

    Example:

    >>> conv_transpose(torch.ones(2, 7, 7, 8), torch.ones(3, 3, 4, 8), None, (2, 2),
    ...                "same", None, (1, 1), "channels_last").shape
    torch.Size([2, 14, 14, 4])
    """
    x, lifted = _channels_first(inputs, data_format)
    weight = torch_kernel(kernel)
    plans = [_transpose_plan(k, s, d, padding, op) for k, s, d, op in zip(
        kernel.shape[:-2], strides, dilation_rate, output_padding or (None,) * len(strides))]
    if lifted:
        weight, strides, dilation_rate = weight.unsqueeze(2), (1, *strides), (1, *dilation_rate)
        plans.insert(0, (0, 0, 0))
    torch_padding, torch_output_padding, crops = zip(*plans)
    outputs = _CONV_TRANSPOSE[x.ndim - 2](x, weight, bias, strides, torch_padding,
                                          torch_output_padding, 1, dilation_rate)
    if any(crops):
        outputs = outputs[(slice(None), slice(None)) + tuple(
            slice(0, size - crop) for size, crop in zip(outputs.shape[2:], crops))]
    return _restore(outputs, data_format, lifted)


def _transpose_plan(kernel_size, stride, dilation, padding, output_padding):
    """torch's `(padding, output_padding)` for one axis, and what is left to crop on the right.

    torch's transposed convolution makes `(input - 1) * stride + effective`
    outputs, crops `padding` from both ends and extends the right end by
    `output_padding`. Keras's `(left, right)` padding (of the equivalent
    convolution, see `conv_transpose_padding`) crops `effective - 1 - left`
    on the left, so torch's `padding` is that; the right end then needs
    `right - left` more outputs (never `max(stride, dilation)` or more, as
    torch requires, since Keras keeps `output_padding < strides`), or, for
    "same" with an odd total padding, one fewer: that one is cropped after.

    Returns:
        `(torch_padding, torch_output_padding, crop_right)`.
    """
    left, right = conv_transpose_padding(kernel_size, stride, dilation, padding, output_padding)
    extra = right - left
    return (kernel_size - 1) * dilation - left, max(extra, 0), max(-extra, 0)


def _channels_first(inputs, data_format):
    """A channels_first view of `inputs`, and whether it was lifted from 1-D to 2-D."""
    if data_format == "channels_first":
        return inputs, False
    if inputs.ndim == 3:
        return inputs.unsqueeze(1).movedim(-1, 1), True
    return inputs.movedim(-1, 1), False


def _restore(outputs, data_format, lifted):
    """Undoes `_channels_first` on the output (views only)."""
    if data_format == "channels_first":
        return outputs
    outputs = outputs.movedim(1, -1)
    return outputs.squeeze(1) if lifted else outputs
