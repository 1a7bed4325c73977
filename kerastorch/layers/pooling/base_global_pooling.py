"""`BaseGlobalPooling`: pooling over all spatial dimensions at once."""

import torch

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Base of `GlobalMaxPooling{1,2,3}D` and `GlobalAveragePooling{1,2,3}D`.

    Args:
        pool_dimensions: Number of spatial dimensions (1, 2 or 3).
        pool_mode: `"max"` (`torch.amax`) or `"average"` (`torch.mean`).
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `keras.config.image_data_format()`.
        keepdims: Whether the spatial dimensions are kept with size 1.
        **kwargs: Base layer arguments.

    Example:

    >>> kerastorch.layers.GlobalMaxPooling2D()(torch.ones(2, 4, 5, 3)).shape
    torch.Size([2, 3])
    """

    def __init__(self, pool_dimensions, pool_mode, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.pool_mode = pool_mode
        self.data_format = standardize_data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def _spatial_axes(self, ndim):
        if self.data_format == "channels_last":
            return tuple(range(1, ndim - 1))
        return tuple(range(2, ndim))

    def call(self, inputs):
        axes = self._spatial_axes(inputs.ndim)
        if self.pool_mode == "max":
            return torch.amax(inputs, dim=axes, keepdim=self.keepdims)
        return torch.mean(inputs, dim=axes, keepdim=self.keepdims)

    def compute_output_shape(self, input_shape):
        spatial = (1,) * (len(input_shape) - 2) if self.keepdims else ()
        if self.data_format == "channels_last":
            return (input_shape[0], *spatial, input_shape[-1])
        return (input_shape[0], input_shape[1], *spatial)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format,
                "keepdims": self.keepdims}
