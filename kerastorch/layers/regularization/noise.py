"""What the noise layers share: their seeded random draws and argument checks."""

import torch

from kerastorch.backend.random import make_generator
from kerastorch.layers.layer import Layer


def random_like(x: torch.Tensor, shape, distribution: str, generator=None) -> torch.Tensor:
    """Draws `shape` standard values (`"uniform"` in [0, 1) or `"normal"`) for `x`.

    Unseeded draws come from torch's global generator directly on `x`'s
    device. A seeded layer's generator (`backend.random.make_generator`, a
    CPU generator, as the `Dropout` layer uses) draws on the CPU and the
    values move to the device: the same seed gives the same values anywhere.

    Args:
        x: The tensor the draws are for (device and dtype).
        shape: Shape of the draws.
        distribution: `"uniform"` or `"normal"`.
        generator: `None` or a `torch.Generator`.

    Returns:
        A tensor of `shape`, on `x`'s device, in `x`'s dtype.
    """
    draw = torch.rand if distribution == "uniform" else torch.randn
    if generator is None:
        return draw(shape, device=x.device, dtype=x.dtype)
    return draw(shape, generator=generator, dtype=x.dtype).to(x.device)


def check_unit_interval(value, name: str) -> None:
    """Raises Keras's `ValueError` unless `0 <= value <= 1`."""
    if not 0 <= value <= 1:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a float value "
            f"between 0 and 1. Received: {name}={value}"
        )


class BaseNoise(Layer):
    """Base of the layers that add random noise in training and pass inputs through otherwise.

    Holds the `seed` and its generator (`backend.random.make_generator`: with
    an integer seed each layer's draws repeat from one run to the next, as
    with Keras's `SeedGenerator`; Keras's random stream itself is a
    different one, so the values differ from Keras's).

    Args:
        seed: Optional integer seed.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).
    """

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self._generator = make_generator(seed)
        self.supports_masking = True
        self.built = True

    def compute_output_shape(self, input_shape):
        return input_shape
