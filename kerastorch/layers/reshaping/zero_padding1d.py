"""`ZeroPadding1D`: adds zero steps at the start and end of a sequence."""

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_zero_padding import BaseZeroPadding
from kerastorch.utils.argument_validation import standardize_tuple


@keras_export("keras.layers.ZeroPadding1D")
class ZeroPadding1D(BaseZeroPadding):
    """Zero-padding layer for 1D input (e.g. temporal sequence).

    Args:
        padding: Int, or tuple of 2 ints: how many zeros to add at the start
            and at the end of the padding dimension. Defaults to 1.
        data_format: `"channels_last"` (pads axis 1) or `"channels_first"`
            (pads axis 2); defaults to `keras.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        3D tensor `(batch_size, axis_to_pad, features)` (channels_last)
        or `(batch_size, features, axis_to_pad)` (channels_first).

    Output shape:
        3D tensor with the padded axis grown by `sum(padding)`.

    Example:

    >>> kerastorch.layers.ZeroPadding1D(padding=2)(torch.ones(2, 2, 3)).shape
    torch.Size([2, 6, 3])
    """

    def __init__(self, padding=1, data_format=None, **kwargs):
        self.padding = standardize_tuple(padding, 2, "padding", allow_zero=True)
        super().__init__((self.padding,), data_format=data_format, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding,
                "data_format": self.data_format}
