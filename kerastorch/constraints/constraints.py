"""Weight constraints, as `keras.constraints`: `MaxNorm`, `MinMaxNorm`, `NonNeg`, `UnitNorm`.

A constraint is a callable `weight -> projected weight`; the optimizer writes
its result back into the weight after each update.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import convert_to_tensor, epsilon


def _as_tensor(w) -> torch.Tensor:
    return w if isinstance(w, torch.Tensor) else convert_to_tensor(w)


def _dims(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _norms(w: torch.Tensor, axis) -> torch.Tensor:
    return torch.sqrt(torch.sum(torch.square(w), dim=_dims(axis), keepdim=True))


@keras_export("keras.constraints.Constraint")
class Constraint:
    """Base class for weight constraints: a callable that projects a weight.

    Subclasses override `__call__(w)`; the base class returns `w` unchanged.

    Example:

    >>> class NonNegative(Constraint):
    ...     def __call__(self, w):
    ...         return w * (w >= 0).to(w.dtype)
    >>> NonNegative()(torch.tensor([-1.0, 1.0]))
    tensor([-0., 1.])
    """

    def __call__(self, w) -> torch.Tensor:
        """Returns the projected weight (the base class: `w` itself)."""
        return w

    def get_config(self) -> dict:
        """Returns the constructor arguments."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> "Constraint":
        """Rebuilds a constraint from the output of `get_config`."""
        return cls(**config)


@keras_export("keras.constraints.MaxNorm", "keras.constraints.max_norm")
class MaxNorm(Constraint):
    """Scales the weights incident to each unit down to a norm of at most `max_value`.

    Args:
        max_value: The maximum norm of the incoming weights.
        axis: Axis (or list of axes) along which norms are computed: `0` for
            a `Dense` kernel `(input_dim, units)`, `[0, 1, 2]` for a `Conv2D`
            kernel `(rows, cols, in, out)`.

    Example:

    >>> MaxNorm(1.0)(torch.tensor([[3.0], [4.0]]))
    tensor([[0.6000],
            [0.8000]])
    """

    def __init__(self, max_value: float = 2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w) -> torch.Tensor:
        w = _as_tensor(w)
        norms = _norms(w, self.axis)
        desired = torch.clip(norms, 0, self.max_value)
        return w.to(norms.dtype) * (desired / (epsilon() + norms))

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


@keras_export("keras.constraints.NonNeg", "keras.constraints.non_neg")
class NonNeg(Constraint):
    """Constrains the weights to be non-negative.

    Example:

    >>> NonNeg()(torch.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """

    def __call__(self, w) -> torch.Tensor:
        w = _as_tensor(w)
        return torch.clamp(w, min=0)


@keras_export("keras.constraints.UnitNorm", "keras.constraints.unit_norm")
class UnitNorm(Constraint):
    """Scales the weights incident to each unit to unit norm.

    Args:
        axis: Axis (or list of axes) along which norms are computed (see
            `MaxNorm`).

    Example:

    >>> UnitNorm()(torch.tensor([[3.0], [4.0]]))
    tensor([[0.6000],
            [0.8000]])
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w) -> torch.Tensor:
        w = _as_tensor(w)
        norms = _norms(w, self.axis)
        return w.to(norms.dtype) / (epsilon() + norms)

    def get_config(self) -> dict:
        return {"axis": self.axis}


@keras_export("keras.constraints.MinMaxNorm", "keras.constraints.min_max_norm")
class MinMaxNorm(Constraint):
    """Scales the weights incident to each unit to a norm between two bounds.

    The new norm is `rate * clip(norm, min_value, max_value) + (1 - rate) * norm`:
    `rate=1.0` enforces the bounds strictly, a smaller rate moves towards them.

    Args:
        min_value: The minimum norm of the incoming weights.
        max_value: The maximum norm of the incoming weights.
        rate: Rate of enforcement, in `[0, 1]`.
        axis: Axis (or list of axes) along which norms are computed (see
            `MaxNorm`).

    Example:

    >>> MinMaxNorm(min_value=1.0, max_value=2.0)(torch.tensor([[0.3], [0.4]]))
    tensor([[0.6000],
            [0.8000]])
    """

    def __init__(self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0,
                 axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w) -> torch.Tensor:
        w = _as_tensor(w)
        norms = _norms(w, self.axis)
        desired = (self.rate * torch.clip(norms, self.min_value, self.max_value)
                   + (1 - self.rate) * norms)
        return w.to(norms.dtype) * (desired / (epsilon() + norms))

    def get_config(self) -> dict:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }
