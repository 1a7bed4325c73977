"""`Conv3DTranspose`: 3D transposed convolution layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_conv_transpose import BaseConvTranspose


@keras_export("keras.layers.Conv3DTranspose", "keras.layers.Convolution3DTranspose")
class Conv3DTranspose(BaseConvTranspose):
    """3D transposed convolution layer.

    Goes the opposite way of a `Conv3D` (the gradient of a convolution
    with respect to its input): `activation(conv_transpose3d(inputs, kernel)
    + bias)`.

    Args:
        The arguments of `BaseConvTranspose`, for 3 spatial dimensions;
        Keras's positional order puts `data_format` before `output_padding`
        here (only here).

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_dim1, new_dim2, new_dim3, filters)` with `"channels_last"`, or
        `(batch_size, filters, new_dim1, new_dim2, new_dim3)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 10, 10, 128)
    >>> kerastorch.layers.Conv3DTranspose(32, 2, 2, activation="relu")(x).shape
    torch.Size([4, 20, 20, 20, 32])
    """

    rank = 3

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 output_padding=None, *args, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, output_padding, data_format,
                         *args, **kwargs)
