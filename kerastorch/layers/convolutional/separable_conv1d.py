"""`SeparableConv1D`: 1D separable convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_separable_conv import BaseSeparableConv


@keras_export("keras.layers.SeparableConv1D", "keras.layers.SeparableConvolution1D")
class SeparableConv1D(BaseSeparableConv):
    """1D separable convolution layer.

    A depthwise convolution over the steps, each channel on its own, then a
    pointwise convolution mixing the channels.

    Args:
        The arguments of `BaseSeparableConv`, for 1 spatial dimension.

    Input shape:
        `(batch_size, steps, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, steps)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_steps, filters)` with `"channels_last"`, or
        `(batch_size, filters, new_steps)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 128)
    >>> kerastorch.layers.SeparableConv1D(32, 3, activation="relu")(x).shape
    torch.Size([4, 8, 32])
    """

    rank = 1
