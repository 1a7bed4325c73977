"""`GaussianNoise`: adds zero-centred Gaussian noise in training."""

from kerastorch.api_export import keras_export
from kerastorch.layers.regularization.noise import BaseNoise, check_unit_interval, random_like


@keras_export("keras.layers.GaussianNoise")
class GaussianNoise(BaseNoise):
    """Applies additive zero-centred Gaussian noise, in training only.

    A regularization (or data augmentation) layer: in training it returns
    `inputs + N(0, stddev ** 2)` noise; in inference it is the identity.

    Args:
        stddev: Float in [0, 1], the standard deviation of the noise.
        seed: Optional integer seed (seeded draws repeat from run to run; they
            differ from Keras's, whose random stream is another one).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> GaussianNoise(0.1)(torch.ones(2, 3), training=False)
    tensor([[1., 1., 1.],
            [1., 1., 1.]])
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        check_unit_interval(stddev, "stddev")
        self.stddev = stddev

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            noise = random_like(inputs, inputs.shape, "normal", self._generator)
            return inputs + noise * self.stddev
        return inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
