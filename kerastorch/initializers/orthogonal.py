"""`Orthogonal`: a random orthogonal matrix, from the QR of a normal draw."""

import math
from typing import Optional

import torch

from kerastorch.api_export import keras_export
from kerastorch.initializers import _random
from kerastorch.initializers.random_initializers import RandomInitializer


@keras_export(
    "keras.initializers.Orthogonal",
    "keras.initializers.orthogonal",
    "keras.initializers.OrthogonalInitializer",
)
class Orthogonal(RandomInitializer):
    """Initializer that generates an orthogonal matrix.

    A 2D shape gets the `Q` factor of the QR decomposition of a standard normal
    matrix (orthogonal rows if there are fewer rows than columns, orthogonal
    columns otherwise), times `gain`. A shape of higher rank is filled as the
    matrix `(shape[0] * ... * shape[-2], shape[-1])`, then reshaped.

    Args:
        gain: Multiplicative factor applied to the orthogonal matrix.
        seed: `None` or an integer; an integer seed makes every call return
            the same values.

    Reference:
        [Saxe et al., 2014](https://openreview.net/forum?id=_wzZwKpTDF_9C)

    Example:

    >>> q = Orthogonal(seed=1)(shape=(4, 3))
    >>> torch.allclose(q.T @ q, torch.eye(3), atol=1e-6)
    True
    """

    def __init__(self, gain: float = 1.0, seed: Optional[int] = None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        shape = tuple(shape)
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        num_rows, num_cols = math.prod(shape[:-1]), shape[-1]
        torch_dtype = _random.float_dtype(dtype)
        # QR has no half-precision kernels: factorize in float32, round once.
        work_dtype = torch.float64 if torch_dtype == torch.float64 else torch.float32
        flat_shape = (max(num_rows, num_cols), min(num_rows, num_cols))
        matrix = _random.normal(flat_shape, 0.0, 1.0, work_dtype, self.seed)
        q, r = torch.linalg.qr(matrix)
        # Sign fix so that Q is uniformly distributed over orthogonal matrices.
        q = q * torch.sign(torch.diagonal(r))
        if num_rows < num_cols:
            q = q.T
        return (self.gain * q.reshape(shape)).to(torch_dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}
