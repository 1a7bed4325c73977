"""Random seeding shared by initializers, dropout and shuffling.

Unseeded draws use torch's global generator, which `set_random_seed` seeds
together with Python's and NumPy's. A draw with an integer `seed` uses its own
generator, so it gives the same values every time, as in Keras.
"""

import random as python_random

import numpy as np
import torch


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
    python_random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def make_generator(seed) -> "torch.Generator | None":
    """Returns a CPU generator seeded with `seed`, or `None` for the global one.

    Args:
        seed: `None` or an integer.
    """
    if seed is None:
        return None
    generator = torch.Generator()
    generator.manual_seed(int(seed))
    return generator
