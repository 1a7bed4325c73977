"""`MaxPooling1D` (alias `MaxPool1D`): maximum pooling over 1D windows."""

from kerastorch.api_export import keras_export
from kerastorch.layers.pooling.base_pooling import BasePooling


@keras_export("keras.layers.MaxPooling1D", "keras.layers.MaxPool1D")
class MaxPooling1D(BasePooling):
    """Maximum pooling operation for 1D temporal data.

    Downsamples the input along its spatial dimensions by taking the maximum
    over windows of size `pool_size`, shifted by `strides`. With `"valid"`
    padding the output size is `floor((input - pool_size) / strides) + 1`;
    with `"same"` it is `floor((input - 1) / strides) + 1`.

    Args:
        pool_size: an int, the window size.
        strides: an int, or `None` (default: `pool_size`).
        padding: `"valid"` (no padding) or `"same"` (pad evenly, the extra
            pixel at the end).
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        name: Layer name.
        **kwargs: Base layer arguments (`dtype`, ...).

    Input shape:
        3D tensor `(batch_size, steps, channels)` (channels_last)
        or `(batch_size, channels, steps)` (channels_first).

    Output shape:
        3D tensor `(batch_size, pooled_steps, channels)` (channels_last)
        or `(batch_size, channels, pooled_steps)` (channels_first).

    Example:

    >>> layer = kerastorch.layers.MaxPooling1D(pool_size=2)
    >>> layer(torch.ones(2, 6, 3)).shape
    torch.Size([2, 3, 3])
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="max",
                         padding=padding, data_format=data_format, name=name, **kwargs)
