"""Random initializers with fixed parameters: normal, truncated normal, uniform."""

from typing import Optional

import torch

from kerastorch.api_export import keras_export
from kerastorch.initializers import _random
from kerastorch.initializers.initializer import Initializer


class RandomInitializer(Initializer):
    """Base class of the random initializers: holds and validates the `seed`.

    Args:
        seed: `None` (draw from torch's global generator, seeded by
            `set_random_seed`) or an integer (every call draws the same
            values, equal to Keras's for the same seed).
    """

    def __init__(self, seed: Optional[int] = None):
        if seed is not None and not isinstance(seed, int):
            raise ValueError(
                "`seed` argument should be an instance of "
                "`keras.random.SeedGenerator()` or an integer. "
                f"Received: seed={seed}"
            )
        self.seed = seed

    def get_config(self) -> dict:
        return {"seed": self.seed}


@keras_export("keras.initializers.RandomNormal", "keras.initializers.random_normal")
class RandomNormal(RandomInitializer):
    """Random normal initializer: draws from `N(mean, stddev**2)`.

    Args:
        mean: Mean of the values.
        stddev: Standard deviation of the values.
        seed: `None` or an integer; an integer seed makes every call return
            the same values.

    Example:

    >>> RandomNormal(mean=0.0, stddev=1.0, seed=1)(shape=(2, 2)).shape
    torch.Size([2, 2])
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Optional[int] = None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        return _random.normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


@keras_export(
    "keras.initializers.TruncatedNormal", "keras.initializers.truncated_normal"
)
class TruncatedNormal(RandomInitializer):
    """Truncated normal initializer: `N(mean, stddev**2)` within two stddevs.

    Values more than two standard deviations from the mean are discarded and
    redrawn.

    Args:
        mean: Mean of the values.
        stddev: Standard deviation of the normal before truncation.
        seed: `None` or an integer; an integer seed makes every call return
            the same values.

    Example:

    >>> values = TruncatedNormal(stddev=1.0, seed=1)(shape=(100, 100))
    >>> bool(values.abs().max() < 2.0)
    True
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Optional[int] = None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        return _random.truncated_normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


@keras_export("keras.initializers.RandomUniform", "keras.initializers.random_uniform")
class RandomUniform(RandomInitializer):
    """Random uniform initializer: draws from `U[minval, maxval)`.

    Args:
        minval: Lower bound of the range (inclusive).
        maxval: Upper bound of the range (exclusive).
        seed: `None` or an integer; an integer seed makes every call return
            the same values.

    Example:

    >>> values = RandomUniform(minval=0.0, maxval=1.0, seed=1)(shape=(2, 2))
    >>> bool(((values >= 0) & (values < 1)).all())
    True
    """

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: Optional[int] = None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        return _random.uniform(shape, self.minval, self.maxval, dtype, self.seed)

    def get_config(self) -> dict:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}
