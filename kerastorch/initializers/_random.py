"""Random draws for initializers, on the CPU, in Keras's draw order.

An integer `seed` gives a fresh generator seeded with it (so every call
repeats); `None` uses torch's global generator. With an integer seed the draws
equal Keras's on its torch backend on the CPU, since Keras seeds a torch
generator with the same integer and makes the same calls.
"""

import torch

from kerastorch.backend.dtypes import standardize_dtype, to_torch_dtype
from kerastorch.backend.random import make_generator


def float_dtype(dtype) -> torch.dtype:
    """Returns the torch dtype for `dtype` (`None` = floatx), which must be a float."""
    torch_dtype = to_torch_dtype(dtype)
    if not torch_dtype.is_floating_point:
        raise ValueError(
            "Random initializers only support floating-point dtypes. "
            f"Received: dtype={standardize_dtype(dtype)}"
        )
    return torch_dtype


def normal(shape, mean: float, stddev: float, dtype, seed) -> torch.Tensor:
    """Draws from `N(mean, stddev**2)`."""
    return torch.normal(
        mean,
        stddev,
        size=tuple(shape),
        generator=make_generator(seed),
        dtype=float_dtype(dtype),
        device="cpu",
    )


def uniform(shape, minval: float, maxval: float, dtype, seed) -> torch.Tensor:
    """Draws from `U[minval, maxval)`."""
    unit = torch.rand(
        tuple(shape), generator=make_generator(seed), dtype=float_dtype(dtype), device="cpu"
    )
    return (maxval - minval) * unit + minval


def truncated_normal(shape, mean: float, stddev: float, dtype, seed) -> torch.Tensor:
    """Draws from `N(mean, stddev**2)` restricted to `mean ± 2 * stddev`."""
    standard = _standard_truncated_normal(
        tuple(shape), make_generator(seed), float_dtype(dtype)
    )
    return standard * stddev + mean


def _standard_truncated_normal(shape, generator, dtype) -> torch.Tensor:
    # Keras draws four standard normals per value and keeps the first inside
    # (-2, 2); same here, so seeded draws match. Keras keeps an out-of-range
    # value when all four miss (p ~ 4e-6); those are redrawn instead.
    candidates = torch.normal(
        0.0, 1.0, size=(*shape, 4), generator=generator, dtype=dtype, device="cpu"
    )
    inside = (candidates > -2) & (candidates < 2)
    first = inside.to(torch.uint8).argmax(dim=-1, keepdim=True)
    values = torch.gather(candidates, -1, first).squeeze(-1)
    missing = ~inside.any(dim=-1)
    if missing.any():
        values[missing] = _standard_truncated_normal(
            (int(missing.sum()),), generator, dtype
        )
    return values
