"""`UnitNormalization`: scales each sample to unit L2 norm over some axes."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer
from kerastorch.layers.normalization.base_normalization import check_axes_in_bounds

# Keras's `ops.normalize(..., epsilon=1e-12)`: the inverse norm is capped at 1e12.
_MAX_INVERSE_NORM = 1e12


@keras_export("keras.layers.UnitNormalization")
class UnitNormalization(Layer):
    """Unit normalization layer: `x / ||x||_2` over the axes in `axis`.

    Computed as Keras does, `x * min(rsqrt(sum(x ** 2)), 1e12)`, so a zero
    vector stays zero.

    Args:
        axis: Integer or list of integers, the axes to normalize over.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:

    >>> UnitNormalization()(torch.tensor([[3.0, 4.0]]))
    tensor([[0.6000, 0.8000]])
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(
                "Invalid value for `axis` argument: expected an int or a list/tuple "
                f"of ints. Received: axis={axis}"
            )
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        x = inputs if inputs.dim() else inputs.unsqueeze(0)
        square_sum = x.square().sum(dim=self.axis, keepdim=True)
        # In float16 the cap is the largest finite value (1e12 overflows).
        cap = min(_MAX_INVERSE_NORM, torch.finfo(x.dtype).max) if x.is_floating_point() \
            else _MAX_INVERSE_NORM
        return x * torch.rsqrt(square_sum).clamp(max=cap)

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
