"""`DepthwiseConv1D`: 1D depthwise convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


@keras_export("keras.layers.DepthwiseConv1D")
class DepthwiseConv1D(BaseDepthwiseConv):
    """1D depthwise convolution layer.

    Convolves each input channel with its own `depth_multiplier` kernels over
    the steps, without mixing channels.

    Args:
        The arguments of `BaseDepthwiseConv`, for 1 spatial dimension.

    Input shape:
        `(batch_size, steps, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, steps)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_steps, channels * depth_multiplier)` with `"channels_last"`, or
        `(batch_size, channels * depth_multiplier, new_steps)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 128)
    >>> kerastorch.layers.DepthwiseConv1D(3, depth_multiplier=2)(x).shape
    torch.Size([4, 8, 256])
    """

    rank = 1
