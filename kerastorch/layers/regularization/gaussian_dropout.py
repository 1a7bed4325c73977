"""`GaussianDropout`: multiplies by one-centred Gaussian noise in training."""

import math

from kerastorch.api_export import keras_export
from kerastorch.layers.regularization.noise import BaseNoise, check_unit_interval, random_like


@keras_export("keras.layers.GaussianDropout")
class GaussianDropout(BaseNoise):
    """Applies multiplicative one-centred Gaussian noise, in training only.

    In training it returns `inputs * N(1, rate / (1 - rate))` noise (the
    variance of `Dropout(rate)`'s multiplier); in inference it is the identity.

    Args:
        rate: Float in [0, 1], the drop probability of the equivalent `Dropout`.
        seed: Optional integer seed (seeded draws repeat from run to run; they
            differ from Keras's, whose random stream is another one).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> GaussianDropout(0.5)(torch.ones(2, 3), training=False)
    tensor([[1., 1., 1.],
            [1., 1., 1.]])
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        check_unit_interval(rate, "rate")
        self.rate = rate

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = random_like(inputs, inputs.shape, "normal", self._generator)
            return inputs * (noise * stddev + 1.0)
        return inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
