"""`DepthwiseConv2D`: 2D depthwise convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


@keras_export("keras.layers.DepthwiseConv2D")
class DepthwiseConv2D(BaseDepthwiseConv):
    """2D depthwise convolution layer.

    Convolves each input channel with its own `depth_multiplier` kernels over
    height and width, without mixing channels.

    Args:
        The arguments of `BaseDepthwiseConv`, for 2 spatial dimensions.

    Input shape:
        `(batch_size, height, width, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_height, new_width, channels * depth_multiplier)` with `"channels_last"`, or
        `(batch_size, channels * depth_multiplier, new_height, new_width)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 10, 128)
    >>> kerastorch.layers.DepthwiseConv2D(3, depth_multiplier=2)(x).shape
    torch.Size([4, 8, 8, 256])
    """

    rank = 2
