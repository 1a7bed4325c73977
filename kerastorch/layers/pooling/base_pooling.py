"""`BasePooling`: the shared machinery of the max / average pooling layers."""

import math

import torch.nn.functional as F

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.utils.argument_validation import standardize_tuple

_POOL_FUNCTIONS = {
    "max": {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d},
    "average": {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d},
}


class BasePooling(Layer):
    """Base of `MaxPooling{1,2,3}D` and `AveragePooling{1,2,3}D`.

    The pooling runs on `F.max_pool*d` / `F.avg_pool*d`. A channels_last input
    is handed to them as a permuted view (torch's channels_last memory
    format), so no copy is made on either side.

    Args:
        pool_size: Int or tuple of `pool_dimensions` ints, the window size.
        strides: Int, tuple of ints, or `None` (then `pool_size`).
        pool_dimensions: Number of spatial dimensions (1, 2 or 3).
        pool_mode: `"max"` or `"average"`.
        padding: `"valid"` (no padding) or `"same"` (TensorFlow-style padding,
            the extra pixel going to the end, so that
            `output = ceil(input / strides)`).
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `keras.config.image_data_format()`.
        name: Layer name.
        **kwargs: Base layer arguments.

    Example:

    >>> layer = kerastorch.layers.MaxPooling2D(pool_size=2)
    >>> layer(torch.ones(1, 4, 4, 3)).shape
    torch.Size([1, 2, 2, 3])
    """

    def __init__(self, pool_size, strides, pool_dimensions, pool_mode="max", padding="valid",
                 data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if pool_mode not in _POOL_FUNCTIONS:
            raise ValueError(
                f"`pool_mode` must be either 'max' or 'average'. Received: {pool_mode}."
            )
        self.pool_size = standardize_tuple(pool_size, pool_dimensions, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = standardize_tuple(strides, pool_dimensions, "strides", allow_zero=True)
        self.pool_mode = pool_mode
        self.padding = padding
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def call(self, inputs):
        channels_last = self.data_format == "channels_last"
        x = inputs.movedim(-1, 1) if channels_last else inputs
        padding = 0
        if self.padding == "same":
            x, padding = _same_padding(x, self.pool_size, self.strides)
        pool = _POOL_FUNCTIONS[self.pool_mode][len(self.pool_size)]
        if self.pool_mode == "max":
            outputs = pool(x, self.pool_size, self.strides, padding)
        else:
            # Padded positions are not counted in the averages, as in Keras.
            outputs = pool(x, self.pool_size, self.strides, padding, count_include_pad=False)
        return outputs.movedim(1, -1) if channels_last else outputs

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_last":
            spatial = input_shape[1:-1]
        else:
            spatial = input_shape[2:]
        if self.padding not in ("valid", "same"):
            raise ValueError(
                "Argument `padding` must be either 'valid' or 'same'. Received: "
                f"padding={self.padding}"
            )
        output_spatial = []
        for size, pool, stride in zip(spatial, self.pool_size, self.strides):
            if size is None:
                output_spatial.append(None)
            elif self.padding == "same":
                output_spatial.append(math.floor((size - 1) / stride) + 1)
            else:
                output_size = math.floor((size - pool) / stride) + 1
                if output_size <= 0:
                    raise ValueError(
                        f"Layer '{self.name}': computed output size would be zero or "
                        f"negative. Received: `inputs.shape={tuple(input_shape)}`, "
                        f"`pool_size={self.pool_size}`, `strides={self.strides}`, "
                        f"`padding={self.padding}`."
                    )
                output_spatial.append(output_size)
        if self.data_format == "channels_last":
            return (input_shape[0], *output_spatial, input_shape[-1])
        return (input_shape[0], input_shape[1], *output_spatial)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }


def _same_padding(x, pool_size, strides):
    """Returns `(x, padding)` to give the pooling op for TensorFlow-style "same" padding.

    `x` is channels_first. Symmetric paddings go to the pooling op itself
    (-inf for max, uncounted for average). Uneven ones (the extra pixel at the
    end) pad `x` by repeating its edge values and pool without padding: the
    choice of Keras's torch backend, which averages the repeated edge values.
    """
    pads = []
    for size, pool, stride in zip(x.shape[2:], pool_size, strides):
        if stride == 1:
            total = pool - 1
        else:
            total = max(0, (-(-size // stride) - 1) * stride + pool - size)
        pads.append((total // 2, total - total // 2))
    if all(left == right for left, right in pads):
        return x, tuple(left for left, _ in pads)
    flat = tuple(p for pair in reversed(pads) for p in pair)
    return F.pad(x, flat, mode="replicate"), 0
