"""Patch and block rearranging ops of `keras.ops.nn`: `unfold`, `fold`,
`depth_to_space`, `space_to_depth`."""

import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.config import standardize_data_format
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NN = "keras.src.ops.nn"
WINDOW = ("kernel_size", "dilation", "padding", "stride")


def _check_rank(x, rank):
    if len(x.shape) != rank:
        raise ValueError(f"Input must be a {rank}D tensor. Received: input.shape={tuple(x.shape)}")


@keras_export("keras.ops.unfold", "keras.ops.nn.unfold")
def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts sliding local blocks from a `(N, C, H, W)` tensor (torch's `unfold`, im2col).

    Args:
        x: 4-D tensor, channels first.
        kernel_size: Int or `(kH, kW)`.
        dilation: Int or `(dH, dW)`.
        padding: Int or `(pH, pW)`, zero padding on both sides.
        stride: Int or `(sH, sW)`.

    Returns:
        A `(N, C * kH * kW, L)` tensor, `L` the number of blocks.

    Example:

    >>> kerastorch.ops.unfold(torch.ones(1, 2, 4, 4), 2).shape
    torch.Size([1, 8, 9])
    """
    _check_rank(x, 4)
    return _unfold(x, kernel_size, dilation, padding, stride)


@keras_op(NN, class_name="Unfold", static=WINDOW)
def _unfold(x, kernel_size, dilation, padding, stride):
    return F.unfold(as_tensor(x), kernel_size, dilation, padding, stride)


@keras_export("keras.ops.fold", "keras.ops.nn.fold")
def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums sliding local blocks back into a `(N, C, H, W)` tensor (torch's `fold`, col2im).

    Args:
        x: `(N, C * kH * kW, L)` tensor.
        output_size: Int or `(H, W)`, the output's spatial size.
        kernel_size: Int or `(kH, kW)`.
        dilation: Int or `(dH, dW)`.
        padding: Int or `(pH, pW)`.
        stride: Int or `(sH, sW)`.

    Returns:
        A `(N, C, H, W)` tensor; overlapping values are summed.

    Example:

    >>> kerastorch.ops.fold(torch.ones(1, 8, 9), 4, 2).shape
    torch.Size([1, 2, 4, 4])
    """
    _check_rank(x, 3)
    return _fold(x, output_size, kernel_size, dilation, padding, stride)


@keras_op(NN, class_name="Fold", static=("output_size",) + WINDOW)
def _fold(x, output_size, kernel_size, dilation, padding, stride):
    return F.fold(as_tensor(x), output_size, kernel_size, dilation, padding, stride)


def _check_block_size(block_size):
    if block_size < 2:
        raise ValueError(f"`block_size` must be at least 2. Received: block_size={block_size}")


@keras_export("keras.ops.depth_to_space", "keras.ops.nn.depth_to_space")
def depth_to_space(x, block_size, data_format="channels_last"):
    """Moves channel blocks into `block_size x block_size` spatial blocks (TensorFlow's order).

    Args:
        x: 4-D tensor, per `data_format`.
        block_size: Int >= 2.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        A tensor `block_size` times taller and wider, with `block_size**2`
        times fewer channels.

    Example:

    >>> kerastorch.ops.depth_to_space(torch.ones(1, 2, 2, 8), 2).shape
    torch.Size([1, 4, 4, 2])
    """
    data_format = standardize_data_format(data_format)
    _check_block_size(block_size)
    return _depth_to_space(x, block_size, data_format)


@keras_op(NN, class_name="DepthToSpace", static=("block_size", "data_format"))
def _depth_to_space(x, block_size, data_format):
    x = as_tensor(x)
    b = block_size
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h, w, b, b, c // b**2).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h * b, w * b, c // b**2)
    n, c, h, w = x.shape
    x = x.reshape(n, c // b**2, b, b, h, w).permute(0, 1, 4, 2, 5, 3)
    return x.reshape(n, c // b**2, h * b, w * b)


@keras_export("keras.ops.space_to_depth", "keras.ops.nn.space_to_depth")
def space_to_depth(x, block_size, data_format="channels_last"):
    """Moves `block_size x block_size` spatial blocks into channels (TensorFlow's order).

    Args:
        x: 4-D tensor, per `data_format`; height and width divisible by `block_size`.
        block_size: Int >= 2.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        A tensor `block_size` times shorter and narrower, with `block_size**2`
        times more channels.

    Example:

    >>> kerastorch.ops.space_to_depth(torch.ones(1, 4, 4, 2), 2).shape
    torch.Size([1, 2, 2, 8])
    """
    data_format = standardize_data_format(data_format)
    _check_block_size(block_size)
    return _space_to_depth(x, block_size, data_format)


@keras_op(NN, class_name="SpaceToDepth", static=("block_size", "data_format"))
def _space_to_depth(x, block_size, data_format):
    x = as_tensor(x)
    b = block_size
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h // b, w // b, c * b**2)
    n, c, h, w = x.shape
    x = x.reshape(n, c, h // b, b, w // b, b).permute(0, 1, 3, 5, 2, 4)
    return x.reshape(n, c * b**2, h // b, w // b)
