"""`Cropping1D`: crops steps at the start and end of a sequence."""

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_cropping import BaseCropping
from kerastorch.utils.argument_validation import standardize_tuple


@keras_export("keras.layers.Cropping1D")
class Cropping1D(BaseCropping):
    """Cropping layer for 1D input (e.g. temporal sequence).

    Crops along the time dimension (axis 1).

    Args:
        cropping: Int, or tuple of 2 ints: how many steps to crop at the start
            and at the end. An int crops the same number at both ends.
            Defaults to `(1, 1)`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        3D tensor `(batch_size, axis_to_crop, features)`.

    Output shape:
        3D tensor `(batch_size, cropped_axis, features)`.

    Example:

    >>> kerastorch.layers.Cropping1D(cropping=1)(torch.ones(2, 3, 2)).shape
    torch.Size([2, 1, 2])
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        self.cropping = standardize_tuple(cropping, 2, "cropping", allow_zero=True)
        super().__init__((self.cropping,), data_format="channels_last", **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping}
