"""`AlphaDropout`: dropout that keeps SELU's self-normalizing mean and variance."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.regularization.noise import BaseNoise, check_unit_interval, random_like

# SELU's constants: dropped units take its negative saturation value.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@keras_export("keras.layers.AlphaDropout")
class AlphaDropout(BaseNoise):
    """Applies Alpha Dropout to the input, in training only.

    Dropped units are set to SELU's negative saturation value
    `-alpha * scale`, then an affine map `a * x + b` restores the inputs'
    mean and variance, so a SELU network stays self-normalizing. In inference
    it is the identity.

    Args:
        rate: Float in [0, 1], the fraction of units to drop.
        noise_shape: Optional shape of the drop mask, broadcast over the input
            (`None` entries take the input's size).
        seed: Optional integer seed (seeded draws repeat from run to run; they
            differ from Keras's, whose random stream is another one).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> AlphaDropout(0.2)(torch.ones(2, 3), training=False)
    tensor([[1., 1., 1.],
            [1., 1., 1.]])
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        check_unit_interval(rate, "rate")
        self.rate = rate
        self.noise_shape = noise_shape

    def call(self, inputs, training=False):
        if not (training and self.rate > 0):
            return inputs
        shape = tuple(
            dim if want is None else want
            for dim, want in zip(inputs.shape, self.noise_shape or inputs.shape)
        )
        kept = random_like(inputs, shape, "uniform", self._generator) >= self.rate
        saturated = -_SELU_ALPHA * _SELU_SCALE
        a = ((1 - self.rate) * (1 + self.rate * saturated**2)) ** -0.5
        b = -a * saturated * self.rate
        return a * torch.where(kept, inputs, saturated) + b

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "rate": self.rate,
            "seed": self.seed,
            "noise_shape": self.noise_shape,
        }
