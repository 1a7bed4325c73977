"""`BaseCropping`: crops the spatial dimensions (a slice: a view, no copy)."""

from kerastorch.layers.reshaping.base_spatial_resizing import BaseSpatialResizing


class BaseCropping(BaseSpatialResizing):
    """Base of `Cropping1D/2D/3D`.

    Args:
        pairs: Tuple of `(before, after)` crops, one per spatial dimension.
        data_format: `"channels_last"` or `"channels_first"`.
        **kwargs: Base layer arguments.

    Example:

    >>> kerastorch.layers.Cropping1D((1, 2))(torch.ones(2, 6, 3)).shape
    torch.Size([2, 3, 3])
    """

    def __init__(self, pairs, data_format=None, **kwargs):
        super().__init__(len(pairs), data_format=data_format, **kwargs)
        self._pairs = pairs

    def _resized(self, index, size, input_shape):
        cropped = size - sum(self._pairs[index])
        if cropped <= 0:
            raise ValueError(
                f"Layer '{self.name}': values in `cropping` should be smaller than the "
                "corresponding spatial dimension of the input. Received: "
                f"input_shape={tuple(input_shape)}, cropping={self.cropping}"
            )
        return cropped

    def call(self, inputs):
        self.compute_output_shape(tuple(inputs.shape))  # checks the crops fit
        index = [slice(None)] * inputs.ndim
        for axis, (before, after) in zip(self._spatial_axes(inputs.ndim), self._pairs):
            index[axis] = slice(before, inputs.shape[axis] - after)
        return inputs[tuple(index)]
