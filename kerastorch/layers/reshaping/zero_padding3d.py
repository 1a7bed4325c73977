"""`ZeroPadding3D`: adds zeros at the borders of a volume along its 3 spatial dimensions."""

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_zero_padding import BaseZeroPadding
from kerastorch.utils.argument_validation import standardize_pairs


@keras_export("keras.layers.ZeroPadding3D")
class ZeroPadding3D(BaseZeroPadding):
    """Zero-padding layer for 3D data (spatial or spatio-temporal).

    Args:
        padding: Int, tuple of 3 ints, or tuple of 3 tuples of 2 ints.
            An int pads the same amount on every border; 3 ints are the
            symmetric `(dim1_pad, dim2_pad, dim3_pad)`; 3 pairs are
            `((left_dim1_pad, right_dim1_pad), ..., (left_dim3_pad,
            right_dim3_pad))`.
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        5D tensor `(batch_size, dim1, dim2, dim3, channels)` (channels_last)
        or `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        5D tensor with the three spatial dimensions padded.

    Example:

    >>> kerastorch.layers.ZeroPadding3D(padding=2)(torch.ones(1, 1, 2, 2, 3)).shape
    torch.Size([1, 5, 6, 6, 3])
    """

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        self.padding = standardize_pairs(padding, 3, "padding")
        super().__init__(self.padding, data_format=data_format, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding,
                "data_format": self.data_format}
