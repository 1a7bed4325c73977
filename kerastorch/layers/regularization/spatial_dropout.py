"""`SpatialDropout1D/2D/3D`: dropout of whole feature maps (channels)."""

from kerastorch.api_export import keras_export
from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.regularization.dropout import Dropout


class BaseSpatialDropout(Dropout):
    """Base of the spatial dropouts: a `Dropout` whose mask spans the spatial axes.

    The mask has one value per (sample, channel), broadcast over the spatial
    axes: `Dropout`'s `noise_shape` with `None` (the input's size) for the
    batch and channel axes and `1` elsewhere.

    Args:
        rate: Float in [0, 1], the fraction of channels to drop.
        data_format: `"channels_last"` or `"channels_first"`.
        rank: Number of spatial axes.
        seed: Optional integer seed.
        name: Optional layer name.
        dtype: Optional dtype (policy).
    """

    def __init__(self, rate, data_format, rank, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = data_format
        spatial = (1,) * rank
        if data_format == "channels_first":
            self.noise_shape = (None, None) + spatial
        else:
            self.noise_shape = (None,) + spatial + (None,)
        self.input_spec = InputSpec(ndim=rank + 2)

    def get_config(self) -> dict:
        # Keras's spatial dropouts serialize the dtype name and no `trainable`.
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


@keras_export("keras.layers.SpatialDropout1D")
class SpatialDropout1D(BaseSpatialDropout):
    """Spatial 1D version of Dropout: drops entire 1D feature maps.

    In training, each channel of each sample is zeroed along all its
    timesteps with probability `rate` (kept ones are scaled by
    `1 / (1 - rate)`); in inference it is the identity. Use it instead of
    `Dropout` when adjacent frames are strongly correlated.

    Args:
        rate: Float in [0, 1], the fraction of channels to drop.
        seed: Optional integer seed.
        name: Optional layer name.
        dtype: Optional dtype (policy).

    Input shape:
        3D tensor `(samples, timesteps, channels)`.

    Output shape:
        Same as the input.

    Example:

    >>> SpatialDropout1D(0.5)(torch.ones(2, 4, 3), training=True).shape
    torch.Size([2, 4, 3])
    """

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, "channels_last", 1, seed=seed, name=name, dtype=dtype)


@keras_export("keras.layers.SpatialDropout2D")
class SpatialDropout2D(BaseSpatialDropout):
    """Spatial 2D version of Dropout: drops entire 2D feature maps.

    In training, each channel of each sample is zeroed over all its pixels
    with probability `rate` (kept ones are scaled by `1 / (1 - rate)`); in
    inference it is the identity.

    Args:
        rate: Float in [0, 1], the fraction of channels to drop.
        data_format: `"channels_last"` (`(samples, rows, cols, channels)`) or
            `"channels_first"`; defaults to `image_data_format()`.
        seed: Optional integer seed.
        name: Optional layer name.
        dtype: Optional dtype (policy).

    Input shape:
        4D tensor.

    Output shape:
        Same as the input.

    Example:

    >>> SpatialDropout2D(0.5)(torch.ones(2, 4, 4, 3), training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, standardize_data_format(data_format), 2, seed=seed, name=name,
                         dtype=dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


@keras_export("keras.layers.SpatialDropout3D")
class SpatialDropout3D(BaseSpatialDropout):
    """Spatial 3D version of Dropout: drops entire 3D feature maps.

    In training, each channel of each sample is zeroed over all its voxels
    with probability `rate` (kept ones are scaled by `1 / (1 - rate)`); in
    inference it is the identity.

    Args:
        rate: Float in [0, 1], the fraction of channels to drop.
        data_format: `"channels_last"` (`(samples, d1, d2, d3, channels)`) or
            `"channels_first"`; defaults to `image_data_format()`.
        seed: Optional integer seed.
        name: Optional layer name.
        dtype: Optional dtype (policy).

    Input shape:
        5D tensor.

    Output shape:
        Same as the input.

    Example:

    >>> SpatialDropout3D(0.5)(torch.ones(2, 3, 3, 3, 4), training=True).shape
    torch.Size([2, 3, 3, 3, 4])
    """

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, standardize_data_format(data_format), 3, seed=seed, name=name,
                         dtype=dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}
