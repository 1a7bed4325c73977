"""`LeakyReLU`: `x` for positive inputs, `negative_slope * x` otherwise."""

import warnings

import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.LeakyReLU")
class LeakyReLU(Layer):
    """Leaky version of a Rectified Linear Unit activation layer.

    `f(x) = negative_slope * x` for `x < 0`, `f(x) = x` otherwise.

    Args:
        negative_slope: Float >= 0, the slope for negative inputs. Keras 2's
            `alpha=` is accepted (with Keras's deprecation warning).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> LeakyReLU(negative_slope=0.5)(torch.tensor([-10.0, 0.0, 10.0]))
    tensor([-5.,  0., 10.])
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.",
                          stacklevel=2)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError(
                "The negative_slope value of a Leaky ReLU layer cannot be None or "
                f"negative value. Expected a float. Received: negative_slope={negative_slope}"
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return F.leaky_relu(inputs, self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "negative_slope": self.negative_slope}
