"""`MaxPooling2D` (alias `MaxPool2D`): maximum pooling over 2D windows."""

from kerastorch.api_export import keras_export
from kerastorch.layers.pooling.base_pooling import BasePooling


@keras_export("keras.layers.MaxPooling2D", "keras.layers.MaxPool2D")
class MaxPooling2D(BasePooling):
    """Maximum pooling operation for 2D spatial data.

    Downsamples the input along its spatial dimensions by taking the maximum
    over windows of size `pool_size`, shifted by `strides`. With `"valid"`
    padding the output size is `floor((input - pool_size) / strides) + 1`;
    with `"same"` it is `floor((input - 1) / strides) + 1`.

    Args:
        pool_size: an int or a tuple of 2 ints, the window size.
        strides: an int or a tuple of 2 ints, or `None` (default: `pool_size`).
        padding: `"valid"` (no padding) or `"same"` (pad evenly, the extra
            pixel at the end).
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        name: Layer name.
        **kwargs: Base layer arguments (`dtype`, ...).

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last)
        or `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        4D tensor `(batch_size, pooled_height, pooled_width, channels)` (channels_last)
        or `(batch_size, channels, pooled_height, pooled_width)` (channels_first).

    Example:

    >>> layer = kerastorch.layers.MaxPooling2D(pool_size=2)
    >>> layer(torch.ones(2, 6, 6, 3)).shape
    torch.Size([2, 3, 3, 3])
    """

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=2, pool_mode="max",
                         padding=padding, data_format=data_format, name=name, **kwargs)
