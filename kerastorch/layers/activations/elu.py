"""`ELU`: the exponential linear unit."""

import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.ELU")
class ELU(Layer):
    """Exponential Linear Unit activation layer.

    `f(x) = alpha * (exp(x) - 1)` for `x < 0`, `f(x) = x` otherwise.

    Args:
        alpha: Float, the scale of the negative section.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> ELU()(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.6321,  0.0000,  1.0000])
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return F.elu(inputs, self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha}
