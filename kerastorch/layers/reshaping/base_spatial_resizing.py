"""`BaseSpatialResizing`: layers that change each spatial size on its own (crop, pad, repeat)."""

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class BaseSpatialResizing(Layer):
    """Base of the cropping, zero-padding and up-sampling layers.

    Subclasses say how one spatial size changes (`_resized`) and implement
    `call`; the input check, the spatial axes of either data format and
    `compute_output_shape` live here.

    Args:
        rank: Number of spatial dimensions (1, 2 or 3).
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `keras.config.image_data_format()`.
        **kwargs: Base layer arguments.

    Example:

    >>> kerastorch.layers.Cropping2D(1).compute_output_shape((None, 5, 6, 3))
    (None, 3, 4, 3)
    """

    def __init__(self, rank, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _spatial_axes(self, ndim) -> tuple:
        if self.data_format == "channels_last":
            return tuple(range(1, ndim - 1))
        return tuple(range(2, ndim))

    def _resized(self, index, size, input_shape) -> int:
        """The new size of spatial dimension `index` (of size `size`, an int)."""
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        output_shape = list(input_shape)
        for index, axis in enumerate(self._spatial_axes(len(input_shape))):
            if input_shape[axis] is not None:
                output_shape[axis] = self._resized(index, input_shape[axis], input_shape)
        return tuple(output_shape)
