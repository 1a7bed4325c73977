"""`Conv2DTranspose`: 2D transposed convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_conv_transpose import BaseConvTranspose


@keras_export("keras.layers.Conv2DTranspose", "keras.layers.Convolution2DTranspose")
class Conv2DTranspose(BaseConvTranspose):
    """2D transposed convolution layer.

    Goes the opposite way of a `Conv2D` (the gradient of a convolution
    with respect to its input), e.g. to upsample feature maps:
    `activation(conv_transpose2d(inputs, kernel) + bias)`.

    Args:
        The arguments of `BaseConvTranspose`, for 2 spatial dimensions.

    Input shape:
        `(batch_size, height, width, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_height, new_width, filters)` with `"channels_last"`, or
        `(batch_size, filters, new_height, new_width)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 10, 128)
    >>> kerastorch.layers.Conv2DTranspose(32, 2, 2, activation="relu")(x).shape
    torch.Size([4, 20, 20, 32])
    """

    rank = 2
