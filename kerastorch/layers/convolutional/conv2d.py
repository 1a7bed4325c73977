"""`Conv2D`: 2D convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_conv import BaseConv


@keras_export("keras.layers.Conv2D", "keras.layers.Convolution2D")
class Conv2D(BaseConv):
    """2D convolution layer.

    Convolves a kernel with the input over two spatial axes (height and
    width): `activation(conv2d(inputs, kernel) + bias)`.

    Args:
        The arguments of `BaseConv`, for 2 spatial dimensions.

    Input shape:
        `(batch_size, height, width, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_height, new_width, filters)` with `"channels_last"`, or
        `(batch_size, filters, new_height, new_width)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 10, 128)
    >>> kerastorch.layers.Conv2D(32, 3, activation="relu")(x).shape
    torch.Size([4, 8, 8, 32])
    """

    rank = 2
