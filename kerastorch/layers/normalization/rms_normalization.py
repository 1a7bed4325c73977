"""`RMSNormalization`: divides by the root mean square, times a learned scale."""

import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer
from kerastorch.layers.normalization.base_normalization import (
    at_least_float32,
    check_axes_in_bounds,
    move_axes_last,
)


@keras_export("keras.layers.RMSNormalization")
class RMSNormalization(Layer):
    """Root Mean Square normalization layer (Zhang & Sennrich, 2019).

    Returns `x * rsqrt(mean(x ** 2) + epsilon) * scale`, the mean taken over
    `axis` and `scale` a learned weight spanning those axes. Computed by
    `F.rms_norm`, in at least float32, in the input's dtype.

    Args:
        axis: Integer or list of integers, the axes to normalize over (after
            `build`, a sorted list, as in Keras).
        epsilon: Small float added to the mean square.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:

    >>> layer = RMSNormalization()
    >>> layer(torch.tensor([[3.0, 4.0]])).detach()
    tensor([[0.8485, 1.1314]])
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon

    def build(self, input_shape):
        if isinstance(self.axis, (list, tuple)):
            self.axis = sorted(self.axis)
        else:
            self.axis = [self.axis]
        shape = tuple(input_shape[dim] for dim in self.axis)
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")
        self.built = True

    def call(self, x):
        moved, restore = move_axes_last(at_least_float32(x), self.axis)
        normalized_shape = moved.shape[moved.dim() - len(self.axis):]
        outputs = F.rms_norm(moved, normalized_shape, self.scale.to(moved.dtype), self.epsilon)
        return restore(outputs).to(x.dtype)

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
