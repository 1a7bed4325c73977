"""`UpSampling1D`: repeats each time step `size` times."""

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_up_sampling import BaseUpSampling


@keras_export("keras.layers.UpSampling1D")
class UpSampling1D(BaseUpSampling):
    """Upsampling layer for 1D inputs: repeats each temporal step `size` times.

    Args:
        size: Positive int, the upsampling factor. Defaults to 2.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        3D tensor `(batch_size, steps, features)`.

    Output shape:
        3D tensor `(batch_size, upsampled_steps, features)`.

    Example:

    >>> kerastorch.layers.UpSampling1D(size=2)(torch.ones(2, 2, 3)).shape
    torch.Size([2, 4, 3])
    """

    def __init__(self, size=2, **kwargs):
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"Expected an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"Argument `size` should be a positive integer. Received: size={size}")
        self.size = size
        super().__init__((size,), data_format="channels_last", **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}
