"""`BaseAdaptivePooling`: pooling to a fixed output size, whatever the input size."""

import torch.nn.functional as F

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer

_ADAPTIVE_FUNCTIONS = {
    "max": {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d},
    "average": {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d,
                3: F.adaptive_avg_pool3d},
}


class BaseAdaptivePooling(Layer):
    """Base of `AdaptiveMaxPooling{1,2,3}D` and `AdaptiveAveragePooling{1,2,3}D`.

    The windows are torch's adaptive ones (`F.adaptive_avg_pool2d`, ...), the
    same as Keras's torch backend. A channels_last input is handed to them
    as a permuted view, no copy.

    Args:
        output_size: Int or tuple of `pool_dimensions` ints, the output's
            spatial size.
        pool_dimensions: Number of spatial dimensions (1, 2 or 3).
        pool_mode: `"max"` or `"average"`.
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `keras.config.image_data_format()`.
        **kwargs: Base layer arguments.

    Example:

    >>> kerastorch.layers.AdaptiveAveragePooling2D(4)(torch.ones(1, 9, 7, 3)).shape
    torch.Size([1, 4, 4, 3])
    """

    def __init__(self, output_size, pool_dimensions, pool_mode, data_format=None, **kwargs):
        if isinstance(output_size, int):
            output_size = (output_size,) * pool_dimensions
        elif pool_dimensions == 1 and isinstance(output_size, (tuple, list)) and \
                len(output_size) != 1:
            # Keras's 1D layers raise a ValueError here (its 2D/3D ones a TypeError).
            raise ValueError(
                f"For 1D input, `output_size` tuple must have length 1. "
                f"Received: {output_size}"
            )
        elif not (isinstance(output_size, (tuple, list))
                  and len(output_size) == pool_dimensions):
            raise TypeError(
                f"`output_size` must be an integer or a tuple of {pool_dimensions} "
                f"integers. Received: {output_size} of type {type(output_size)}"
            )
        super().__init__(**kwargs)
        self.output_size = tuple(output_size)
        self.pool_mode = pool_mode
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def call(self, inputs):
        channels_last = self.data_format == "channels_last"
        x = inputs.movedim(-1, 1) if channels_last else inputs
        pool = _ADAPTIVE_FUNCTIONS[self.pool_mode][len(self.output_size)]
        size = self.output_size[0] if len(self.output_size) == 1 else self.output_size
        outputs = pool(x, size)
        return outputs.movedim(1, -1) if channels_last else outputs

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "output_size": self.output_size,
            "data_format": self.data_format,
        }
