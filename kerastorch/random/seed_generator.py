"""`SeedGenerator`: the state that makes successive random draws differ, reproducibly.

Keras's random functions are stateless: the same integer `seed` gives the
same values. A `SeedGenerator` holds a `[seed, counter]` state that each draw
advances, so successive draws differ but the whole sequence repeats. Every
draw seeds a fresh `torch.Generator` with `(seed + counter) mod 2**32`, as
Keras's torch backend does, so on the same device the numbers are Keras's.

The state lives on the CPU, whatever the compute device: torch generators
take their seed as a host integer, and reading it there never waits for the
GPU.
"""

import random as python_random

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import global_state, naming
from kerastorch.backend.random import make_generator
from kerastorch.backend.variable import Variable

_ORDERED_STEP = torch.tensor([0, 1], dtype=torch.int32)


@keras_export("keras.random.SeedGenerator")
class SeedGenerator:
    """Generates a new seed for each call of a random function.

    Pass it as the `seed` of the `kerastorch.random` functions: each call
    gets different values, and a generator made with the same integer
    `seed` replays the same sequence.

    Args:
        seed: Initial seed (an integer); `None` picks one at random from
            Python's generator (seeded by `kerastorch.utils.set_random_seed`).
        name: Name; defaults to `seed_generator`, `seed_generator_1`, ...

    Example:

    >>> seed_gen = kerastorch.random.SeedGenerator(seed=42)
    >>> first = kerastorch.random.normal((2, 3), seed=seed_gen)
    >>> second = kerastorch.random.normal((2, 3), seed=seed_gen)  # different values
    """

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        self.name = name or naming.auto_name(type(self).__name__)
        self._initial_seed = seed
        if seed is None:
            seed = make_default_seed()
        if not isinstance(seed, int):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed}")
        from kerastorch.layers import call_context

        with call_context.name_scope(self):
            self.state = Variable(
                [_as_int32(seed), 0], dtype="int32", trainable=False, aggregation="none",
                name="seed_generator_state",
            )
        self.state.data = self.state.data.cpu()

    def next(self, ordered: bool = True) -> torch.Tensor:
        """Returns the current `[seed, counter]` state and advances it.

        Args:
            ordered: `True` adds 1 to the counter; `False` scrambles both
                numbers (Keras's global generator, for unseeded draws).

        Returns:
            An int32 tensor of shape `(2,)`, on the CPU.
        """
        value = self.state.detach().clone()
        with torch.no_grad():
            if ordered:
                self.state.add_(_ORDERED_STEP)
            else:
                self.state.add_(1).mul_(5387).remainder_(933199)
        return value

    def get_config(self) -> dict:
        """Returns `{"seed": ..., "name": ...}` (the seed as given, `None` included)."""
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config) -> "SeedGenerator":
        """Rebuilds a generator from `get_config()`."""
        return cls(**config)


def make_default_seed() -> int:
    """A random initial seed from Python's generator, as Keras draws it."""
    return python_random.randint(1, int(1e9))


def global_seed_generator() -> SeedGenerator:
    """The generator of unseeded draws, created on first use (and after `set_random_seed`)."""
    generator = global_state.get_global_attribute("global_seed_generator")
    if generator is None:
        generator = SeedGenerator()
        global_state.set_global_attribute("global_seed_generator", generator)
    return generator


def draw_seed(seed) -> int:
    """The integer a draw seeds its torch generator with, as Keras's torch backend.

    Args:
        seed: An integer (used as is, modulo 2**32), a `SeedGenerator`
            (advanced by one), or `None` (the global generator).

    Returns:
        An integer in `[0, 2**32)`.
    """
    if isinstance(seed, SeedGenerator):
        first, second = seed.next().tolist()
    elif isinstance(seed, int):
        return seed & 0xFFFFFFFF
    elif seed is None:
        first, second = global_seed_generator().next(ordered=False).tolist()
    else:
        raise ValueError(
            "Argument `seed` must be either an integer or an instance of `SeedGenerator`. "
            f"Received: seed={seed} (of type {type(seed)})"
        )
    return (first + second) & 0xFFFFFFFF


def torch_generator(seed, device) -> torch.Generator:
    """A `torch.Generator` on `device` seeded by `draw_seed(seed)`."""
    return make_generator(draw_seed(seed), device)


def _as_int32(value: int) -> int:
    """`value` read as a 32-bit two's complement integer (the state's dtype)."""
    return ((value & 0xFFFFFFFF) ^ 0x80000000) - 0x80000000
