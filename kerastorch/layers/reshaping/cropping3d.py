"""`Cropping3D`: crops the borders of a volume along its 3 spatial dimensions."""

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_cropping import BaseCropping
from kerastorch.utils.argument_validation import standardize_pairs


@keras_export("keras.layers.Cropping3D")
class Cropping3D(BaseCropping):
    """Cropping layer for 3D data (e.g. spatial or spatio-temporal).

    Args:
        cropping: Int, tuple of 3 ints, or tuple of 3 tuples of 2 ints.
            An int crops the same amount on every border; 3 ints are the
            symmetric `(dim1_crop, dim2_crop, dim3_crop)`; 3 pairs are
            `((left_dim1_crop, right_dim1_crop), ..., (left_dim3_crop,
            right_dim3_crop))`.
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        5D tensor `(batch_size, dim1, dim2, dim3, channels)` (channels_last)
        or `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        5D tensor with the three spatial dimensions cropped.

    Example:

    >>> layer = kerastorch.layers.Cropping3D(cropping=(1, 2, 0))
    >>> layer(torch.ones(2, 8, 8, 8, 3)).shape
    torch.Size([2, 6, 4, 8, 3])
    """

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        self.cropping = standardize_pairs(cropping, 3, "cropping", allow_negative_int=False)
        super().__init__(self.cropping, data_format=data_format, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping,
                "data_format": self.data_format}
