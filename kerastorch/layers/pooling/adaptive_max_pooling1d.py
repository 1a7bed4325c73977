"""`AdaptiveMaxPooling1D`: max pooling of 1D spatial data to a fixed output size."""

from kerastorch.api_export import keras_export
from kerastorch.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@keras_export("keras.layers.AdaptiveMaxPooling1D")
class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """Adaptive max pooling for 1D spatial data.

    The window sizes and strides are chosen so the output has `output_size`
    whatever the input's spatial size (torch's adaptive windows).

    Args:
        output_size: Int or tuple of 1 ints, the output's spatial size.
        data_format: `"channels_last"` (default from
            `keras.config.image_data_format()`) or `"channels_first"`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        3D tensor `(batch, steps, channels)` (channels_last)
        or `(batch, channels, steps)`.

    Output shape:
        `(batch, output_length, channels)`
        or `(batch, channels, output_length)`.

    Example:

    >>> kerastorch.layers.AdaptiveMaxPooling1D(4)(torch.ones(2, 10, 3)).shape
    torch.Size([2, 4, 3])
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, 1, "max", data_format=data_format, **kwargs)
