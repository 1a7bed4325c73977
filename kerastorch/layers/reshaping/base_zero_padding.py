"""`BaseZeroPadding`: pads the spatial dimensions with zeros (`F.pad`)."""

import torch.nn.functional as F

from kerastorch.layers.reshaping.base_spatial_resizing import BaseSpatialResizing


class BaseZeroPadding(BaseSpatialResizing):
    """Base of `ZeroPadding1D/2D/3D`.

    Args:
        pairs: Tuple of `(before, after)` paddings, one per spatial dimension.
        data_format: `"channels_last"` or `"channels_first"`.
        **kwargs: Base layer arguments.

    Example:

    >>> kerastorch.layers.ZeroPadding1D((1, 2))(torch.ones(2, 3, 4)).shape
    torch.Size([2, 6, 4])
    """

    def __init__(self, pairs, data_format=None, **kwargs):
        super().__init__(len(pairs), data_format=data_format, **kwargs)
        self._pairs = pairs

    def _resized(self, index, size, input_shape):
        return size + sum(self._pairs[index])

    def call(self, inputs):
        pairs = [(0, 0)] * inputs.ndim
        for axis, pair in zip(self._spatial_axes(inputs.ndim), self._pairs):
            pairs[axis] = pair
        # F.pad takes the pairs from the last dimension backwards.
        flat = tuple(p for pair in reversed(pairs[1:]) for p in pair)
        return F.pad(inputs, flat)
