"""`AdaptiveAveragePooling2D`: average pooling of 2D spatial data to a fixed output size."""

from kerastorch.api_export import keras_export
from kerastorch.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@keras_export("keras.layers.AdaptiveAveragePooling2D")
class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Adaptive average pooling for 2D spatial data.

    The window sizes and strides are chosen so the output has `output_size`
    whatever the input's spatial size (torch's adaptive windows).

    Args:
        output_size: Int or tuple of 2 ints, the output's spatial size.
        data_format: `"channels_last"` (default from
            `keras.config.image_data_format()`) or `"channels_first"`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        4D tensor `(batch, height, width, channels)` (channels_last)
        or `(batch, channels, height, width)`.

    Output shape:
        `(batch, output_height, output_width, channels)`
        or `(batch, channels, output_height, output_width)`.

    Example:

    >>> kerastorch.layers.AdaptiveAveragePooling2D((4, 2))(torch.ones(1, 9, 7, 3)).shape
    torch.Size([1, 4, 2, 3])
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, 2, "average", data_format=data_format, **kwargs)
