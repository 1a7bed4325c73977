"""`BaseUpSampling`: repeats each spatial position `size` times along each dimension."""

from kerastorch.layers.reshaping.base_spatial_resizing import BaseSpatialResizing


class BaseUpSampling(BaseSpatialResizing):
    """Base of `UpSampling1D/2D/3D` (nearest-neighbour up-sampling).

    The repetition is one broadcast view (`expand`) materialized by a single
    `reshape`: the same values as repeating along each axis in turn, with one
    copy instead of one per axis.

    Args:
        size: Tuple of repeat factors, one per spatial dimension.
        data_format: `"channels_last"` or `"channels_first"`.
        **kwargs: Base layer arguments.

    Example:

    >>> kerastorch.layers.UpSampling1D(3)(torch.ones(2, 4, 5)).shape
    torch.Size([2, 12, 5])
    """

    def __init__(self, size, data_format=None, **kwargs):
        super().__init__(len(size), data_format=data_format, **kwargs)
        self._factors = size

    def _resized(self, index, size, input_shape):
        return size * self._factors[index]

    def call(self, inputs):
        return self._repeat(inputs)

    def _repeat(self, inputs):
        axes = self._spatial_axes(inputs.ndim)
        output_shape = list(inputs.shape)
        x = inputs
        for axis in reversed(axes):
            x = x.unsqueeze(axis + 1)
        expanded_shape = list(x.shape)
        for i, (axis, factor) in enumerate(zip(axes, self._factors)):
            expanded_shape[axis + i + 1] = factor
            output_shape[axis] *= factor
        return x.expand(expanded_shape).reshape(output_shape)
