"""Random seeding shared by initializers, dropout, shuffling and `kerastorch.random`.

Unseeded draws of layers and initializers use torch's global generator,
which `set_random_seed` seeds together with Python's and NumPy's (and it
resets the global `SeedGenerator` of unseeded `kerastorch.random` draws, as
Keras does). A draw with an integer `seed` uses its own generator, so it
gives the same values every time, as in Keras.
"""

import random as python_random

import numpy as np
import torch

from kerastorch.backend import global_state


def set_random_seed(seed: int) -> None:
    """Seeds Python, NumPy and torch (CPU and CUDA) at once.

    Args:
        seed: An integer.

    Example:

    >>> kerastorch.utils.set_random_seed(1337)
    """
    if not isinstance(seed, int):
        raise ValueError(
            f"Expected `seed` argument to be an integer. Received: seed={seed} "
            f"(of type {type(seed)})"
        )
    # Unseeded `kerastorch.random` draws start over from a new global
    # SeedGenerator, whose seed comes from Python's generator seeded here.
    global_state.set_global_attribute("global_seed_generator", None)
    python_random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def make_generator(seed, device="cpu") -> "torch.Generator | None":
    """Returns a generator on `device` seeded with `seed`, or `None` for the global one.

    Args:
        seed: `None` or an integer.
        device: The device the generator draws on (CPU by default).

    Returns:
        A `torch.Generator`, or `None`.

    Example:

    >>> torch.rand(2, generator=make_generator(3)).equal(
    ...     torch.rand(2, generator=make_generator(3)))
    True
    """
    if seed is None:
        return None
    generator = torch.Generator(device=device)
    generator.manual_seed(int(seed))
    return generator
