"""`SeparableConv2D`: 2D separable convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_separable_conv import BaseSeparableConv


@keras_export("keras.layers.SeparableConv2D", "keras.layers.SeparableConvolution2D")
class SeparableConv2D(BaseSeparableConv):
    """2D separable convolution layer.

    A depthwise convolution over height and width, each channel on its own,
    then a pointwise (1x1) convolution mixing the channels.

    Args:
        The arguments of `BaseSeparableConv`, for 2 spatial dimensions.

    Input shape:
        `(batch_size, height, width, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_height, new_width, filters)` with `"channels_last"`, or
        `(batch_size, filters, new_height, new_width)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 10, 128)
    >>> kerastorch.layers.SeparableConv2D(32, 3, activation="relu")(x).shape
    torch.Size([4, 8, 8, 32])
    """

    rank = 2
