"""`Cropping2D`: crops rows and columns at the borders of an image."""

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_cropping import BaseCropping
from kerastorch.utils.argument_validation import standardize_pairs


@keras_export("keras.layers.Cropping2D")
class Cropping2D(BaseCropping):
    """Cropping layer for 2D input (e.g. picture).

    Args:
        cropping: Int, tuple of 2 ints, or tuple of 2 tuples of 2 ints.
            An int crops the same amount on every border; 2 ints are the
            symmetric `(height_crop, width_crop)`; 2 pairs are
            `((top_crop, bottom_crop), (left_crop, right_crop))`.
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last)
        or `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        4D tensor `(batch_size, cropped_height, cropped_width, channels)`
        (channels_last) or `(batch_size, channels, cropped_height,
        cropped_width)` (channels_first).

    Example:

    >>> layer = kerastorch.layers.Cropping2D(cropping=((2, 2), (4, 4)))
    >>> layer(torch.ones(2, 28, 28, 3)).shape
    torch.Size([2, 24, 20, 3])
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        self.cropping = standardize_pairs(cropping, 2, "cropping", allow_negative_int=False)
        super().__init__(self.cropping, data_format=data_format, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping,
                "data_format": self.data_format}
