"""`ZeroPadding2D`: adds rows and columns of zeros at the borders of an image."""

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_zero_padding import BaseZeroPadding
from kerastorch.utils.argument_validation import standardize_pairs


@keras_export("keras.layers.ZeroPadding2D")
class ZeroPadding2D(BaseZeroPadding):
    """Zero-padding layer for 2D input (e.g. picture).

    Args:
        padding: Int, tuple of 2 ints, or tuple of 2 tuples of 2 ints.
            An int pads the same amount on every border; 2 ints are the
            symmetric `(height_pad, width_pad)`; 2 pairs are
            `((top_pad, bottom_pad), (left_pad, right_pad))`.
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last)
        or `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        4D tensor with padded height and width.

    Example:

    >>> kerastorch.layers.ZeroPadding2D(padding=1)(torch.ones(1, 2, 2, 1)).shape
    torch.Size([1, 4, 4, 1])
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        self.padding = standardize_pairs(padding, 2, "padding")
        super().__init__(self.padding, data_format=data_format, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding,
                "data_format": self.data_format}
