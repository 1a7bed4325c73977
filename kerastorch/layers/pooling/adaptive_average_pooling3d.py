"""`AdaptiveAveragePooling3D`: average pooling of 3D spatial data to a fixed output size."""

from kerastorch.api_export import keras_export
from kerastorch.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@keras_export("keras.layers.AdaptiveAveragePooling3D")
class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """Adaptive average pooling for 3D spatial data.

    The window sizes and strides are chosen so the output has `output_size`
    whatever the input's spatial size (torch's adaptive windows).

    Args:
        output_size: Int or tuple of 3 ints, the output's spatial size.
        data_format: `"channels_last"` (default from
            `keras.config.image_data_format()`) or `"channels_first"`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        5D tensor `(batch, dim1, dim2, dim3, channels)` (channels_last)
        or `(batch, channels, dim1, dim2, dim3)`.

    Output shape:
        `(batch, *output_size, channels)`
        or `(batch, channels, *output_size)`.

    Example:

    >>> kerastorch.layers.AdaptiveAveragePooling3D(3)(torch.ones(1, 6, 6, 6, 2)).shape
    torch.Size([1, 3, 3, 3, 2])
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, 3, "average", data_format=data_format, **kwargs)
