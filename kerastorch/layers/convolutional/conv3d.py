"""`Conv3D`: 3D convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_conv import BaseConv


@keras_export("keras.layers.Conv3D", "keras.layers.Convolution3D")
class Conv3D(BaseConv):
    """3D convolution layer.

    Convolves a kernel with the input over three spatial axes:
    `activation(conv3d(inputs, kernel) + bias)`.

    Args:
        The arguments of `BaseConv`, for 3 spatial dimensions.

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_dim1, new_dim2, new_dim3, filters)` with `"channels_last"`, or
        `(batch_size, filters, new_dim1, new_dim2, new_dim3)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 10, 10, 128)
    >>> kerastorch.layers.Conv3D(32, 3, activation="relu")(x).shape
    torch.Size([4, 8, 8, 8, 32])
    """

    rank = 3
