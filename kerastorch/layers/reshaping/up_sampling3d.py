"""`UpSampling3D`: repeats each voxel along the 3 spatial dimensions."""

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_up_sampling import BaseUpSampling
from kerastorch.utils.argument_validation import standardize_tuple


@keras_export("keras.layers.UpSampling3D")
class UpSampling3D(BaseUpSampling):
    """Upsampling layer for 3D inputs: repeats the 1st, 2nd and 3rd spatial
    dimensions `size[0]`, `size[1]` and `size[2]` times.

    Args:
        size: Int or tuple of 3 ints, the upsampling factors. Defaults to
            `(2, 2, 2)`.
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        5D tensor `(batch_size, dim1, dim2, dim3, channels)` (channels_last)
        or `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        5D tensor with each spatial dimension multiplied by its factor.

    Example:

    >>> kerastorch.layers.UpSampling3D(size=2)(torch.ones(2, 1, 2, 1, 3)).shape
    torch.Size([2, 2, 4, 2, 3])
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        self.size = standardize_tuple(size, 3, "size")
        super().__init__(self.size, data_format=data_format, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
