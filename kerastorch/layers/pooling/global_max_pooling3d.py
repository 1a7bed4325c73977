"""`GlobalMaxPooling3D` (alias `GlobalMaxPool3D`): the max over all spatial positions."""

from kerastorch.api_export import keras_export
from kerastorch.layers.pooling.base_global_pooling import BaseGlobalPooling


@keras_export("keras.layers.GlobalMaxPooling3D", "keras.layers.GlobalMaxPool3D")
class GlobalMaxPooling3D(BaseGlobalPooling):
    """Global max pooling operation for 3D spatial data.

    Args:
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        keepdims: Whether to keep the spatial dimensions, with size 1
            (as `np.max(..., keepdims=True)`). Defaults to `False`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        5D tensor `(batch_size, dim1, dim2, dim3, channels)` (channels_last)
        or `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        `(batch_size, channels)`; with `keepdims=True`, `(batch_size, 1, 1, 1, channels)`
        (channels_last) or `(batch_size, channels, 1, 1, 1)` (channels_first).

    Example:

    >>> kerastorch.layers.GlobalMaxPooling3D()(torch.ones(2, 4, 5, 6, 3)).shape
    torch.Size([2, 3])
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=3, pool_mode="max", data_format=data_format,
                         keepdims=keepdims, **kwargs)
