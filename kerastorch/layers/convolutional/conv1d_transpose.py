"""`Conv1DTranspose`: 1D transposed convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_conv_transpose import BaseConvTranspose


@keras_export("keras.layers.Conv1DTranspose", "keras.layers.Convolution1DTranspose")
class Conv1DTranspose(BaseConvTranspose):
    """1D transposed convolution layer.

    Goes the opposite way of a `Conv1D` (the gradient of a convolution
    with respect to its input): `activation(conv_transpose1d(inputs, kernel)
    + bias)`.

    Args:
        The arguments of `BaseConvTranspose`, for 1 spatial dimension.

    Input shape:
        `(batch_size, steps, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, steps)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_steps, filters)` with `"channels_last"`, or
        `(batch_size, filters, new_steps)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 128)
    >>> kerastorch.layers.Conv1DTranspose(32, 3, 2, activation="relu")(x).shape
    torch.Size([4, 21, 32])
    """

    rank = 1
