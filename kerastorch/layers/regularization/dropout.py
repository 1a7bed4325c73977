"""`Dropout`: zeroes a random fraction of inputs during training."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.random import make_generator
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.Dropout")
class Dropout(Layer):
    """Randomly sets inputs to 0 with frequency `rate` during training.

    Kept inputs are scaled by `1 / (1 - rate)` so the expected sum is
    unchanged. At inference the layer is the identity.

    Args:
        rate: Float in [0, 1): the fraction of inputs to drop.
        noise_shape: Optional shape of the binary mask, broadcast over the
            input (use `None` for a dimension to take it from the input).
        seed: Optional integer seed.
        **kwargs: Base layer arguments (`name`, ...).

    Example:

    >>> Dropout(0.5)(torch.ones(2, 4), training=False)
    tensor([[1., 1., 1., 1.],
            [1., 1., 1., 1.]])
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(
                f"Invalid value received for argument `rate`. Expected a float value "
                f"between 0 and 1. Received: rate={rate}"
            )
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self._generator = make_generator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.noise_shape is None and self._generator is None:
            return F.dropout(inputs, p=self.rate, training=True)
        shape = tuple(
            dim if want is None else want
            for dim, want in zip(inputs.shape, self.noise_shape or inputs.shape)
        )
        keep = torch.rand(shape, generator=self._generator).to(inputs.device) >= self.rate
        return torch.where(keep, inputs / (1 - self.rate), torch.zeros_like(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "rate": self.rate,
            "seed": self.seed,
            "noise_shape": self.noise_shape,
        }
